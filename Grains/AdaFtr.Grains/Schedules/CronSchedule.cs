using Cronos;

namespace AdaFtr.Grains.Schedules;

/// <summary>
/// When a schedule runs: a five-field cron expression read in a time zone. <see cref="Due"/> picks the ONE occurrence
/// to run now, the latest one not yet run, so a cluster that was down over several occurrences catches up once.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] FieldNames = ["minute", "hour", "day of month", "month", "day of week"];

    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone) { _expression = expression; Zone = zone; }

    public TimeZoneInfo Zone { get; }

    /// <exception cref="ArgumentException">naming the bad field of <paramref name="cron"/>, or the unknown time zone.</exception>
    public static CronSchedule Parse(string cron, string timeZone = "UTC") => Parse(cron, FindZone(timeZone));

    /// <exception cref="ArgumentException">naming the bad field of <paramref name="cron"/>.</exception>
    public static CronSchedule Parse(string cron, TimeZoneInfo zone)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != FieldNames.Length)
            throw new ArgumentException($"cron '{cron}' has {fields.Length} field(s); write five: minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" for 02:00 every day");
        // Each field alone, the others '*': the first that fails alone is the one to name.
        for (int i = 0; i < fields.Length; i++)
        {
            var alone = string.Join(' ', fields.Select((f, j) => j == i ? f : "*"));
            if (!CronExpression.TryParse(alone, out _))
                throw new ArgumentException($"cron '{cron}': the {FieldNames[i]} field '{fields[i]}' is not valid (see `man 5 crontab`)");
        }
        if (!CronExpression.TryParse(string.Join(' ', fields), out var expression))
            throw new ArgumentException($"cron '{cron}': its fields do not combine into a schedule (e.g. day 31 of a 30-day month)");
        return new CronSchedule(expression, zone);
    }

    /// <exception cref="ArgumentException">the zone is not known on this machine.</exception>
    public static TimeZoneInfo FindZone(string timeZone)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(timeZone); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"time zone '{timeZone}' is not known here; use an IANA name such as UTC or Europe/Berlin");
        }
    }

    /// <summary>The latest occurrence in (<paramref name="after"/>, <paramref name="now"/>], or null when none falls there.</summary>
    /// <param name="after">The occurrence the schedule last ran (or the time it was added, before its first run).</param>
    public DateTimeOffset? Due(DateTimeOffset after, DateTimeOffset now)
    {
        if (now <= after) return null;
        DateTimeOffset? latest = null;
        foreach (var occurrence in _expression.GetOccurrences(after, now, Zone, fromInclusive: false, toInclusive: true)) latest = occurrence;
        return latest;
    }

    /// <summary>The first occurrence after <paramref name="after"/>, or null when the expression never fires again.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone, inclusive: false);
}
