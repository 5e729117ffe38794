using AdaFtr.Checkpoints;
using AdaFtr.Model.Configuration;

namespace AdaFtr.Grains.Schedules;

/// <summary>Checks a <see cref="ScheduleSpec"/> once, when it is added or updated; the data is checked by each run, since days arrive later.</summary>
public static class ScheduleSpecValidator
{
    /// <returns>The parsed cron and the metric.</returns>
    /// <exception cref="ScheduleSpecException">with one line per problem, each naming the field.</exception>
    public static (CronSchedule Cron, SelectionMetric Metric) Validate(ScheduleSpec spec)
    {
        var errors = new List<string>();
        void Fail(string field, string problem) => errors.Add($"{field}: {problem}");

        // A name prefixes its runs' job ids and names its folder in the checkpoint store: the job-id rule, in 64 characters.
        if (spec.Name is null || spec.Name.Length > 64 || JobIds.Problem(spec.Name) is not null)
            Fail(nameof(spec.Name), $"'{spec.Name}' must be 1 to 64 letters, digits, '-', '_' or '.', and not '.' or '..'");
        TimeZoneInfo? zone = null;
        try { zone = CronSchedule.FindZone(spec.TimeZone); }
        catch (ArgumentException e) { Fail(nameof(spec.TimeZone), e.Message); }
        CronSchedule? cron = null;
        try { cron = CronSchedule.Parse(spec.Cron, zone ?? TimeZoneInfo.Utc); }
        catch (ArgumentException e) { Fail(nameof(spec.Cron), e.Message); }
        if (string.IsNullOrWhiteSpace(spec.Dataset)) Fail(nameof(spec.Dataset), "name the folder (or az://container/folder) that holds the day=YYYY-MM-DD partitions");
        if (spec.WindowDays is < 1 or > 366) Fail(nameof(spec.WindowDays), $"{spec.WindowDays} must be between 1 and 366 days");
        if (spec.TestDays is < 1 or > 31) Fail(nameof(spec.TestDays), $"{spec.TestDays} must be between 1 and 31 days");
        if (spec.Workers < 1) Fail(nameof(spec.Workers), $"{spec.Workers} must be at least 1");
        if (spec.ParameterShards < 1) Fail(nameof(spec.ParameterShards), $"{spec.ParameterShards} must be at least 1");
        if (spec.Steps < 1) Fail(nameof(spec.Steps), $"{spec.Steps} must be at least 1");
        if (spec.BatchPerWorker < 1) Fail(nameof(spec.BatchPerWorker), $"{spec.BatchPerWorker} must be at least 1");
        if (spec.EvalBatchRows < 1) Fail(nameof(spec.EvalBatchRows), $"{spec.EvalBatchRows} must be at least 1");
        try { CheckpointStores.Open(spec.CheckpointStore); }
        catch (ArgumentException e) { Fail(nameof(spec.CheckpointStore), e.Message); }

        SelectionMetric? metric = null;
        try
        {
            var config = ModelConfigJson.Parse(spec.ModelConfigJson);
            try { metric = SelectionMetric.Parse(spec.Metric, config.Schema.Tasks); }
            catch (ArgumentException e) { Fail(nameof(spec.Metric), e.Message); }
        }
        catch (ModelConfigException e) { Fail(nameof(spec.ModelConfigJson), e.Message); }
        if (errors.Count > 0) throw new ScheduleSpecException(errors);
        return (cron!, metric!);
    }
}
