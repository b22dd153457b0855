namespace MlNetOptimizers.Tasks;

/// <summary>
/// One row's scores, as the output columns read them: the first output of the last layer before the link (a binary
/// model's logit), every output after the link (probabilities; a regression model's prediction) and the predicted class
/// index.
/// </summary>
internal readonly record struct RowScores(float Raw, ReadOnlyMemory<float> Linked, int PredictedIndex);
