using System.CommandLine;
using AdaFtr.Grains;
using AdaFtr.Grains.Schedules;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Coordinator.Commands.Schedule;

/// <summary>The options that define a schedule, for <c>schedule add</c> (defaults apply) and <c>schedule update</c> (only options given change).</summary>
internal sealed class ScheduleSpecOptions
{
    /// <summary>Hash buckets per sparse field at most, in the default model: a production vocabulary of millions shares rows.</summary>
    public const int DefaultBuckets = 1 << 17;

    public Option<string> Name { get; } = new("--name") { Description = "The schedule's name; its runs are jobs {name}-{yyyyMMddTHHmm}.", DefaultValueFactory = _ => "nightly" };
    public Option<string> Cron { get; } = new("--cron") { Description = "When to run: five cron fields (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\" for 02:00 daily." };
    public Option<string> TimeZone { get; } = new("--time-zone") { Description = "IANA time zone of the cron and of the partition dates.", DefaultValueFactory = _ => "UTC" };
    public Option<string> Dataset { get; } = new("--dataset") { Description = "Folder (or az://container/folder) of daily partitions day=YYYY-MM-DD (see `adaftr data synth --kind ecomm-ads-like`); every silo must read it." };
    public Option<int> Window { get; } = new("--window") { Description = "Training days, written 7d: the partitions just before the test days.", DefaultValueFactory = _ => 7, CustomParser = DayCount.Parse };
    public Option<int> Test { get; } = new("--test") { Description = "Test days, written 1d: the partitions just before the run's date (the newest complete days).", DefaultValueFactory = _ => 1, CustomParser = DayCount.Parse };
    public Option<bool> WarmStart { get; } = new("--warm-start") { Description = "Start each challenger from the champion's parameters." };
    public Option<string> Metric { get; } = new("--metric") { Description = "Promotion metric, {task}_{auc|gauc|logloss} (tasks ctr, cvr[, view]); lower wins for logloss.", DefaultValueFactory = _ => "cvr_auc" };
    public Option<FileInfo?> Model { get; } = new("--model") { Description = $"Model config JSON. Default: AdaFTR-MMoE on the dataset's newest partition's columns, each field hashed into at most {DefaultBuckets:N0} rows." };
    public Option<int> Workers { get; } = new("--workers") { Description = "Synchronous workers per run.", DefaultValueFactory = _ => 1 };
    public Option<int> ParameterShards { get; } = new("--ps-shards") { Description = "Parameter-server shards per run.", DefaultValueFactory = _ => 1 };
    public Option<long> Steps { get; } = new("--steps") { Description = "Training steps per run.", DefaultValueFactory = _ => 1000 };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Rows per step over all workers (a multiple of --workers).", DefaultValueFactory = _ => 1024 };
    public Option<string> Checkpoints { get; } = new("--checkpoints") { Description = "Checkpoint store of the runs: a folder every silo can write, az://container/folder or https://ACCOUNT.blob.core.windows.net/container/folder.", DefaultValueFactory = _ => "checkpoints" };

    /// <summary>Which option sets each <see cref="ScheduleSpec"/> field, to turn the grain's field errors into option errors.</summary>
    private Dictionary<string, Option> ByField => new()
    {
        [nameof(ScheduleSpec.Name)] = Name, [nameof(ScheduleSpec.Cron)] = Cron, [nameof(ScheduleSpec.TimeZone)] = TimeZone,
        [nameof(ScheduleSpec.Dataset)] = Dataset, [nameof(ScheduleSpec.WindowDays)] = Window, [nameof(ScheduleSpec.TestDays)] = Test,
        [nameof(ScheduleSpec.Metric)] = Metric, [nameof(ScheduleSpec.ModelConfigJson)] = Model, [nameof(ScheduleSpec.Workers)] = Workers,
        [nameof(ScheduleSpec.ParameterShards)] = ParameterShards, [nameof(ScheduleSpec.Steps)] = Steps, [nameof(ScheduleSpec.BatchPerWorker)] = BatchSize,
        [nameof(ScheduleSpec.CheckpointStore)] = Checkpoints,
    };

    public void AddTo(Command command, bool forUpdate)
    {
        foreach (var option in new Option[] { Name, Cron, TimeZone, Dataset, Window, Test, WarmStart, Metric, Model, Workers, ParameterShards, Steps, BatchSize, Checkpoints })
            command.Options.Add(option);
        Cron.Required = !forUpdate;
        Dataset.Required = !forUpdate;
        Cron.Validators.Add(r =>
        {
            try { CronSchedule.Parse(r.GetValueOrDefault<string>()); }
            catch (ArgumentException e) { r.AddError($"--cron: {e.Message}"); }
        });
        TimeZone.Validators.Add(r =>
        {
            try { CronSchedule.FindZone(r.GetValueOrDefault<string>()); }
            catch (ArgumentException e) { r.AddError($"--time-zone: {e.Message}"); }
        });
        foreach (var positive in new Option[] { Workers, ParameterShards, BatchSize })
            positive.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{positive.Name}: must be at least 1"); });
        Steps.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 1) r.AddError("--steps: must be at least 1"); });
    }

    /// <summary>The spec for <c>add</c>: every option, given or default.</summary>
    public ScheduleSpec New(ParseResult parsed) => Apply(parsed, null);

    /// <summary>The spec for <c>update</c>: <paramref name="current"/> with only the options actually given changed.</summary>
    public ScheduleSpec Changed(ParseResult parsed, ScheduleSpec current) => Apply(parsed, current);

    /// <summary>Checks <paramref name="spec"/> as the grain will, so mistakes are reported before the cluster is reached.</summary>
    public void Check(ScheduleSpec spec)
    {
        try { ScheduleSpecValidator.Validate(spec); }
        catch (ScheduleSpecException e) { throw Explain(e); }
    }

    /// <summary>The grain's field errors as option errors.</summary>
    public UserError Explain(ScheduleSpecException e)
    {
        var byField = ByField;
        return new UserError(string.Join(Environment.NewLine + "       ", e.Errors.Select(line =>
        {
            int colon = line.IndexOf(':');
            return colon > 0 && byField.TryGetValue(line[..colon], out var option) ? $"{option.Name}{line[colon..]}" : line;
        })));
    }

    private ScheduleSpec Apply(ParseResult parsed, ScheduleSpec? current)
    {
        bool Use(Option option) => current is null || parsed.GetResult(option) is { Implicit: false };
        var dataset = Use(Dataset) ? Location(parsed.GetValue(Dataset)!) : current!.Dataset;
        int workers = Use(Workers) ? parsed.GetValue(Workers) : current!.Workers;
        int batch = Use(BatchSize) ? parsed.GetValue(BatchSize) : current!.BatchPerWorker * current.Workers;
        string modelJson = Use(Model) ? ModelFor(parsed.GetValue(Model), dataset) : current!.ModelConfigJson;
        var spec = new ScheduleSpec
        {
            Name = current?.Name ?? parsed.GetValue(Name)!,
            Cron = Use(Cron) ? parsed.GetValue(Cron)! : current!.Cron,
            TimeZone = Use(TimeZone) ? parsed.GetValue(TimeZone)! : current!.TimeZone,
            Dataset = dataset,
            WindowDays = Use(Window) ? parsed.GetValue(Window) : current!.WindowDays,
            TestDays = Use(Test) ? parsed.GetValue(Test) : current!.TestDays,
            WarmStart = Use(WarmStart) ? parsed.GetValue(WarmStart) : current!.WarmStart,
            Metric = Use(Metric) ? parsed.GetValue(Metric)! : current!.Metric,
            ModelConfigJson = modelJson,
            Workers = workers,
            ParameterShards = Use(ParameterShards) ? parsed.GetValue(ParameterShards) : current!.ParameterShards,
            Steps = Use(Steps) ? parsed.GetValue(Steps) : current!.Steps,
            BatchPerWorker = batch / workers,
            CheckpointStore = Use(Checkpoints) ? Location(parsed.GetValue(Checkpoints)!) : current!.CheckpointStore,
        };
        if (spec.BatchPerWorker * spec.Workers != batch)
            throw new UserError($"--batch-size: {batch} rows do not split evenly over {workers} workers; use a multiple of --workers", ExitCodes.Usage);
        return spec;
    }

    /// <summary>A local folder made absolute (the silos resolve it, not this shell); blob locations as given.</summary>
    private static string Location(string location) => ShardStores.IsBlob(location) ? location : Path.GetFullPath(location);

    /// <summary>The model every run trains: --model, or the defaults on the newest partition's columns.</summary>
    private static string ModelFor(FileInfo? file, string dataset)
    {
        if (file is not null)
        {
            try { return ModelConfigJson.Serialize(ModelConfigJson.Load(file.FullName)); }
            catch (ModelConfigException e) { throw new UserError($"--model: {e.Message}"); }
        }
        IShardStore root;
        try { root = ShardStores.Open(dataset); }
        catch (ArgumentException e) { throw new UserError($"--dataset: {e.Message}"); }
        var newest = (ShardStores.IsBlob(dataset) || Directory.Exists(dataset) ? root.Folders() : [])
            .Where(f => f.StartsWith("day=", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .LastOrDefault(f => ShardSet.Exists(root.Child(f)))
            ?? throw new UserError($"--dataset: {dataset} holds no day=YYYY-MM-DD partition yet, so the default model has no columns to fit; "
                                   + "pass --model FILE, or write days first (adaftr data synth --kind ecomm-ads-like --days 8 --out DIR)");
        var manifest = ShardSet.Open(root.Child(newest)).Manifest;
        var schema = manifest.Schema.ToFeatureSchema(manifest.VocabularySizes);
        var config = new ModelConfig
        {
            Schema = schema with { SparseFields = schema.SparseFields.Select(f => f with { Hashed = true, VocabularySize = Math.Min(f.VocabularySize, DefaultBuckets) }).ToList() },
        };
        return ModelConfigJson.Serialize(ModelConfigValidator.Validate(config));
    }
}
