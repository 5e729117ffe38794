using System.Text.Json;
using AdaFtr.Coordinator.Commands.Schedule;
using AdaFtr.Grains;
using AdaFtr.Silo.Json;

namespace AdaFtr.Coordinator.Tests;

/// <summary>`adaftr schedule list|runs --json` and <c>/api/schedules</c>: one shape, and a metric that is NaN written as null, not an exception.</summary>
[Trait("Category", "Schedule")]
public sealed class ScheduleJsonTests
{
    private static ScheduleView View(double championMetric, double? challenger)
    {
        var spec = new ScheduleSpec
        {
            Name = "nightly", Cron = "0 2 * * *", Dataset = "/data/days", ModelConfigJson = "{}", CheckpointStore = "/ckpt", Metric = "ctr_auc",
        };
        var day = new DateOnly(2026, 11, 9);
        var occurrence = new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
        var runs = Enumerable.Range(0, 12).Select(i => new ScheduleRun($"nightly-{i}", occurrence.AddDays(i), day, day, day, day, RunOutcome.Refused,
            occurrence.AddDays(i), occurrence.AddDays(i).AddHours(1), challenger, championMetric, "nightly-0", null, "refused", "ctr_auc")).ToList();
        var champion = new ScheduleChampion("nightly-0", new CheckpointReference("/ckpt", "nightly-0", 40), championMetric, occurrence, "{}", 1);
        return new ScheduleView(spec, occurrence, champion, runs, occurrence.AddDays(13));
    }

    [Fact]
    public void Runs_json_with_a_champions_nan_metric_writes_null()
    {
        var json = JsonDocument.Parse(ScheduleOutput.RunsJson(View(double.NaN, double.PositiveInfinity))).RootElement;

        json.GetProperty("champion").GetProperty("metric").ValueKind.Should().Be(JsonValueKind.Null);
        json.GetProperty("runs").GetArrayLength().Should().Be(12, "runs --json shows every run");
        json.GetProperty("runs")[0].GetProperty("challenger").ValueKind.Should().Be(JsonValueKind.Null);
        json.GetProperty("runs")[0].GetProperty("champion").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void The_cli_and_the_http_api_write_the_same_shape()
    {
        var view = View(0.71, 0.72);
        var cli = JsonDocument.Parse(ScheduleOutput.ListJson([view])).RootElement[0];
        // What /api/schedules answers: ASP.NET's web defaults (camelCase) over the same record.
        var api = JsonDocument.Parse(JsonSerializer.Serialize(ScheduleJson.Of(view), new JsonSerializerOptions(JsonSerializerDefaults.Web))).RootElement;

        Names(cli).Should().Equal(Names(api)).And.Contain(["name", "champion", "runs", "next_utc"]);
        Names(cli.GetProperty("champion")).Should().Equal(Names(api.GetProperty("champion")));
        Names(cli.GetProperty("runs")[0]).Should().Equal(Names(api.GetProperty("runs")[0]));
        cli.GetProperty("runs").GetArrayLength().Should().Be(ScheduleJson.LatestRuns);
        cli.GetProperty("champion").GetProperty("metric").GetDouble().Should().Be(0.71);
    }

    private static List<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}
