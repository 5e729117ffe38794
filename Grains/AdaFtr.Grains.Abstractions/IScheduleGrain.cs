namespace AdaFtr.Grains;

/// <summary>
/// One scheduled retrain (key: its name). Ticked by an Orleans reminder; each tick follows the run in progress and,
/// when none is, starts the one cron occurrence that is due (the latest not yet run, so an outage yields one run).
/// </summary>
[Alias("adaftr.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores the schedule and starts its reminder. Adding the same spec again changes nothing.</summary>
    [Alias("Add")] Task<ScheduleView> AddAsync(ScheduleSpec spec);

    /// <summary>Replaces the spec of an existing schedule, keeping its champion and runs; the next run uses it.</summary>
    [Alias("Update")] Task<ScheduleView> UpdateAsync(ScheduleSpec spec);

    /// <summary>Stops the reminder, cancels a run in progress and forgets the schedule (checkpoints stay in the store).</summary>
    [Alias("Remove")] Task RemoveAsync();

    /// <summary>The schedule, or null when there is none of this name.</summary>
    [Alias("Get")] Task<ScheduleView?> GetAsync();

    /// <summary>What a reminder tick does: follow the run in progress, or start the due occurrence. Returns at once; jobs run on.</summary>
    [Alias("RunDue"), ResponseTimeout("00:10:00")] Task<ScheduleView> RunDueAsync();
}
