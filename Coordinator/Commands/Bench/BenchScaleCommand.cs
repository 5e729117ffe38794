using System.CommandLine;
using System.Globalization;
using AdaFtr.Coordinator.Commands.Bench.Scaling;
using AdaFtr.Coordinator.Training;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Networks;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>adaftr bench scale</c>: how step time and throughput would grow with K workers and with the
/// vocabulary, from <see cref="StepSimulator"/> calibrated by what this machine measures (a worker's
/// step, a shard's Adam, a grain call, the rows sampled batches touch), and the simulator checked
/// against real K = 1, 2, 3 steps on an embedded silo.
/// </summary>
public static class BenchScaleCommand
{
    private static readonly int[] WorkerCounts = [1, 2, 4, 8, 16, 32, 64];
    private static readonly long[] VocabularyRows = [100_000, 1_000_000, 10_000_000, 100_000_000];
    private static readonly int[] ValidationWorkers = [1, 2, 3];
    private const int SampledSteps = 3, ValidationShards = 2, ValidationWarmup = 3, ValidationRounds = 3;
    private const long SampleSeed = 21;

    private static readonly Option<int> BatchPerWorker = new("--batch-per-worker") { Description = "Rows per worker per step.", DefaultValueFactory = _ => 512 };
    private static readonly Option<double> BandwidthGbit = new("--bandwidth-gbit") { Description = "Network link per silo, each direction, in Gbit/s.", DefaultValueFactory = _ => 25 };
    private static readonly Option<double> LatencyMs = new("--latency-ms") { Description = "Network round trip added to every grain call between silos, in ms.", DefaultValueFactory = _ => 0.2 };
    private static readonly Option<double> GpuSpeedup = new("--gpu-speedup")
    {
        Description = "Divides the compute time measured here (1: this CPU). Put the measured ratio of a GPU worker's step to this one here; no GPU figure is assumed.",
        DefaultValueFactory = _ => 1,
    };
    private static readonly Option<double?> JitterMs = new("--jitter-ms")
    {
        Description = "Standard deviation of a worker's step, in ms, for the barrier's straggler wait. Default: as measured here (on a shared machine, mostly other processes' load); put the target machines' figure here, or 0 for identical workers.",
    };
    private static readonly Option<int> WorkersPerSilo = new("--workers-per-silo") { Description = "Workers sharing a silo and its network link.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> WorkersPerDevice = new("--workers-per-device") { Description = "Workers sharing one device (their steps queue on it).", DefaultValueFactory = _ => 1 };
    private static readonly Option<int?> ParameterShards = new("--ps-shards") { Description = "Parameter-server shards S. Default: one per silo." };
    private static readonly Option<int> MaxMessageBytes = new("--max-message-bytes") { Description = "Payload limit per grain call, as the job spec's MaxMessageBytes.", DefaultValueFactory = _ => 16 << 20 };
    private static readonly Option<int> VocabularyWorkers = new("--vocabulary-workers") { Description = "K for the table over vocabulary sizes.", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> ComputeSteps = new("--compute-steps") { Description = "Worker steps timed for the compute time and its jitter (after 3 warm-up steps).", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> ValidationSteps = new("--validation-steps") { Description = "Steps timed per real run of the check against K = 1, 2 and 3, three rounds each (0: no check).", DefaultValueFactory = _ => 15 };
    private static readonly Option<string> Device = new("--device")
    {
        Description = "Device of the worker step that is timed and of the embedded silo's check: cpu or cuda:N (on a GPU machine; the parameter servers stay on the CPU, as in a silo).",
        DefaultValueFactory = _ => "cpu",
    };
    private static readonly Option<bool> Json = new("--json") { Description = "Print {\"bench\": \"scale\", \"figures\": {...}}." };
    private static readonly Option<int> Repeat = BenchRuns.RepeatOption();

    public static Command Create(TextWriter output)
    {
        var command = new Command("scale", """
            Simulate synchronous data-parallel steps for K = 1..64 workers and vocabularies of 1e5..1e8 rows, calibrated
            on this machine (a worker's step, a shard's Adam, a grain call, the rows sampled aliccp-like batches touch),
            and check the simulation against real K = 1, 2, 3 steps on an embedded silo. Efficiency at K is K workers'
            throughput over K times that of one worker on the same cluster (silos, shards, links): at most 1.

            Examples:
              adaftr bench scale
              adaftr bench scale --json --bandwidth-gbit 100 --workers-per-silo 8 --ps-shards 16
              adaftr bench scale --device cuda:0 --json
              adaftr bench scale --repeat 3 --json     (calibration and check measured 3 times: median, min, max of every figure)
            """)
        {
            BatchPerWorker, BandwidthGbit, LatencyMs, GpuSpeedup, JitterMs, WorkersPerSilo, WorkersPerDevice, ParameterShards, MaxMessageBytes,
            VocabularyWorkers, ComputeSteps, ValidationSteps, Device, Json, Repeat,
        };
        foreach (var option in new[] { BatchPerWorker, WorkersPerSilo, WorkersPerDevice, MaxMessageBytes, VocabularyWorkers, ComputeSteps })
            option.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{r.Option.Name} must be 1 or more"); });
        ValidationSteps.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--validation-steps must be 0 or more"); });
        ParameterShards.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--ps-shards must be 1 or more"); });
        foreach (var option in new[] { BandwidthGbit, GpuSpeedup })
            option.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() > 0)) r.AddError($"{r.Option.Name} must be above 0"); });
        LatencyMs.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() >= 0)) r.AddError("--latency-ms must be 0 or more"); });
        JitterMs.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is { } v && !(v >= 0)) r.AddError("--jitter-ms must be 0 or more"); });
        command.SetAction((parsed, cancellationToken) => Run(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(WorkersPerDevice) > parsed.GetValue(WorkersPerSilo))
            throw new UserError($"--workers-per-device {parsed.GetValue(WorkersPerDevice)} cannot exceed --workers-per-silo {parsed.GetValue(WorkersPerSilo)}");
        bool json = parsed.GetValue(Json);
        var log = json ? TextWriter.Null : output;
        int repeat = parsed.GetValue(Repeat);
        // Repeated, only the figures are summarised: each run's tables would be as many pages.
        if (repeat > 1) return await BenchRuns.RunAsync(repeat, json, output, async () => (await Measure(parsed, log, cancellationToken)).Report, cancellationToken);

        var run = await Measure(parsed, log, cancellationToken);
        if (json)
        {
            run.Report.Print(output, json: true);
            return ExitCodes.Ok;
        }
        run.Calibration.Print(output, json: false);
        output.WriteLine($"by workers K (aliccp-like vocabulary, {run.TableRows:N0} table rows; S = {(parsed.GetValue(ParameterShards)?.ToString(CultureInfo.InvariantCulture) ?? "one per silo")};");
        output.WriteLine("efficiency: K workers' samples/s over K times one worker's on the same silos and shards, one_worker_ms its step):");
        run.ByWorkers.Write(output);
        output.WriteLine($"by vocabulary (K = {parsed.GetValue(VocabularyWorkers)}, S = {run.VocabularyShards}; bytes per worker, one way):");
        run.ByVocabulary.Write(output);
        if (run.Check is not null)
        {
            output.WriteLine($"check against real steps here (embedded silo, one {parsed.GetValue(Device)} device, S = {ValidationShards}, no network):");
            run.Check.Write(output);
        }
        return ExitCodes.Ok;
    }

    /// <summary>One run: the calibration and check measured here, the simulated tables, and every figure in <see cref="Report"/>.</summary>
    private sealed record ScaleRun(BenchReport Report, BenchReport Calibration, PlainTable ByWorkers, PlainTable ByVocabulary, PlainTable? Check, long TableRows, int VocabularyShards);

    private static async Task<ScaleRun> Measure(ParseResult parsed, TextWriter log, CancellationToken cancellationToken)
    {
        int batch = parsed.GetValue(BatchPerWorker), vocabularyWorkers = parsed.GetValue(VocabularyWorkers), validationSteps = parsed.GetValue(ValidationSteps);
        string device = parsed.GetValue(Device)!;
        var vocabulary = AliCcpLikeGenerator.VocabularySizes;
        var config = new ModelConfig { Schema = new AliCcpLikeGenerator(new SyntheticOptions(0)).Schema.ToFeatureSchema(vocabulary) };

        log.WriteLine($"measuring here: a worker's step on {device} at {batch} rows ({parsed.GetValue(ComputeSteps)} steps), a shard's Adam, grain calls");
        var costs = CostCalibration.Measure(config, batch, parsed.GetValue(ComputeSteps), parsed.GetValue(MaxMessageBytes), device, cancellationToken);
        double measuredJitter = costs.ComputeJitterSeconds;
        if (parsed.GetValue(JitterMs) is { } jitterMs) costs = costs with { ComputeJitterSeconds = jitterMs / 1e3 };
        var baseSample = TouchedRowSample.Draw(vocabulary, batch, WorkerCounts.Max(), SampledSteps, SampleSeed);
        var figures = new Dictionary<string, double>();
        Simulation simulation;
        PlainTable? check = null;
        await using (var silo = await EmbeddedSilo.StartAsync(device, cancellationToken))
        {
            costs = costs with { RpcOverheadSeconds = await RpcOverhead.MeasureAsync(silo.Grains, cancellationToken) };
            simulation = new Simulation(DenseShapes(config), config.EmbeddingDim, batch, costs);
            if (validationSteps > 0)
                check = await CheckAgainstRealSteps(silo.Grains, simulation, baseSample, validationSteps, parsed.GetValue(MaxMessageBytes), figures, log, cancellationToken);
        }

        ClusterShape Shape(int k)
        {
            int perSilo = parsed.GetValue(WorkersPerSilo);
            int silos = ClusterShape.SilosFor(k, perSilo);
            return new ClusterShape(k, silos, perSilo, parsed.GetValue(WorkersPerDevice), parsed.GetValue(ParameterShards) ?? silos,
                parsed.GetValue(BandwidthGbit) * 1e9 / 8, parsed.GetValue(LatencyMs) / 1e3, parsed.GetValue(MaxMessageBytes), parsed.GetValue(GpuSpeedup));
        }
        var byWorkers = ByWorkers(simulation, Shape, baseSample, figures);
        var vocabularyShape = Shape(vocabularyWorkers);
        var byVocabulary = ByVocabulary(simulation, vocabularyShape, figures, cancellationToken);

        var calibration = CalibrationFigures(parsed, simulation, measuredJitter);
        return new ScaleRun(new BenchReport("scale", calibration.Concat(figures).ToDictionary()), new BenchReport("scale", calibration),
            byWorkers, byVocabulary, check, baseSample.EmbeddingRows, vocabularyShape.ParameterShards);
    }

    /// <summary>What every simulated step shares: the model's dense parameters, its embedding dimension, the batch and the measured costs.</summary>
    private sealed record Simulation(IReadOnlyList<(string Name, long[] Shape)> DenseShapes, int EmbeddingDim, int Batch, MeasuredCosts Costs)
    {
        public StepWorkload Workload(int shards, TouchedRowSample sample, int workers) =>
            StepWorkload.From(new ParameterLayout(DenseShapes, sample.EmbeddingRows, EmbeddingDim, shards), Batch, sample.WorkerBatches, sample.Merged(workers));

        public StepBreakdown Step(ClusterShape shape, StepWorkload workload) => StepSimulator.Simulate(shape, Costs, workload);
    }

    /// <summary>Real K = 1, 2, 3 steps on the embedded silo beside the simulated step of that silo's shape, and their ratio: how far the model is off here.</summary>
    private static async Task<PlainTable> CheckAgainstRealSteps(IGrainFactory grains, Simulation simulation, TouchedRowSample sample, int steps, int maxMessageBytes,
        Dictionary<string, double> figures, TextWriter log, CancellationToken cancellationToken)
    {
        // Other processes share this machine: alternate the K in rounds and keep each one's median.
        var measured = ValidationWorkers.ToDictionary(k => k, _ => new List<double>());
        for (int round = 1; round <= ValidationRounds; round++)
            foreach (int k in ValidationWorkers)
            {
                log.WriteLine($"real steps, round {round} of {ValidationRounds}: K = {k} on an embedded silo ({ValidationWarmup} + {steps} steps)");
                measured[k].Add(await EmbeddedStepTime.MeasureAsync(grains, k, ValidationShards, simulation.Batch, ValidationWarmup, steps, cancellationToken));
            }
        var table = new PlainTable("K", "simulated_ms", "measured_ms", "rounds_ms", "measured/simulated");
        foreach (int k in ValidationWorkers)
        {
            // This process's silo: no network, one device whose thread runs the K workers' steps in turn.
            var here = new ClusterShape(k, 1, k, k, ValidationShards, double.PositiveInfinity, 0, maxMessageBytes, 1);
            double simulated = simulation.Step(here, simulation.Workload(ValidationShards, sample, k)).Total;
            double median = measured[k].Order().ElementAt(measured[k].Count / 2);
            figures[$"validate_k{k}_simulated_ms"] = simulated * 1e3;
            figures[$"validate_k{k}_measured_ms"] = median * 1e3;
            figures[$"validate_k{k}_measured_over_simulated"] = median / simulated;
            table.Add(Count(k), Ms(simulated), Ms(median), string.Join(" ", measured[k].Select(Ms)), Ratio(median / simulated));
        }
        return table;
    }

    private static PlainTable ByWorkers(Simulation simulation, Func<int, ClusterShape> shapeOf, TouchedRowSample sample, Dictionary<string, double> figures)
    {
        var table = new PlainTable("K", "silos", "S", "compute_ms", "straggler_ms", "push_ms", "apply_ms", "reply_ms", "step_ms", "samples/s", "one_worker_ms", "efficiency");
        foreach (int k in WorkerCounts)
        {
            var shape = shapeOf(k);
            var step = simulation.Step(shape, simulation.Workload(shape.ParameterShards, sample, k));
            // The baseline: one worker on this same cluster, so the shards' and links' own parallelism is not credited to the workers.
            var one = simulation.Step(shape.WithOneWorker(), simulation.Workload(shape.ParameterShards, sample, 1));
            double efficiency = step.EfficiencyAgainst(one);
            table.Add(Count(k), Count(shape.Silos), Count(shape.ParameterShards), Ms(step.Compute), Ms(step.StragglerWait), Ms(step.Push), Ms(step.Apply),
                Ms(step.Reply), Ms(step.Total), Count(step.SamplesPerSecond), Ms(one.Total), Ratio(efficiency));
            foreach (var (name, seconds) in Phases(step)) figures[$"k{k}_{name}_ms"] = seconds * 1e3;
            figures[$"k{k}_one_worker_step_ms"] = one.Total * 1e3;
            figures[$"k{k}_samples_per_s"] = step.SamplesPerSecond;
            figures[$"k{k}_efficiency"] = efficiency;
        }
        return table;
    }

    private static PlainTable ByVocabulary(Simulation simulation, ClusterShape shape, Dictionary<string, double> figures, CancellationToken cancellationToken)
    {
        var table = new PlainTable("table_rows", "rows/worker", "sparse_kb", "dense_kb", "sparse/dense", "rows/step", "step_ms", "samples/s");
        foreach (long rows in VocabularyRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sample = TouchedRowSample.Draw(VocabularyScaling.AliCcpLikeTo(rows), simulation.Batch, shape.Workers, SampledSteps, SampleSeed);
            var workload = simulation.Workload(shape.ParameterShards, sample, shape.Workers);
            var step = simulation.Step(shape, workload);
            double touched = workload.WorkerRowsPerShard.Sum(), merged = workload.MergedRowsPerShard.Sum();
            double sparseOverDense = workload.SparseBytesPerWorker / workload.DenseBytesPerWorker;
            table.Add(Count(sample.EmbeddingRows), Count(touched), Count(workload.SparseBytesPerWorker / 1024), Count(workload.DenseBytesPerWorker / 1024),
                sparseOverDense.ToString("0.000", CultureInfo.InvariantCulture), Count(merged), Ms(step.Total), Count(step.SamplesPerSecond));
            string key = $"vocab_1e{Math.Round(Math.Log10(rows)).ToString(CultureInfo.InvariantCulture)}";
            figures[$"{key}_table_rows"] = sample.EmbeddingRows;
            figures[$"{key}_touched_rows_per_worker"] = touched;
            figures[$"{key}_merged_rows_per_step"] = merged;
            figures[$"{key}_sparse_bytes_per_worker"] = workload.SparseBytesPerWorker;
            figures[$"{key}_dense_bytes_per_worker"] = workload.DenseBytesPerWorker;
            figures[$"{key}_sparse_over_dense"] = sparseOverDense;
            figures[$"{key}_step_ms"] = step.Total * 1e3;
            figures[$"{key}_samples_per_s"] = step.SamplesPerSecond;
        }
        return table;
    }

    /// <summary>The measured costs and the assumed settings, printed first so every table can be read against them.</summary>
    private static Dictionary<string, double> CalibrationFigures(ParseResult parsed, Simulation simulation, double measuredJitter)
    {
        var costs = simulation.Costs;
        return new Dictionary<string, double>
        {
            ["compute_ms"] = costs.ComputeSeconds * 1e3,
            ["compute_jitter_ms"] = measuredJitter * 1e3,
            ["simulated_jitter_ms"] = costs.ComputeJitterSeconds * 1e3,   // --jitter-ms, or the measured one
            ["rpc_overhead_us"] = costs.RpcOverheadSeconds * 1e6,
            ["encode_ns_per_byte"] = costs.EncodeSecondsPerByte * 1e9,
            ["decode_ns_per_byte"] = costs.DecodeSecondsPerByte * 1e9,
            ["dense_apply_ns_per_param"] = costs.DenseApplySecondsPerElement * 1e9,
            ["merge_ns_per_float"] = costs.MergeSecondsPerElement * 1e9,
            ["row_apply_fixed_us"] = costs.RowApplyFixedSeconds * 1e6,
            ["row_apply_ns_per_row"] = costs.RowApplySecondsPerRow * 1e9,
            ["dense_parameters"] = simulation.DenseShapes.Sum(d => d.Shape.Aggregate(1L, (a, b) => a * b)),
            ["batch_per_worker"] = simulation.Batch,
            ["bandwidth_gbit"] = parsed.GetValue(BandwidthGbit),
            ["latency_ms"] = parsed.GetValue(LatencyMs),
            ["gpu_speedup"] = parsed.GetValue(GpuSpeedup),
            ["workers_per_silo"] = parsed.GetValue(WorkersPerSilo),
            ["workers_per_device"] = parsed.GetValue(WorkersPerDevice),
            ["ps_shards"] = parsed.GetValue(ParameterShards) ?? 0,   // 0: one per silo
            ["max_message_bytes"] = parsed.GetValue(MaxMessageBytes),
            ["vocabulary_workers"] = parsed.GetValue(VocabularyWorkers),
        };
    }

    private static string Ms(double seconds) => (seconds * 1e3).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static IEnumerable<(string Name, double Seconds)> Phases(StepBreakdown step) =>
    [
        ("compute", step.Compute), ("straggler", step.StragglerWait), ("push", step.Push), ("apply", step.Apply), ("reply", step.Reply), ("step", step.Total),
    ];

    /// <summary>Names and shapes of the model's dense parameters: they do not depend on the vocabulary.</summary>
    private static IReadOnlyList<(string Name, long[] Shape)> DenseShapes(ModelConfig config)
    {
        using var model = new AdaFtrModel(config);
        return ParameterLayout.Of(model, 1).Dense.Select(d => (d.Name, d.Shape)).ToList();
    }
}
