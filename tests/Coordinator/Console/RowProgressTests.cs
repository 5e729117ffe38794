using AdaFtr.Coordinator.Commands.Data;
using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Tests.Console;

[Trait("Category", "Cli")]
public sealed class RowProgressTests
{
    [Fact]
    public void Without_a_live_bar_progress_is_a_plain_line_with_rows_and_rate()
    {
        var error = new StringWriter();
        new RowProgress("writing shards/x", error, ProgressBar.None, TimeSpan.Zero).Report(65_536);
        error.ToString().Should().MatchRegex(@"^  writing shards/x: 65,536 rows, [0-9,]+ rows/s\n$");
    }

    [Fact]
    public void Lines_come_at_most_once_per_interval()
    {
        var error = new StringWriter();
        var progress = new RowProgress("reading a.csv", error, ProgressBar.None, TimeSpan.FromHours(1));
        for (long rows = 1; rows <= 5; rows++) progress.Report(rows);
        error.ToString().Should().BeEmpty("the first line is due an interval after the start");
    }
}
