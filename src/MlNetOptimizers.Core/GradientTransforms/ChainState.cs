namespace MlNetOptimizers.Optimization;

/// <summary>State of a <see cref="GradientTransformChain"/>: the step count and learning-rate factor, and each stage's state.</summary>
public class ChainState : OptimizerState
{
    private float[]? _updates;

    internal ChainState(GradientTransformChain owner, ParameterLayout layout, TransformState?[] stageStates)
        : base(layout.ParameterCount)
    {
        Owner = owner;
        Layout = layout;
        StageStates = stageStates;
    }

    /// <summary>The layout the state was created for.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Each stage's state (null for stateless stages), in stage order.</summary>
    public IReadOnlyList<TransformState?> StageStates { get; }

    internal GradientTransformChain Owner { get; }

    /// <summary>The update vector the stages transform in turn; allocated on first use.</summary>
    internal float[] Updates => _updates ??= new float[ParameterCount];

    /// <summary>Each stage's buffers, named <c>stage{i}.{name}</c> (e.g. <c>stage0.exp_avg</c>).</summary>
    private protected override IEnumerable<KeyValuePair<string, float[]>> ExportedBuffers() =>
        StageStates.SelectMany((state, i) => state?.Buffers.Select(b => new KeyValuePair<string, float[]>($"stage{i}.{b.Key}", b.Value)) ?? []);

    /// <summary>The state of the first stage of type <typeparamref name="TState"/>.</summary>
    private protected TState Stage<TState>() where TState : TransformState => StageStates.OfType<TState>().First();
}
