using MlNetOptimizers;

namespace MlNetOptimizers.Tests.Optimizers;

/// <summary>
/// The first three steps of every optimizer from θ0 = (1, −2, 0.5) with fixed gradients, against values computed
/// from the published rule (Reference/optimizer_rules.py writes the arithmetic out; step-1 sums are shown inline).
/// </summary>
public class OptimizerRuleTests
{
    private static readonly float[] Theta0 = [1f, -2f, 0.5f];

    private static readonly float[][] Gradients =
    [
        [0.1f, -0.2f, 0.3f],
        [0.4f, 0.1f, -0.5f],
        [-0.3f, 0.2f, 0.1f],
    ];

    public static TheoryData<string> Cases => new(Expected.Keys);

    // Step 1 by hand for a few cases:
    //  Sgd lr .1:           1 − .1·.1 = .99
    //  Nesterov lr .1 mu .9: b = g = .1; d = g + .9·b = .19; 1 − .1·.19 = .981
    //  AdaGrad lr .1:       s = .01; 1 − .1·.1/(√.01) = .9
    //  RmsProp lr .01:      v = .01·.01 = 1e-4; 1 − .01·.1/(.01 + 1e-8) = .9000001
    //  Adam lr .1:          m = .01, v = 1e-5, bc1 = .1, bc2 = .001; 1 − (.1/.1)·.01/(√1e-5/√.001 + 1e-8) = .90000001
    //  Adam no correction:  1 − .1·.01/(√1e-5 + 1e-8) = .683773
    //  AdamW lr .1 wd .1:   θ = 1·(1 − .01) = .99, then the Adam step −.1 → .89
    private static readonly Dictionary<string, (Func<IOptimizer> Create, float[][] Steps)> Expected = new()
    {
        ["Sgd lr=.1"] = (() => new Sgd(0.1f),
            [[0.99f, -1.98f, 0.47f], [0.95f, -1.99f, 0.52f], [0.98f, -2.01f, 0.51f]]),
        ["Sgd lr=.1 wd=.01"] = (() => new Sgd(0.1f, weightDecay: 0.01f),
            [[0.989f, -1.978f, 0.4695f], [0.948011f, -1.986022f, 0.5190305f], [0.977062989f, -2.00403598f, 0.50851147f]]),
        ["Momentum lr=.1 mu=.9"] = (() => new Momentum(0.1f, 0.9f),
            [[0.99f, -1.98f, 0.47f], [0.941f, -1.972f, 0.493f], [0.9269f, -1.9848f, 0.5037f]]),
        ["Nesterov lr=.1 mu=.9"] = (() => new Momentum(0.1f, 0.9f, nesterov: true),
            [[0.981f, -1.962f, 0.443f], [0.8969f, -1.9648f, 0.5137f], [0.91421f, -1.99632f, 0.51333f]]),
        ["Momentum lr=.1 mu=.9 wd=.1 dampening=.5"] = (() => new Momentum(0.1f, 0.9f, weightDecay: 0.1f, dampening: 0.5f),
            [[0.98f, -1.96f, 0.465f], [0.9371f, -1.9192f, 0.456175f], [0.9088045f, -1.882884f, 0.440951625f]]),
        ["AdaGrad lr=.1"] = (() => new AdaGrad(0.1f),
            [[0.9f, -1.9f, 0.4f], [0.80298575f, -1.94472136f, 0.485749293f], [0.861820591f, -2.01138803f, 0.468846207f]]),
        ["AdaGrad lr=.1 init=.1 wd=.1 lrDecay=.5"] = (() => new AdaGrad(0.1f, initialAccumulator: 0.1f, weightDecay: 0.1f, learningRateDecay: 0.5f),
            [[0.946547752f, -1.92155355f, 0.425800148f], [0.893378658f, -1.90969686f, 0.472210647f], [0.909459046f, -1.91056811f, 0.461278743f]]),
        ["RmsProp lr=.01"] = (() => new RmsProp(0.01f),
            [[0.9000001f, -1.90000005f, 0.400000033f], [0.802957327f, -1.94490136f, 0.485863029f], [0.861996765f, -2.01190235f, 0.468855368f]]),
        ["RmsProp lr=.01 mu=.9 centered"] = (() => new RmsProp(0.01f, momentum: 0.9f, centered: true),
            [[0.899496319f, -1.89949627f, 0.399496252f], [0.711281205f, -1.85398775f, 0.394958094f], [0.600970119f, -1.88007099f, 0.373863583f]]),
        ["RmsProp lr=.01 decay=.9 wd=.1"] = (() => new RmsProp(0.01f, decay: 0.9f, weightDecay: 0.1f),
            [[0.968377228f, -1.96837723f, 0.468377226f], [0.938835344f, -1.960558f, 0.4938855f], [0.950794489f, -1.96089369f, 0.485350578f]]),
        ["Adam lr=.1"] = (() => new Adam(0.1f),
            [[0.90000001f, -1.9f, 0.400000003f], [0.811562364f, -1.8733663f, 0.429356123f], [0.793891534f, -1.90063598f, 0.440917f]]),
        ["Adam lr=.1 no bias correction"] = (() => new Adam(0.1f, biasCorrection: false),
            [[0.683773234f, -1.68377273f, 0.183772567f], [0.307949624f, -1.57059053f, 0.308524025f], [0.220474907f, -1.70558171f, 0.365753059f]]),
        ["Adam lr=.1 beta2=.5"] = (() => new Adam(0.1f, beta2: 0.5f),
            [[0.90000001f, -1.9f, 0.400000003f], [0.822241823f, -1.87022709f, 0.427296622f], [0.805669848f, -1.8968698f, 0.440457753f]]),
        ["AMSGrad lr=.1 beta2=.5"] = (() => new Adam(0.1f, beta2: 0.5f, amsGrad: true),
            [[0.90000001f, -1.9f, 0.400000003f], [0.822241823f, -1.8742159f, 0.427296622f], [0.805669848f, -1.90085861f, 0.436913242f]]),
        ["Adam lr=.1 wd=.1 (coupled)"] = (() => new Adam(0.1f, weightDecay: 0.1f),
            [[0.900000005f, -1.9f, 0.400000003f], [0.805788911f, -1.81828755f, 0.418670771f], [0.762999018f, -1.75801687f, 0.41744992f]]),
        ["AdamW lr=.1 wd=.1 (decoupled)"] = (() => new AdamW(0.1f, weightDecay: 0.1f),
            [[0.89000001f, -1.88f, 0.395000003f], [0.792662364f, -1.8345663f, 0.420406123f], [0.76706491f, -1.84349032f, 0.427762939f]]),
    };

    // Tolerance 1e-5: float hyper-parameters (0.999f ≠ 0.999) and float arithmetic; a wrong rule is off by 1e-3 or more.
    [Theory]
    [MemberData(nameof(Cases))]
    public void First_three_steps_match_the_rule(string name)
    {
        var (create, steps) = Expected[name];
        var optimizer = create();
        var theta = (float[])Theta0.Clone();
        var state = optimizer.CreateState(theta.Length);

        for (int t = 0; t < steps.Length; t++)
        {
            optimizer.Step(theta, Gradients[t], state);
            state.StepCount.Should().Be(t + 1);
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i].Should().BeApproximately(steps[t][i], 1e-5f, $"{name}: step {t + 1}, coordinate {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_does_not_modify_the_gradient(string name)
    {
        var optimizer = Expected[name].Create();
        var theta = (float[])Theta0.Clone();
        var gradient = (float[])Gradients[0].Clone();
        optimizer.Step(theta, gradient, optimizer.CreateState(3));
        gradient.Should().Equal(Gradients[0]);
    }

    [Fact]
    public void AmsGrad_differs_from_Adam_only_once_the_second_moment_falls()
    {
        // Coordinate 1 sees g² = .04, .01, .04: v falls at step 2, so AMSGrad keeps the larger v and steps less.
        var adam = Expected["Adam lr=.1 beta2=.5"].Steps;
        var ams = Expected["AMSGrad lr=.1 beta2=.5"].Steps;
        ams[0].Should().Equal(adam[0]);
        Math.Abs(ams[1][1] - -1.9f).Should().BeLessThan(Math.Abs(adam[1][1] - -1.9f));
    }
}
