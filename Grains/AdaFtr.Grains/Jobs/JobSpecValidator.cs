using AdaFtr.Checkpoints;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Grains.Jobs;

/// <summary>Checks a <see cref="JobSpec"/> against itself, its model config and its shard set, once, before anything starts.</summary>
public static class JobSpecValidator
{
    /// <param name="faultInjection">Whether this silo runs in test mode, where a spec may carry <see cref="JobSpec.Faults"/>.</param>
    /// <returns>The parsed model config.</returns>
    /// <exception cref="JobSpecException">with one line per problem, each naming the field.</exception>
    public static ModelConfig Validate(JobSpec spec, FaultInjection faultInjection)
    {
        var errors = new List<string>();
        void Fail(string field, string problem) => errors.Add($"{field}: {problem}");

        if (JobIds.Problem(spec.JobId) is { } badId) Fail(nameof(spec.JobId), badId);
        // Injected failures hang, poison or kill workers on purpose: a production cluster takes none from a submitted spec.
        if (spec.Faults.Count > 0 && !faultInjection.Allowed)
            Fail(nameof(spec.Faults), $"{spec.Faults.Count} injected fault(s), but this silo does not run in test mode (silo setting AllowFaults, env ADAFTR_SILO__ALLOWFAULTS=true); remove them");
        if (spec.Workers < 1) Fail(nameof(spec.Workers), $"{spec.Workers} must be at least 1");
        if (spec.ParameterShards < 1) Fail(nameof(spec.ParameterShards), $"{spec.ParameterShards} must be at least 1");
        // Zero steps is an evaluation of a warm-started model (e.g. a champion on a new test day), nothing else.
        if (spec.Steps < 0 || spec.Steps == 0 && (spec.WarmStartFrom is null || spec.EvalShardDirectory is null))
            Fail(nameof(spec.Steps), $"{spec.Steps} must be at least 1 (0 only evaluates: it needs {nameof(spec.WarmStartFrom)} and {nameof(spec.EvalShardDirectory)})");
        if (spec.BatchPerWorker < 1) Fail(nameof(spec.BatchPerWorker), $"{spec.BatchPerWorker} must be at least 1");
        if (spec.BarrierTimeout <= TimeSpan.Zero) Fail(nameof(spec.BarrierTimeout), $"{spec.BarrierTimeout} must be positive");
        if (spec.RetryBackoff < TimeSpan.Zero) Fail(nameof(spec.RetryBackoff), $"{spec.RetryBackoff} must not be negative");
        if (spec.KeepFinishedFor < TimeSpan.Zero) Fail(nameof(spec.KeepFinishedFor), $"{spec.KeepFinishedFor} must not be negative");
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
        if (spec.CheckpointPartBytes is < 1 << 10 or > 1 << 30)
            Fail(nameof(spec.CheckpointPartBytes), $"{spec.CheckpointPartBytes} must be between 1 KiB (1024) and 1 GiB (1073741824); the default, 64 MiB, suits most stores");

        ModelConfig? config = null;
        try { config = ModelConfigJson.Parse(spec.ModelConfigJson); }
        catch (ModelConfigException e) { Fail(nameof(spec.ModelConfigJson), e.Message); }

        if (config is not null && spec.ParameterShards > config.Schema.EmbeddingRows)
            Fail(nameof(spec.ParameterShards), $"{spec.ParameterShards} shards for {config.Schema.EmbeddingRows} embedding rows: use at most one shard per row");

        var training = OpenSets(nameof(spec.ShardDirectory), nameof(spec.ExtraShardDirectories), [spec.ShardDirectory, .. spec.ExtraShardDirectories], Fail);
        if (training is not null && spec.Workers >= 1)
        {
            var manifest = training.Manifest;
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
            if (OpenSets(nameof(spec.EvalShardDirectory), nameof(spec.ExtraEvalShardDirectories), [eval, .. spec.ExtraEvalShardDirectories], Fail) is { Schema: var schema }
                && config is not null && (schema.SparseFields.Count != config.Schema.SparseFields.Count || schema.DenseFields.Count != config.Schema.DenseFields.Count))
                Fail(nameof(spec.EvalShardDirectory), $"{eval} has {schema.SparseFields.Count} sparse + {schema.DenseFields.Count} dense fields, the model {config.Schema.SparseFields.Count} + {config.Schema.DenseFields.Count}");
        }
        else if (spec.ExtraEvalShardDirectories.Count > 0)
            Fail(nameof(spec.ExtraEvalShardDirectories), $"needs {nameof(spec.EvalShardDirectory)}, which they are read after");
        if (config is not null && CheckpointMetrics.Names(config.Schema, spec.EvalShardDirectory is not null) is var metrics && !metrics.Contains(spec.CheckpointBestMetric))
            Fail(nameof(spec.CheckpointBestMetric), $"'{spec.CheckpointBestMetric}' is not a metric this job's checkpoints record; one of {string.Join(", ", metrics)}" +
                (spec.EvalShardDirectory is null ? " (evaluation metrics need evaluation data)" : ""));
        if (spec.WarmStartFrom is { } warm)
        {
            if (JobIds.Problem(warm.Job) is { } badJob) Fail($"{nameof(spec.WarmStartFrom)}.{nameof(warm.Job)}", badJob);
            if (warm.Step < 1) Fail(nameof(spec.WarmStartFrom), $"job '{warm.Job}' step {warm.Step}: name a step of 1 or more");
            try { Checkpoints.CheckpointStores.Open(warm.Store); }
            catch (ArgumentException e) { Fail(nameof(spec.WarmStartFrom), e.Message); }
        }
        if (errors.Count > 0) throw new JobSpecException(errors);
        return config!;
    }

    /// <summary>The directories read as one set; null (with the problems told to <paramref name="fail"/>) when they cannot be.</summary>
    private static ShardSet? OpenSets(string field, string extraField, IReadOnlyList<string> directories, Action<string, string> fail)
    {
        bool ok = true;
        for (int i = 0; i < directories.Count; i++)
        {
            var name = i == 0 ? field : $"{extraField}[{i - 1}]";
            try
            {
                if (!ShardSet.Exists(ShardStores.Open(directories[i])))
                {
                    fail(name, $"{directories[i]} holds no shard set (no {ShardManifest.FileName}); make one with `adaftr data shard`");
                    ok = false;
                }
            }
            catch (ArgumentException e) { fail(name, e.Message); ok = false; }
        }
        if (!ok) return null;
        try { return JobShardSets.Open(directories); }
        catch (ArgumentException e) { fail(extraField, e.Message); return null; }
    }
}
