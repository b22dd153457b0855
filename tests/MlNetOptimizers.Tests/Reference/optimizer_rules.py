# The hand computation behind OptimizerRuleTests: each update rule written out in plain Python (double precision),
# term by term as the XML docs give it (PyTorch torch.optim semantics). Run `python3 optimizer_rules.py` to re-derive
# the expected parameter values after steps 1, 2 and 3 from theta0 with the fixed gradients G.
import math
theta0=[1.0,-2.0,0.5]
G=[[0.1,-0.2,0.3],[0.4,0.1,-0.5],[-0.3,0.2,0.1]]
def run(step):
    th=list(theta0); st={}; out=[]
    for t,g in enumerate(G,1):
        th=step(th,g,t,st); out.append(list(th))
    return out
def sgd(lr,wd=0):
    def f(th,g,t,st):
        g=[gi+wd*p for gi,p in zip(g,th)]
        return [p-lr*gi for p,gi in zip(th,g)]
    return f
def mom(lr,mu,nest=False,wd=0,damp=0):
    def f(th,g,t,st):
        g=[gi+wd*p for gi,p in zip(g,th)]
        if t==1: b=list(g)
        else: b=[mu*bi+(1-damp)*gi for bi,gi in zip(st['b'],g)]
        st['b']=b
        d=[gi+mu*bi for gi,bi in zip(g,b)] if nest else b
        return [p-lr*di for p,di in zip(th,d)]
    return f
def adagrad(lr,eps=1e-10,init=0,wd=0,lrd=0):
    def f(th,g,t,st):
        g=[gi+wd*p for gi,p in zip(g,th)]
        s=st.get('s',[init]*3); s=[si+gi*gi for si,gi in zip(s,g)]; st['s']=s
        clr=lr/(1+(t-1)*lrd)
        return [p-clr*gi/(math.sqrt(si)+eps) for p,gi,si in zip(th,g,s)]
    return f
def rms(lr,a=0.99,eps=1e-8,mu=0,centered=False,wd=0):
    def f(th,g,t,st):
        g=[gi+wd*p for gi,p in zip(g,th)]
        v=st.get('v',[0]*3); v=[a*vi+(1-a)*gi*gi for vi,gi in zip(v,g)]; st['v']=v
        if centered:
            c=st.get('c',[0]*3); c=[a*ci+(1-a)*gi for ci,gi in zip(c,g)]; st['c']=c
            d=[math.sqrt(vi-ci*ci)+eps for vi,ci in zip(v,c)]
        else: d=[math.sqrt(vi)+eps for vi in v]
        if mu>0:
            b=st.get('b',[0]*3); b=[mu*bi+gi/di for bi,gi,di in zip(b,g,d)]; st['b']=b
            return [p-lr*bi for p,bi in zip(th,b)]
        return [p-lr*gi/di for p,gi,di in zip(th,g,d)]
    return f
def adam(lr=1e-3,b1=0.9,b2=0.999,eps=1e-8,bc=True,ams=False,wd=0,decoupled=False):
    def f(th,g,t,st):
        if decoupled: th=[p*(1-lr*wd) for p in th]
        else: g=[gi+wd*p for gi,p in zip(g,th)]
        m=st.get('m',[0]*3); v=st.get('v',[0]*3)
        m=[b1*mi+(1-b1)*gi for mi,gi in zip(m,g)]; v=[b2*vi+(1-b2)*gi*gi for vi,gi in zip(v,g)]
        st['m']=m; st['v']=v
        if ams:
            vm=st.get('vm',[0]*3); vm=[max(a,b) for a,b in zip(vm,v)]; st['vm']=vm; vv=vm
        else: vv=v
        bc1=1-b1**t if bc else 1; bc2=1-b2**t if bc else 1
        return [p-(lr/bc1)*mi/(math.sqrt(vi)/math.sqrt(bc2)+eps) for p,mi,vi in zip(th,m,vv)]
    return f
cases={
 'Sgd_lr0.1':sgd(0.1),
 'Sgd_lr0.1_wd0.01':sgd(0.1,0.01),
 'Momentum_lr0.1_mu0.9':mom(0.1,0.9),
 'Momentum_lr0.1_mu0.9_nesterov':mom(0.1,0.9,True),
 'Momentum_lr0.1_mu0.9_wd0.1_damp0.5':mom(0.1,0.9,False,0.1,0.5),
 'AdaGrad_lr0.1':adagrad(0.1),
 'AdaGrad_lr0.1_init0.1_wd0.1_lrd0.5':adagrad(0.1,1e-10,0.1,0.1,0.5),
 'RmsProp_lr0.01':rms(0.01),
 'RmsProp_lr0.01_mu0.9_centered':rms(0.01,0.99,1e-8,0.9,True),
 'RmsProp_lr0.01_a0.9_wd0.1':rms(0.01,0.9,1e-8,0,False,0.1),
 'Adam_lr0.1':adam(0.1),
 'Adam_lr0.1_nobc':adam(0.1,bc=False),
 'Adam_lr0.1_amsgrad':adam(0.1,ams=True),
 'Adam_lr0.1_wd0.1':adam(0.1,wd=0.1),
 'AdamW_lr0.1_wd0.1':adam(0.1,wd=0.1,decoupled=True),
}
for k,f in cases.items():
    r=run(f)
    print(k, ' | '.join(', '.join('%.9g'%x for x in s) for s in r))
print('Adam_lr0.1_b2_0.5_amsgrad', ' | '.join(', '.join('%.9g'%x for x in s) for s in run(adam(0.1,b2=0.5,ams=True))))
print('Adam_lr0.1_b2_0.5', ' | '.join(', '.join('%.9g'%x for x in s) for s in run(adam(0.1,b2=0.5))))
