using AdaFtr.Checkpoints;
using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Features;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Metrics;
using AdaFtr.Model.Training;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Streaming;
using TorchSharp;

namespace AdaFtr.Coordinator.Checkpoints;

/// <summary>
/// Evaluates a saved checkpoint on a shard set in this process: the model built from the checkpoint's
/// own config, its parameters loaded from the shard files, and every batch evaluated with the code a
/// training job's workers evaluate with (<see cref="WorkerReplica.Evaluate"/>), so the figures equal
/// those the job reported on the same data.
/// </summary>
public static class CheckpointEvaluation
{
    /// <param name="progress">Told the rows evaluated so far after each batch.</param>
    /// <exception cref="UserError">the shard set's columns do not fit the model.</exception>
    public static IReadOnlyList<TaskMetrics> Run(VerifiedCheckpoint checkpoint, ShardSet data, string dataName, int batchRows, IProgress<long>? progress = null)
    {
        var config = ModelConfigJson.Parse(checkpoint.Spec.ModelConfigJson);
        CheckColumns(config, data, dataName);
        using var replica = new WorkerReplica(config);
        using var weightsScope = torch.NewDisposeScope();
        var weights = CheckpointWeights.Read(checkpoint);
        replica.Load(weights.Dense);
        IReadOnlyList<TaskEvaluation> states = config.Schema.Tasks.Select(t => new TaskEvaluation(t, AucPartial.Empty, GaucPartial.Empty, LogLossPartial.Empty)).ToList();
        using var batcher = new ShardBatcher(data, new ShardReadOptions(BatchSize: batchRows, Shuffle: false, Epochs: 1));
        while (batcher.Next() is { } batch)
        {
            using (batch)
            using (torch.NewDisposeScope())
            {
                CheckIds(config.Schema, batch, dataName);
                var index = replica.Index(batch);
                states = BatchEvaluation.Merge(states, replica.Evaluate(batch, index, weights.Table.index_select(0, index.RowIds)));   // the rows a worker would pull
            }
            progress?.Report(batcher.RowsYielded);
        }
        return states.Select(s => s.Metrics()).ToList();
    }

    /// <summary>Ids outside a vocabulary field's range would read another field's rows, or none: refused, naming the field.</summary>
    private static void CheckIds(FeatureSchema schema, Batch batch, string dataName)
    {
        using var scope = torch.NewDisposeScope();
        var highest = batch.Sparse.amax(0).data<long>().ToArray();   // [F]
        var lowest = batch.Sparse.amin(0).data<long>().ToArray();    // [F]
        for (int f = 0; f < schema.SparseFields.Count; f++)
        {
            var field = schema.SparseFields[f];
            if (field.Hashed || lowest[f] >= 0 && highest[f] < field.VocabularySize) continue;
            throw new UserError($"--data {dataName}: sparse field {f} ('{field.Name}') has id {(lowest[f] < 0 ? lowest[f] : highest[f])}, outside the model's vocabulary of {field.VocabularySize} ids; " +
                                "evaluate on data encoded with the training data's vocabulary");
        }
    }

    private static void CheckColumns(ModelConfig config, ShardSet data, string dataName)
    {
        var model = config.Schema;
        var columns = data.Schema;
        var problems = new List<string>();
        if (columns.SparseFields.Count != model.SparseFields.Count || columns.DenseFields.Count != model.DenseFields.Count)
            problems.Add($"{columns.SparseFields.Count} sparse + {columns.DenseFields.Count} dense fields, the model {model.SparseFields.Count} + {model.DenseFields.Count}");
        if (!columns.Tasks.SequenceEqual(model.Tasks))
            problems.Add($"tasks [{string.Join(", ", columns.Tasks)}], the model [{string.Join(", ", model.Tasks)}]");
        if (problems.Count > 0)
            throw new UserError($"--data {dataName}: the shard set has {string.Join("; ", problems)}; evaluate on data sharded with the training data's schema");
    }
}
