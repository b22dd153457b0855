using System.Numerics.Tensors;
using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// An optimizer made of gradient transforms applied in order (optax's <c>chain</c>), followed by
/// <c>θ ← θ + u</c>. End it with <see cref="ScaleByLearningRate"/>: that stage is then the one owner of the learning rate.
/// </summary>
/// <remarks>
/// <code>
/// var optimizer = new GradientTransformChain(
///     new ClipByGlobalNorm(1f), new ScaleByAdam(), new AddDecayedWeights(0.01f, ParameterMask.WeightsOnly),
///     new ScaleByLearningRate(1e-3f));   // AdamW that clips and leaves the biases undecayed
/// </code>
/// The named optimizers (<see cref="Sgd"/>, <see cref="Momentum"/>, <see cref="AdaGrad"/>, <see cref="RmsProp"/>,
/// <see cref="Adam"/>, <see cref="AdamW"/>) are such chains. A stage followed only by the learning rate is fused with
/// the parameter update where it can be (Adam, momentum), so that the step is one pass over memory.
/// </remarks>
public class GradientTransformChain : IPartitionableOptimizer
{
    private readonly IGradientTransform[] _stages;
    private readonly ScaleByLearningRate? _learningRate; // the last stage, when it is the learning rate
    private readonly int _fusedStage;                     // the stage fused with the update, or -1
    private readonly AddDecayedWeights? _fusedDecay;      // the first stage, when the fused stage also takes it in its pass

    /// <summary>Creates the chain.</summary>
    /// <exception cref="ArgumentException">No stages, or a null stage.</exception>
    public GradientTransformChain(params IGradientTransform[] stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Length == 0)
        {
            throw new ArgumentException("A gradient transform chain needs at least one stage.", nameof(stages));
        }
        for (int i = 0; i < stages.Length; i++)
        {
            if (stages[i] is null)
            {
                throw new ArgumentException($"Stage {i} is null.", nameof(stages));
            }
        }
        _stages = stages.ToArray();
        _learningRate = _stages[^1] as ScaleByLearningRate;
        _fusedStage = _learningRate is not null && _stages.Length >= 2 && _stages[^2] is IFusedWithStep ? _stages.Length - 2 : -1;
        _fusedDecay = _fusedStage == 1 && _stages[1] is IFusedWithDecayAndStep ? _stages[0] as AddDecayedWeights : null;
    }

    /// <summary>The stages, in the order they run.</summary>
    public IReadOnlyList<IGradientTransform> Stages => _stages;

    /// <summary>The rate of the closing <see cref="ScaleByLearningRate"/> stage, or null without one.</summary>
    public float? BaseLearningRate => _learningRate?.LearningRate;

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => CreateState(ParameterLayout.Flat(parameterCount));

    /// <inheritdoc />
    public IOptimizerState CreateState(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return NewState(layout, _stages.Select(s => s.CreateState(layout)).ToArray());
    }

    /// <inheritdoc />
    public virtual void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var s = Expect(state, parameters, gradients);
        s.BeginStep();
        Apply(parameters, gradients, s, 0, parameters.Length);
    }

    /// <summary>
    /// Whether a step splits into ranges: every stage is elementwise, and the step is this class's own (a subclass of
    /// another assembly that overrides <see cref="Step"/> keeps its whole-vector step).
    /// </summary>
    bool IPartitionableOptimizer.CanPartition => _canPartition ??= _stages.All(stage => stage is IElementwiseTransform) && StepIsOwn;

    private bool? _canPartition;

    /// <summary>Whether <see cref="Step"/> is this class's own, not a subclass's of another assembly.</summary>
    private bool StepIsOwn =>
        GetType().GetMethod(nameof(Step), [typeof(Span<float>), typeof(ReadOnlySpan<float>), typeof(IOptimizerState)])!.DeclaringType == typeof(GradientTransformChain);

    void IPartitionableOptimizer.BeginStep(IOptimizerState state) => Expect(state).BeginStep();

    void IPartitionableOptimizer.StepRange(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state, int start, int length)
    {
        var s = Expect(state, parameters, gradients);
        if ((uint)start > (uint)parameters.Length || (uint)length > (uint)(parameters.Length - start))
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"The range {start}..+{length} is not inside the {parameters.Length} parameters.");
        }
        Apply(parameters, gradients, s, start, length);
    }

    /// <summary>
    /// The step begun by <see cref="OptimizerState.BeginStep"/> on the parameters <paramref name="start"/>..+<paramref name="length"/>
    /// (the whole vector, or a range when every stage is elementwise): the stages in order, then <c>θ ← θ + u</c>.
    /// </summary>
    private protected virtual void Apply(Span<float> parameters, ReadOnlySpan<float> gradients, ChainState s, int start, int length)
    {
        var step = new StepContext(s.StepCount, s.LearningRateFactor);
        float stepSize = _learningRate?.StepSize(step) ?? 1f;
        if (_fusedDecay is not null)
        {
            ApplyDecayFused(parameters, gradients, (IFusedWithDecayAndStep)_stages[1], s.StageStates[1], step, -stepSize,
                _fusedDecay, s.StageStates[0], start, length);
            return;
        }
        int end = _learningRate is null ? _stages.Length : _stages.Length - 1;
        int generic = _fusedStage >= 0 ? _fusedStage : end;
        bool whole = start == 0 && length == parameters.Length;

        ReadOnlySpan<float> update = gradients;
        if (generic > 0)
        {
            var buffer = s.Updates;
            gradients.Slice(start, length).CopyTo(buffer.AsSpan(start, length));
            for (int i = 0; i < generic; i++)
            {
                if (whole)
                {
                    _stages[i].Update(buffer, parameters, s.StageStates[i], step);
                }
                else
                {
                    ((IElementwiseTransform)_stages[i]).UpdateRange(buffer, parameters, s.StageStates[i], step, start, length);
                }
            }
            update = buffer;
        }
        var p = parameters.Slice(start, length);
        if (_fusedStage >= 0)
        {
            ((IFusedWithStep)_stages[_fusedStage]).UpdateAndApply(update, parameters, s.StageStates[_fusedStage], step, -stepSize, start, length);
        }
        else if (_learningRate is not null)
        {
            TensorPrimitives.MultiplyAdd(update.Slice(start, length), -stepSize, p, p);
        }
        else
        {
            TensorPrimitives.Add(p, update.Slice(start, length), p);
        }
    }

    /// <summary>
    /// Whether coupled decay handed to this chain from in front (<see cref="TransformedGradientOptimizer"/> with one
    /// <see cref="AddDecayedWeights"/>, the trainers' L2) can run in its pass: the chain is a fused stage that takes decay,
    /// then the learning rate, and its step is this class's own.
    /// </summary>
    internal bool TakesDecayInItsPass => _takesDecay ??=
        _fusedStage == 0 && _stages.Length == 2 && _stages[0] is IFusedWithDecayAndStep && StepIsOwn;

    private bool? _takesDecay;

    /// <summary>
    /// With <see cref="TakesDecayInItsPass"/>: the step (begun here when <paramref name="begin"/>, else by
    /// <see cref="IPartitionableOptimizer.BeginStep"/>) on <paramref name="start"/>..+<paramref name="length"/> of the
    /// gradient with <paramref name="decay"/> in front, in one pass: bit for bit the decay stage on a copy, then this step.
    /// </summary>
    internal void StepWithDecay(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state, AddDecayedWeights decay,
        TransformState? decayState, int start, int length, bool begin)
    {
        var s = Expect(state, parameters, gradients);
        if (begin)
        {
            s.BeginStep();
        }
        var step = new StepContext(s.StepCount, s.LearningRateFactor);
        ApplyDecayFused(parameters, gradients, (IFusedWithDecayAndStep)_stages[0], s.StageStates[0], step, -_learningRate!.StepSize(step),
            decay, decayState, start, length);
    }

    /// <summary>
    /// <c>AddDecayedWeights(λ, mask) → fused stage → ScaleByLearningRate</c> in one pass: the fused stage on the gradient
    /// with λ·θ added where the mask covers, 0 elsewhere; the same arithmetic as the three stages run apart.
    /// </summary>
    private static void ApplyDecayFused(Span<float> parameters, ReadOnlySpan<float> gradients, IFusedWithDecayAndStep fused, TransformState? state,
        StepContext step, float scale, AddDecayedWeights decay, TransformState? decayState, int start, int length)
    {
        var covered = TransformStates.Expect<MaskedRanges>(decayState, decay).Ranges;
        float lambda = decay.WeightDecay;
        int end = start + length, at = start;
        foreach (var range in covered)
        {
            int from = Math.Max(range.Start.Value, at), to = Math.Min(range.End.Value, end);
            if (from >= to)
            {
                continue;
            }
            if (at < from)
            {
                fused.UpdateAndApply(gradients, parameters, state, step, scale, decay: 0, at, from - at);
            }
            fused.UpdateAndApply(gradients, parameters, state, step, scale, lambda, from, to - from);
            at = to;
        }
        if (at < end)
        {
            fused.UpdateAndApply(gradients, parameters, state, step, scale, decay: 0, at, end - at);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"chain({string.Join(", ", _stages.Select(s => s.ToString()))})";

    /// <summary>The first stage of type <typeparamref name="TStage"/>, or null.</summary>
    private protected TStage? Stage<TStage>() where TStage : class, IGradientTransform
    {
        foreach (var stage in _stages)
        {
            if (stage is TStage typed)
            {
                return typed;
            }
        }
        return null;
    }

    /// <summary>The state object for this chain; the named optimizers return their own state type.</summary>
    private protected virtual ChainState NewState(ParameterLayout layout, TransformState?[] stageStates) =>
        new(this, layout, stageStates);

    /// <summary>Checks the state and the lengths, and returns the state typed.</summary>
    private protected ChainState Expect(IOptimizerState state, ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients) =>
        OptimizerState.Expect<ChainState>(Expect(state), parameters.Length, gradients.Length, nameof(GradientTransformChain));

    /// <summary>Checks that the state is this chain's own, and returns it typed.</summary>
    private ChainState Expect(IOptimizerState state)
    {
        if (state is ChainState s && ReferenceEquals(s.Owner, this))
        {
            return s;
        }
        ArgumentNullException.ThrowIfNull(state);
        string got = state is ChainState other ? $"a {other.GetType().Name} of {other.Owner}" : state.GetType().Name;
        throw new ArgumentException($"{this} needs a state from its own CreateState, got {got}.", nameof(state));
    }
}
