using MlNetOptimizers.Optimization;

namespace MlNetOptimizers.GradientTransforms;

/// <summary>Checks that a transform was handed the state its own <see cref="IGradientTransform.CreateState"/> made.</summary>
internal static class TransformStates
{
    public static TState Expect<TState>(TransformState? state, IGradientTransform transform) where TState : TransformState =>
        state as TState ?? throw new ArgumentException(
            $"{transform} needs the state its own CreateState made ({typeof(TState).Name}), got {state?.GetType().Name ?? "null"}.",
            nameof(state));
}
