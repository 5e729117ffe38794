using System.Globalization;
using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Synthetic;

/// <summary>One day of a daily-partitioned set: its folder name (<c>day=YYYY-MM-DD</c>) and its rows.</summary>
public sealed record DayPartition(DateOnly Day, IRowSource Rows)
{
    public string Folder => FolderOf(Day);

    public static string FolderOf(DateOnly day) => $"day={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
