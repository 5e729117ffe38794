using System.Text.Json;

namespace AdaFtr.Integration.Tests;

/// <summary>`adaftr schedule` against silo processes clustered through a Redis this test owns, which outlives the silos.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Schedule")]
public sealed class ScheduleClusterTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-schedule-cluster-").FullName;
    private string StateDir => Path.Combine(_folder, "cluster");

    [Fact]
    public async Task A_schedule_kept_in_redis_survives_a_restart_of_every_silo()
    {
        await using var redis = new TestRedis();
        int port = redis.Port;
        var cluster = $"redis://127.0.0.1:{port}";
        string[] up = ["cluster", "up", "--silos", "1", "--devices", "cpu", "--redis", $"127.0.0.1:{port}", "--state-dir", StateDir];
        try
        {
            var dataset = Path.Combine(_folder, "ecomm");
            var synth = await AdaftrProcess.Run(Limit, "data", "synth", "--kind", "ecomm-ads-like", "--rows", "200", "--days", "2", "--out", dataset);
            synth.ExitCode.Should().Be(0, synth.ToString());
            (await AdaftrProcess.Run(Limit, up)).ExitCode.Should().Be(0);

            var add = await AdaftrProcess.Run(Limit, "schedule", "add", "--cluster", cluster, "--name", "nightly", "--cron", "0 2 * * *", "--dataset", dataset,
                "--window", "1d", "--test", "1d", "--steps", "5", "--batch-size", "32", "--checkpoints", Path.Combine(_folder, "ckpt"), "--json");
            add.ExitCode.Should().Be(0, add.ToString());
            var added = JsonDocument.Parse(add.Output).RootElement.EnumerateArray().Single();
            added.GetProperty("name").GetString().Should().Be("nightly");
            added.GetProperty("next_utc").GetDateTimeOffset().TimeOfDay.Should().Be(TimeSpan.FromHours(2));

            var clash = await AdaftrProcess.Run(Limit, "schedule", "add", "--cluster", cluster, "--name", "nightly", "--cron", "0 3 * * *", "--dataset", dataset, "--window", "1d");
            clash.ExitCode.Should().Be(2, clash.ToString());
            clash.Error.Should().Contain("already exists").And.Contain("schedule update");
            var update = await AdaftrProcess.Run(Limit, "schedule", "update", "--cluster", cluster, "--name", "nightly", "--steps", "9");
            update.ExitCode.Should().Be(0, update.ToString());

            // Every silo stops; Redis keeps the state and the reminder. New silos read the schedule back from it.
            (await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", StateDir)).ExitCode.Should().Be(0);
            (await AdaftrProcess.Run(Limit, up)).ExitCode.Should().Be(0);
            var list = await AdaftrProcess.Run(Limit, "schedule", "list", "--cluster", cluster, "--json");
            list.ExitCode.Should().Be(0, list.ToString());
            var kept = JsonDocument.Parse(list.Output).RootElement.EnumerateArray().Single();
            (kept.GetProperty("name").GetString(), kept.GetProperty("cron").GetString(), kept.GetProperty("steps").GetInt64(), kept.GetProperty("window_days").GetInt32())
                .Should().Be(("nightly", "0 2 * * *", 9L, 1));
            var runs = await AdaftrProcess.Run(Limit, "schedule", "runs", "nightly", "--cluster", cluster);
            runs.ExitCode.Should().Be(0, runs.ToString());
            runs.Output.Should().Contain("champion none yet").And.Contain("(no runs yet)");

            var remove = await AdaftrProcess.Run(Limit, "schedule", "remove", "nightly", "--cluster", cluster);
            remove.ExitCode.Should().Be(0, remove.ToString());
            (await AdaftrProcess.Run(Limit, "schedule", "list", "--cluster", cluster)).Output.Should().Contain("(no schedules");
            var gone = await AdaftrProcess.Run(Limit, "schedule", "runs", "nightly", "--cluster", cluster);
            gone.ExitCode.Should().Be(2, gone.ToString());
            gone.Error.Should().Contain("schedule list");
        }
        finally
        {
            await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", StateDir);
        }
    }


    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
