using System.Text.Json;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Readers;

namespace AdaFtr.Coordinator.Tests;

/// <summary>The job page's <c>/api/schedules</c> on a real embedded silo: what the schedule grain holds, as JSON.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Schedule")]
public sealed class SchedulePageApiTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-schedule-page-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_job_page_lists_a_schedule_with_its_metric_no_champion_yet_and_the_next_occurrence()
    {
        var train = Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", "ali_ccp_train_sample.csv");
        var config = new ModelConfig { Schema = AliCcpCsvReader.Schema(train, AliCcpCsvReader.Read(train).VocabularySizes()) };
        var spec = new ScheduleSpec
        {
            Name = "nightly-page",
            Cron = "30 2 * * *",
            Dataset = Path.Combine(_folder, "days"),
            ModelConfigJson = ModelConfigJson.Serialize(config),
            CheckpointStore = Path.Combine(_folder, "checkpoints"),
            Metric = "ctr_gauc",
        };
        await using var silo = await EmbeddedSilo.StartAsync("cpu", CancellationToken.None);
        var added = await silo.Grains.GetGrain<IScheduleGrain>(spec.Name).AddAsync(spec);

        using var http = new HttpClient();
        var schedules = JsonDocument.Parse(await http.GetStringAsync($"{silo.Settings.DashboardUrl.TrimEnd('/')}/api/schedules")).RootElement;
        var listed = schedules.EnumerateArray().Should().ContainSingle().Subject;
        listed.GetProperty("name").GetString().Should().Be("nightly-page");
        listed.GetProperty("cron").GetString().Should().Be("30 2 * * *");
        listed.GetProperty("metric").GetString().Should().Be("ctr_gauc");
        listed.GetProperty("champion").ValueKind.Should().Be(JsonValueKind.Null);
        listed.GetProperty("runs").GetArrayLength().Should().Be(0);
        listed.GetProperty("next_utc").GetDateTimeOffset().Should().Be(added.NextOccurrence!.Value);
        added.NextOccurrence!.Value.UtcDateTime.TimeOfDay.Should().Be(new TimeSpan(2, 30, 0));
    }
}
