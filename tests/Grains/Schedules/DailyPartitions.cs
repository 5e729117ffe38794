using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Grains.Tests.Schedules;

/// <summary><c>ecomm-ads-like</c> daily partitions under one folder, small, with clicks and conversions common enough for stable AUCs.</summary>
internal sealed class DailyPartitions : IDisposable
{
    public const int RowsPerDay = 2000, Buckets = 64;

    private readonly EcommAdsLikeGenerator _generator = new(EcommAdsLikeGenerator.Defaults(RowsPerDay, seed: 5) with
    {
        ClickRate = 0.3, ConversionRate = 0.3, SignalStrength = 2,
    });

    /// <param name="days">The days to write; a day left out is a partition that never arrived.</param>
    public DailyPartitions(IEnumerable<DateOnly> days)
    {
        Root = Directory.CreateTempSubdirectory("adaftr-schedule-data-").FullName;
        foreach (var day in days)
        {
            var partition = _generator.Days(day, 1)[0];
            ShardSetWriter.Write(partition.Rows, new LocalDirectoryStore(Path.Combine(Root, partition.Folder)), new ShardWriteOptions(Shards: 1, BlockRows: 500));
        }
    }

    public string Root { get; }

    /// <summary>A tiny AdaFTR-MMoE on the data's columns, every field hashed into <see cref="Buckets"/> rows.</summary>
    public ModelConfig Config(double learningRate)
    {
        var schema = _generator.Schema.ToFeatureSchema(Enumerable.Repeat((long)Buckets, EcommAdsLikeGenerator.CategoricalFields).ToList());
        return new ModelConfig
        {
            Schema = schema with { SparseFields = schema.SparseFields.Select(f => f with { Hashed = true }).ToList() },
            EmbeddingDim = 4,
            Backbone = new BackboneConfig { ExpertLayers = [16, 8], Experts = 2 },
            TowerLayers = [8, 4],
            RelatednessLayers = [4],
            Optimizer = new OptimizerConfig { LearningRate = learningRate },
            Training = new TrainingConfig { BatchSize = 64, MicroBatches = 1, Seed = 11 },
        };
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
