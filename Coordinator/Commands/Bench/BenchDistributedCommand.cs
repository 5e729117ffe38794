using System.CommandLine;
using System.Diagnostics;
using AdaFtr.Coordinator.Cluster;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Grains.Jobs;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>adaftr bench distributed</c>: K = 2 workers and S = 2 parameter shards in 2 silo processes (clustered through a
/// redis-server of its own; shard s on silo s mod 2) against the local trainer with 2 micro-batches on the same
/// batches: step time and its sync overhead, where a step's time goes, round trips per step per shard, parameter
/// state per silo, payload bytes per step (dense, sparse), and how sparse bytes change when the vocabulary is 10×
/// larger (they should not: only touched rows travel).
/// </summary>
public static class BenchDistributedCommand
{
    private const int Workers = 2, ParameterShards = 2;
    private static readonly TimeSpan StatusPoll = TimeSpan.FromMilliseconds(100);

    private static readonly Option<int> Steps = new("--steps") { Description = "Measured steps (after warm-up).", DefaultValueFactory = _ => 30 };
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Steps run before timing.", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> BatchPerWorker = new("--batch-per-worker") { Description = "Rows per worker per step.", DefaultValueFactory = _ => 512 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print {\"bench\": \"distributed\", \"figures\": {...}}." };
    private static readonly Option<int> Repeat = BenchRuns.RepeatOption();

    public static Command Create(TextWriter output)
    {
        var command = new Command("distributed", """
            Measure synchronous data-parallel overhead: 2 workers in 2 silo processes vs one process with 2 micro-batches
            (AdaFTR-MMoE on aliccp-like data: 23 sparse fields, embedding 8), and the bytes each step moves.

            Examples:
              adaftr bench distributed --json
              adaftr bench distributed --steps 100 --batch-per-worker 1024
              adaftr bench distributed --repeat 3 --json     (one cluster, three measurements: median, min, max)
            """)
        { Steps, Warmup, BatchPerWorker, Json, Repeat };
        foreach (var option in new[] { Steps, BatchPerWorker })
            option.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{r.Option.Name} must be 1 or more"); });
        Warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--warmup must be 0 or more"); });
        command.SetAction((parsed, cancellationToken) => Run(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        int steps = parsed.GetValue(Steps), warmup = parsed.GetValue(Warmup), batch = parsed.GetValue(BatchPerWorker);
        var log = parsed.GetValue(Json) ? TextWriter.Null : output;
        var folder = Directory.CreateTempSubdirectory("adaftr-bench-distributed-").FullName;
        try
        {
            long rows = (long)Workers * batch * (steps + warmup + 1);
            var data = Path.Combine(folder, "shards");
            var manifest = ShardSetWriter.Write(new AliCcpLikeGenerator(new SyntheticOptions(rows, Seed: 5, WriteTruth: false)),
                new LocalDirectoryStore(data), new ShardWriteOptions(Shards: Workers));
            var schema = manifest.Schema.ToFeatureSchema(manifest.VocabularySizes);
            var config = new ModelConfig { Schema = schema, Training = new TrainingConfig { BatchSize = Workers * batch, MicroBatches = Workers, Seed = 3 } };
            var wider = config with { Schema = schema with { SparseFields = schema.SparseFields.Select(f => f with { VocabularySize = f.VocabularySize * 10 }).ToList() } };
            JobSpec Spec(string id, ModelConfig model) => new()
            {
                JobId = id, ModelConfigJson = ModelConfigJson.Serialize(model), ShardDirectory = data,
                Workers = Workers, ParameterShards = ParameterShards, Steps = warmup + steps, BatchPerWorker = batch,
            };

            var (workerBytes, workerBytesWide) = (WorkerStateBytes(config), WorkerStateBytes(wider));
            var cluster = new LocalCluster(Path.Combine(folder, "cluster"), log);
            await cluster.Up(Workers, redis: null, azureStorage: null, devices: "cpu", clusterId: "adaftr-bench", checkpoints: null, gatewaysOpen: null, cancellationToken);
            try
            {
                var state = ClusterState.Load(cluster.StateDir)!;
                await using var client = await RemoteCluster.ConnectAsync(state.Address(), state.ClusterId, cancellationToken, startingSilos: TimeSpan.FromMinutes(2));
                await AllSilosActive(client.Grains, Workers, cancellationToken);   // a job places shards and workers over the silos it sees
                int run = 0;
                // Each run times the local trainer and then the cluster, so both see the same stretch of a shared machine's load.
                return await BenchRuns.RunAsync(parsed.GetValue(Repeat), parsed.GetValue(Json), output, async () =>
                {
                    run++;
                    log.WriteLine($"local trainer, {Workers} micro-batches of {batch}: {warmup} + {steps} steps");
                    double localStep = LocalStepSeconds(Spec("local", config), warmup, steps);
                    log.WriteLine($"{Workers} workers in {Workers} silo processes: {warmup} + {steps} steps");
                    var (distributedStep, dense, sparse, status) = await DistributedStep(client.Grains, Spec($"base-{run}", config), warmup, steps, cancellationToken);
                    log.WriteLine("the same with every vocabulary 10x larger");
                    var (_, _, sparseWide, _) = await DistributedStep(client.Grains, Spec($"wide-{run}", wider), warmup, steps, cancellationToken);
                    var timings = status.Timings!;
                    var perSilo = status.Shards!.GroupBy(s => s.Silo).Select(g => (double)g.Sum(s => s.StateBytes)).ToList();
                    double total = perSilo.Sum();
                    return new BenchReport("distributed", new Dictionary<string, double>
                    {
                        ["local_step_ms"] = localStep * 1e3,
                        ["distributed_step_ms"] = distributedStep * 1e3,
                        ["sync_overhead_pct"] = (distributedStep / localStep - 1) * 100,
                        ["round_trips_per_step"] = timings.RoundTripsPerShard,
                        ["transfers_per_step"] = timings.TransfersPerStep,
                        ["phase_read_ms"] = timings.ReadMs,
                        ["phase_compute_ms"] = timings.ComputeMs,
                        ["phase_exchange_ms"] = timings.ExchangeMs,
                        ["phase_apply_ms"] = timings.ApplyMs,
                        ["phase_push_pull_wait_ms"] = timings.ExchangeMs - timings.ApplyMs,
                        ["silos_holding_shards"] = perSilo.Count,
                        ["per_silo_state_bytes"] = perSilo.Max(),
                        ["per_silo_state_balance"] = perSilo.Max() / (total / Workers),
                        ["dense_bytes_per_step"] = dense,
                        ["sparse_bytes_per_step"] = sparse,
                        ["sparse_bytes_ratio_10x_vocab"] = sparseWide / sparse,
                        ["worker_state_bytes"] = workerBytes,
                        ["worker_bytes_ratio_10x_vocab"] = workerBytesWide / workerBytes,
                        ["workers"] = Workers,
                        ["batch_per_worker"] = batch,
                    });
                }, cancellationToken);
            }
            finally
            {
                await cluster.Down();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AllSilosActive(IGrainFactory grains, int silos, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count < silos)
        {
            if (DateTime.UtcNow > deadline) throw new UserError($"the bench's {silos} silos did not all become active within 2 minutes", ExitCodes.Environment);
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Bytes of the tensors a worker's replica keeps between steps, built as a worker grain builds it.</summary>
    private static double WorkerStateBytes(ModelConfig config)
    {
        using var replica = ModelFactory.Replica(config);
        return replica.StateBytes;
    }

    private static double LocalStepSeconds(JobSpec spec, int warmup, int steps)
    {
        using var reference = new LocalReference(spec);
        for (int i = 0; i < warmup; i++) reference.Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) reference.Step();
        return clock.Elapsed.TotalSeconds / steps;
    }

    /// <returns>
    /// Seconds per step (the job's mean time between applied steps, shard 0's clock, after the first), payload bytes
    /// per step over the measured steps, and the final status.
    /// </returns>
    internal static async Task<(double StepSeconds, double DenseBytes, double SparseBytes, JobStatus Status)> DistributedStep(
        IGrainFactory grains, JobSpec spec, int warmup, int steps, CancellationToken cancellationToken)
    {
        var job = grains.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        JobStatus status, atWarmup;
        // The step time is the job's own clock; polling only takes the warm-up snapshot the byte counts start from, so it
        // can be slow enough not to take the cores the silos step on.
        while ((atWarmup = await job.GetStatusAsync()).StepsApplied < warmup && !atWarmup.IsFinished) await Task.Delay(StatusPoll, cancellationToken);
        while (!(status = await job.GetStatusAsync()).IsFinished && status.State != JobState.Paused) await Task.Delay(StatusPoll, cancellationToken);
        if (status.State != JobState.Completed) throw new UserError($"bench job {spec.JobId} {status.State}: {status.Message}", ExitCodes.JobFailed);
        long measured = status.StepsApplied - atWarmup.StepsApplied;
        if (measured < 1) throw new UserError($"bench job {spec.JobId} ended before its warm-up was seen ({status.StepsApplied} steps): measure more --steps", ExitCodes.Usage);
        return (status.Timings!.StepMs / 1e3, (status.DenseBytes - atWarmup.DenseBytes) / (double)measured,
            (status.SparseBytes - atWarmup.SparseBytes) / (double)measured, status);
    }
}
