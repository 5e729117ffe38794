using AdaFtr.Grains;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// The measured side of the simulator's check: the real job, worker and parameter-server grains
/// training AdaFTR-MMoE on aliccp-like rows with K workers on this process's embedded silo (one
/// <c>cpu</c> device, so the K workers' computes queue on its thread), timed as <c>bench distributed</c> times its steps.
/// </summary>
public static class EmbeddedStepTime
{
    public static async Task<double> MeasureAsync(IGrainFactory grains, int workers, int parameterShards, int batchPerWorker,
        int warmup, int steps, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("adaftr-bench-scale-").FullName;
        try
        {
            var manifest = ShardSetWriter.Write(
                new AliCcpLikeGenerator(new SyntheticOptions((long)workers * batchPerWorker * (warmup + steps + 1), Seed: 5, WriteTruth: false)),
                new LocalDirectoryStore(folder), new ShardWriteOptions(Shards: workers));
            var config = new ModelConfig
            {
                Schema = manifest.Schema.ToFeatureSchema(manifest.VocabularySizes),
                Training = new TrainingConfig { BatchSize = workers * batchPerWorker, MicroBatches = workers, Seed = 3 },
            };
            var spec = new JobSpec
            {
                JobId = $"bench-scale-k{workers}-{Guid.NewGuid():N}", ModelConfigJson = ModelConfigJson.Serialize(config), ShardDirectory = folder,
                Workers = workers, ParameterShards = parameterShards, Steps = warmup + steps, BatchPerWorker = batchPerWorker,
            };
            return (await BenchDistributedCommand.DistributedStep(grains, spec, warmup, steps, cancellationToken)).StepSeconds;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
