using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// An optimizer that first passes each gradient through gradient transforms (clipping, L2 decay on the weights) and then
/// hands it to another optimizer, which may be any <see cref="IOptimizer"/>, a user-written one included. The trainers
/// put their <c>L2Regularization</c> and <c>GradientClipNorm</c> in front of the chosen optimizer this way. One
/// <see cref="AddDecayedWeights"/> in front of Adam (the trainers' default) runs inside Adam's pass, with the same result.
/// </summary>
public sealed class TransformedGradientOptimizer : IPartitionableOptimizer
{
    private readonly IGradientTransform[] _transforms;
    private readonly AddDecayedWeights? _decayInPass; // the one transform, run in the inner chain's own pass

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">A transform is null.</exception>
    public TransformedGradientOptimizer(IOptimizer inner, params IGradientTransform[] transforms)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        ArgumentNullException.ThrowIfNull(transforms);
        if (transforms.Any(t => t is null))
        {
            throw new ArgumentException("A gradient transform is null.", nameof(transforms));
        }
        _transforms = transforms.ToArray();
        _decayInPass = _transforms is [AddDecayedWeights decay] && inner is GradientTransformChain { TakesDecayInItsPass: true } ? decay : null;
    }

    /// <summary>The optimizer that takes the transformed gradient.</summary>
    public IOptimizer Inner { get; }

    /// <summary>The transforms, in the order they run.</summary>
    public IReadOnlyList<IGradientTransform> Transforms => _transforms;

    /// <inheritdoc />
    public float? BaseLearningRate => Inner.BaseLearningRate;

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => CreateState(ParameterLayout.Flat(parameterCount));

    /// <inheritdoc />
    public IOptimizerState CreateState(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new State(Inner.CreateState(layout), _transforms.Select(t => t.CreateState(layout)).ToArray());
    }

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var s = Expect(state, parameters, gradients);
        if (_decayInPass is not null)
        {
            ((GradientTransformChain)Inner).StepWithDecay(parameters, gradients, s.Inner, _decayInPass, s.TransformStates[0], 0, parameters.Length, begin: true);
            return;
        }
        var step = new StepContext(s.StepCount + 1, s.LearningRateFactor);
        gradients.CopyTo(s.Gradient);
        for (int i = 0; i < _transforms.Length; i++)
        {
            _transforms[i].Update(s.Gradient, parameters, s.TransformStates[i], step);
        }
        Inner.Step(parameters, s.Gradient, s.Inner);
    }

    bool IPartitionableOptimizer.CanPartition =>
        _transforms.All(t => t is IElementwiseTransform) && Inner is IPartitionableOptimizer { CanPartition: true };

    void IPartitionableOptimizer.BeginStep(IOptimizerState state) =>
        ((IPartitionableOptimizer)Inner).BeginStep(Own(state).Inner);

    void IPartitionableOptimizer.StepRange(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state, int start, int length)
    {
        var s = Expect(state, parameters, gradients);
        if (_decayInPass is not null)
        {
            ((GradientTransformChain)Inner).StepWithDecay(parameters, gradients, s.Inner, _decayInPass, s.TransformStates[0], start, length, begin: false);
            return;
        }
        var step = new StepContext(s.StepCount, s.LearningRateFactor); // the inner optimizer has counted this step already
        gradients.Slice(start, length).CopyTo(s.Gradient.AsSpan(start, length));
        for (int i = 0; i < _transforms.Length; i++)
        {
            ((IElementwiseTransform)_transforms[i]).UpdateRange(s.Gradient, parameters, s.TransformStates[i], step, start, length);
        }
        ((IPartitionableOptimizer)Inner).StepRange(parameters, s.Gradient, s.Inner, start, length);
    }

    /// <summary>The state typed, checked to be this optimizer's own and of the vectors' length.</summary>
    private State Expect(IOptimizerState state, ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients)
    {
        var s = Own(state);
        if (gradients.Length != s.ParameterCount || parameters.Length != s.ParameterCount)
        {
            throw new ArgumentException(
                $"parameters has {parameters.Length} elements and gradients {gradients.Length}; the state was created for {s.ParameterCount}.",
                nameof(gradients));
        }
        return s;
    }

    private State Own(IOptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state as State
            ?? throw new ArgumentException($"{this} needs a state from its own CreateState, got {state.GetType().Name}.", nameof(state));
    }

    /// <inheritdoc />
    public override string ToString() => _transforms.Length == 0 ? Inner.ToString()! : $"{Inner} after {string.Join(", ", _transforms.Select(t => t.ToString()))}";

    private sealed class State(IOptimizerState inner, TransformState?[] transformStates) : IOptimizerState
    {
        public IOptimizerState Inner { get; } = inner;

        public TransformState?[] TransformStates { get; } = transformStates;

        public float[] Gradient { get; } = new float[inner.ParameterCount];

        public int ParameterCount => Inner.ParameterCount;

        public long StepCount => Inner.StepCount;

        public float LearningRateFactor
        {
            get => Inner.LearningRateFactor;
            set => Inner.LearningRateFactor = value;
        }

        /// <summary>The inner optimizer's state, plus the transforms' buffers as <c>pre{i}.{name}</c>.</summary>
        public OptimizerStateDict ExportState()
        {
            var inner = Inner.ExportState();
            var buffers = new Dictionary<string, float[]>(inner.Buffers);
            foreach (var (name, values) in TransformBuffers())
            {
                buffers.Add(name, values.ToArray());
            }
            return new OptimizerStateDict(inner.StepCount, buffers);
        }

        public void ImportState(OptimizerStateDict state)
        {
            ArgumentNullException.ThrowIfNull(state);
            var own = TransformBuffers().ToList();
            foreach (var (name, values) in own)
            {
                state.Buffer(name, values.Length).CopyTo(values, 0);
            }
            var names = own.Select(b => b.Key).ToHashSet();
            Inner.ImportState(new OptimizerStateDict(state.StepCount, state.Buffers.Where(b => !names.Contains(b.Key)).ToDictionary()));
        }

        private IEnumerable<KeyValuePair<string, float[]>> TransformBuffers() =>
            TransformStates.SelectMany((s, i) => s?.Buffers.Select(b => new KeyValuePair<string, float[]>($"pre{i}.{b.Key}", b.Value)) ?? []);
    }
}
