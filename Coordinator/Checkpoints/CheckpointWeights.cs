using AdaFtr.Checkpoints;
using AdaFtr.Model.Distributed;
using TorchSharp;

namespace AdaFtr.Coordinator.Checkpoints;

/// <summary>
/// A checkpoint's model parameters, its shards joined: every dense parameter under its PyTorch name,
/// and the whole embedding table (each shard owns a consecutive row range, in shard order). Optimizer
/// state ('@' names) is left out. The shard files are streamed from the checkpoint's store and checked
/// against its manifest as they are read. The tensors belong to the caller's dispose scope.
/// </summary>
public sealed record CheckpointWeights(IReadOnlyDictionary<string, torch.Tensor> Dense, torch.Tensor Table)
{
    public static CheckpointWeights Read(VerifiedCheckpoint checkpoint)
    {
        var dense = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        var rows = new List<torch.Tensor>();
        for (int s = 0; s < checkpoint.Spec.ParameterShards; s++)
        {
            var file = checkpoint.ShardFile(s);
            var state = ShardCheckpointReader.Read(checkpoint.Store, checkpoint.PathOf(file.Name), file);
            foreach (var (key, value) in state.Where(kv => !kv.Key.StartsWith('@'))) dense[key] = value;
            rows.Add(state[ShardStateNames.Rows]);
        }
        return new CheckpointWeights(dense, torch.cat(rows, 0));
    }
}
