using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Runtime;
using AdaFtr.Grains.Wire;
using TorchSharp;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Builds models on whatever thread asks, one at a time: parameter initialisation draws from
/// libtorch's process-wide generator, so seeding and drawing must not interleave with another
/// model being built in the same process (several silos share one in tests). A replica has no
/// embedding table, so holding the lock while one is built is short whatever the vocabulary.
/// </summary>
public static class ModelFactory
{
    private static readonly Lock Gate = new();

    /// <summary>The job's initial parameters, as the local trainer draws them for the same seed, split by shard.</summary>
    public static IReadOnlyList<IReadOnlyList<NamedBuffer>> InitialShards(ModelConfig config, int shards)
    {
        lock (Gate)
        {
            TorchSeed.Everywhere(config.Training.Seed);
            using var model = new AdaFtrModel(config);
            var layout = ParameterLayout.Of(model, shards);
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => (torch.Tensor)p.parameter);
            return Enumerable.Range(0, shards).Select(s =>
            {
                var (start, end) = layout.RowRange(s);
                var buffers = layout.DenseOf(s).Select(d => TensorWire.Float(d.Name, parameters[d.Name])).ToList();
                using var rows = parameters[AdaFtrModel.EmbeddingName].narrow(0, start, end - start);
                buffers.Add(TensorWire.Float(ShardInitChunk.RowsName, rows));
                return (IReadOnlyList<NamedBuffer>)buffers;
            }).ToList();
        }
    }

    public static WorkerReplica Replica(ModelConfig config, string device = "cpu")
    {
        lock (Gate) return new WorkerReplica(config, device);
    }
}
