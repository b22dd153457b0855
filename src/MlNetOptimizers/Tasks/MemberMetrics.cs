namespace MlNetOptimizers.Tasks;

/// <summary>An ensemble member's metrics on validation data, by its task's evaluator (ML.NET's own).</summary>
/// <param name="Accuracy">Accuracy (classification).</param>
/// <param name="LogLoss">Log-loss (classification).</param>
/// <param name="RSquared">R² (regression).</param>
/// <param name="Rmse">Root mean squared error, in the label's units (regression).</param>
internal readonly record struct MemberMetrics(double? Accuracy = null, double? LogLoss = null, double? RSquared = null, double? Rmse = null);
