using static TorchSharp.torch;

namespace AdaFtr.Model.Distributed;

/// <summary>
/// One worker's gradients for one parameter-server shard at one step: dense gradients by name
/// (a parameter absent from the map had no gradient), and the rows of the shard's range that its
/// batch touched, with their gradients. Already scaled by 1/K by the worker.
/// </summary>
/// <param name="RowIds">int64 [U], sorted unique global row ids inside the shard's range.</param>
/// <param name="RowGradients">[U, E].</param>
public sealed record ShardGradients(IReadOnlyDictionary<string, Tensor> Dense, Tensor RowIds, Tensor RowGradients);
