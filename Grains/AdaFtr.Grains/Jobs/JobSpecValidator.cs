using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Grains.Jobs;

/// <summary>Checks a <see cref="JobSpec"/> against itself, its model config and its shard set, once, before anything starts.</summary>
public static class JobSpecValidator
{
    /// <returns>The parsed model config.</returns>
    /// <exception cref="JobSpecException">with one line per problem, each naming the field.</exception>
    public static ModelConfig Validate(JobSpec spec)
    {
        var errors = new List<string>();
        void Fail(string field, string problem) => errors.Add($"{field}: {problem}");

        if (string.IsNullOrWhiteSpace(spec.JobId) || spec.JobId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            Fail(nameof(spec.JobId), $"'{spec.JobId}' must be letters, digits, '-', '_' or '.'");
        if (spec.Workers < 1) Fail(nameof(spec.Workers), $"{spec.Workers} must be at least 1");
        if (spec.ParameterShards < 1) Fail(nameof(spec.ParameterShards), $"{spec.ParameterShards} must be at least 1");
        if (spec.Steps < 1) Fail(nameof(spec.Steps), $"{spec.Steps} must be at least 1");
        if (spec.BatchPerWorker < 1) Fail(nameof(spec.BatchPerWorker), $"{spec.BatchPerWorker} must be at least 1");
        if (spec.BarrierTimeout <= TimeSpan.Zero) Fail(nameof(spec.BarrierTimeout), $"{spec.BarrierTimeout} must be positive");
        if (spec.RetryBackoff < TimeSpan.Zero) Fail(nameof(spec.RetryBackoff), $"{spec.RetryBackoff} must not be negative");
        if (spec.MaxStepAttempts < 1) Fail(nameof(spec.MaxStepAttempts), $"{spec.MaxStepAttempts} must be at least 1");
        if (spec.MaxMessageBytes is < 1024 or > 64 << 20) Fail(nameof(spec.MaxMessageBytes), $"{spec.MaxMessageBytes} must be between 1 KiB and 64 MiB");

        if (spec.CheckpointStore is not null)
        {
            try { Checkpoints.CheckpointStores.Open(spec.CheckpointStore); }
            catch (ArgumentException e) { Fail(nameof(spec.CheckpointStore), e.Message); }
        }
        if (spec.CheckpointEverySteps < 0) Fail(nameof(spec.CheckpointEverySteps), $"{spec.CheckpointEverySteps} must be 0 (off) or positive");
        if (spec.CheckpointInterval < TimeSpan.Zero) Fail(nameof(spec.CheckpointInterval), $"{spec.CheckpointInterval} must be zero (off) or positive");
        if (spec.CheckpointKeepLast < 1) Fail(nameof(spec.CheckpointKeepLast), $"{spec.CheckpointKeepLast} must be at least 1");
        if (spec.CheckpointUploadAttempts < 1) Fail(nameof(spec.CheckpointUploadAttempts), $"{spec.CheckpointUploadAttempts} must be at least 1");
        if (spec.CheckpointRetryBackoff < TimeSpan.Zero) Fail(nameof(spec.CheckpointRetryBackoff), $"{spec.CheckpointRetryBackoff} must not be negative");

        ModelConfig? config = null;
        try { config = ModelConfigJson.Parse(spec.ModelConfigJson); }
        catch (ModelConfigException e) { Fail(nameof(spec.ModelConfigJson), e.Message); }

        if (config is not null && spec.ParameterShards > config.Schema.EmbeddingRows)
            Fail(nameof(spec.ParameterShards), $"{spec.ParameterShards} shards for {config.Schema.EmbeddingRows} embedding rows: use at most one shard per row");

        IShardStore? store = null;
        try { store = ShardStores.Open(spec.ShardDirectory); }
        catch (ArgumentException e) { Fail(nameof(spec.ShardDirectory), e.Message); }
        if (store is not null && !ShardSet.Exists(store))
            Fail(nameof(spec.ShardDirectory), $"{spec.ShardDirectory} holds no shard set (no {ShardManifest.FileName}); make one with `adaftr data shard`");
        else if (store is not null && spec.Workers >= 1)
        {
            var manifest = ShardSet.Open(store).Manifest;
            int shards = manifest.Shards.Count;
            if (shards < spec.Workers)
                Fail(nameof(spec.Workers), $"{spec.Workers} workers need at least {spec.Workers} data shards; {spec.ShardDirectory} has {shards}: reshard with `adaftr data shard --shards {spec.Workers}`");
            else
                for (int k = 0; k < spec.Workers; k++)
                {
                    long rows = WorkerData.ShardsOf(k, spec.Workers, shards).Sum(s => manifest.Shards[s].Rows);
                    if (spec.BatchPerWorker > rows)
                    {
                        Fail(nameof(spec.BatchPerWorker), $"{spec.BatchPerWorker} is larger than worker {k}'s {rows} rows");
                        break;
                    }
                }
            if (config is not null && (manifest.Schema.SparseFields.Count != config.Schema.SparseFields.Count || manifest.Schema.DenseFields.Count != config.Schema.DenseFields.Count))
                Fail(nameof(spec.ModelConfigJson), $"the model expects {config.Schema.SparseFields.Count} sparse + {config.Schema.DenseFields.Count} dense fields, the shard set has {manifest.Schema.SparseFields.Count} + {manifest.Schema.DenseFields.Count}");
        }
        if (spec.EvalEverySteps < 0) Fail(nameof(spec.EvalEverySteps), $"{spec.EvalEverySteps} must not be negative");
        if (spec.EvalBatchRows < 1) Fail(nameof(spec.EvalBatchRows), $"{spec.EvalBatchRows} must be at least 1");
        if (spec.EvalShardDirectory is { } eval)
        {
            try
            {
                var evalStore = ShardStores.Open(eval);
                if (!ShardSet.Exists(evalStore))
                    Fail(nameof(spec.EvalShardDirectory), $"{eval} holds no shard set (no {ShardManifest.FileName}); make one with `adaftr data shard`");
                else if (config is not null && ShardSet.Open(evalStore).Manifest.Schema is var schema
                         && (schema.SparseFields.Count != config.Schema.SparseFields.Count || schema.DenseFields.Count != config.Schema.DenseFields.Count))
                    Fail(nameof(spec.EvalShardDirectory), $"{eval} has {schema.SparseFields.Count} sparse + {schema.DenseFields.Count} dense fields, the model {config.Schema.SparseFields.Count} + {config.Schema.DenseFields.Count}");
            }
            catch (ArgumentException e) { Fail(nameof(spec.EvalShardDirectory), e.Message); }
        }
        if (errors.Count > 0) throw new JobSpecException(errors);
        return config!;
    }
}
