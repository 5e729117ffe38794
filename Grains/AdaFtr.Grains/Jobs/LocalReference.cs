using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Training;
using AdaFtr.Shards.Streaming;
using TorchSharp;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// What a job computes, in one process: the local trainer with K micro-batches, each step fed
/// the K batches the K workers read (worker order). The exact reference for equivalence checks
/// and the baseline of `adaftr bench distributed`. Runs on the calling thread.
/// </summary>
public sealed class LocalReference : IDisposable
{
    private readonly List<ShardBatcher> _readers;

    public LocalReference(JobSpec spec)
    {
        var config = ModelConfigJson.Parse(spec.ModelConfigJson);
        Trainer = new LocalTrainer(config);
        var set = JobShardSets.Training(spec);
        _readers = Enumerable.Range(0, spec.Workers)
            .Select(k => new ShardBatcher(set, WorkerData.ReadOptions(spec, k, config.Training.Seed, set.Manifest.Shards.Count))).ToList();
    }

    public LocalTrainer Trainer { get; }

    /// <summary>Reads the next step's K batches and trains on them as one batch of K micro-batches.</summary>
    public StepLosses Step()
    {
        var parts = _readers.Select(r => r.Next() ?? throw new InvalidOperationException("a worker's shards ran dry")).ToList();
        try
        {
            using var batch = new Batch(torch.cat(parts.Select(p => p.Sparse).ToArray()), torch.cat(parts.Select(p => p.Dense).ToArray()),
                torch.cat(parts.Select(p => p.Labels).ToArray()), torch.cat(parts.Select(p => p.User).ToArray()));
            return Trainer.TrainStep(batch);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    /// <summary>Every parameter by name, as float32 values.</summary>
    public Dictionary<string, float[]> Parameters() =>
        Trainer.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().contiguous().data<float>().ToArray());

    public void Dispose()
    {
        foreach (var reader in _readers) reader.Dispose();
        Trainer.Dispose();
    }
}
