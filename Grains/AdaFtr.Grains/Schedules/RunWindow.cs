using System.Globalization;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Grains.Schedules;

/// <summary>
/// The days one run reads. For an occurrence on local date D (in the schedule's zone): the test days are the
/// <c>test</c> days before D (D − test … D − 1, the newest complete partitions), and the training days the
/// <c>window</c> days before those. E.g. 0 2 * * * on 2026-11-09, window 7, test 1: train 11-01 … 11-07, test 11-08.
/// </summary>
public sealed record RunWindow(IReadOnlyList<DateOnly> TrainDays, IReadOnlyList<DateOnly> TestDays)
{
    public static RunWindow For(DateTimeOffset occurrence, TimeZoneInfo zone, int windowDays, int testDays)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurrence, zone).DateTime);
        var firstTest = date.AddDays(-testDays);
        return new RunWindow(
            Enumerable.Range(0, windowDays).Select(d => firstTest.AddDays(d - windowDays)).ToList(),
            Enumerable.Range(0, testDays).Select(d => firstTest.AddDays(d)).ToList());
    }

    /// <summary>Where a day's partition lies under a dataset folder (or az:// prefix).</summary>
    public static string Partition(string dataset, DateOnly day) => $"{dataset.TrimEnd('/')}/{DayPartition.FolderOf(day)}";

    /// <summary>A run's job id: the schedule's name and the occurrence in the schedule's zone, e.g. <c>nightly-20261109T0200</c>.</summary>
    public static string RunId(string schedule, DateTimeOffset occurrence, TimeZoneInfo zone) =>
        $"{schedule}-{TimeZoneInfo.ConvertTime(occurrence, zone).ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)}";
}
