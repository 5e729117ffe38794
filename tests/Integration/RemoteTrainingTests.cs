using System.Text.Json;

namespace AdaFtr.Integration.Tests;

/// <summary>`adaftr train --cluster` against silo processes started by `adaftr cluster up`, then `adaftr jobs` and `adaftr report` on the same cluster.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class RemoteTrainingTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-remote-").FullName;
    private string StateDir => Path.Combine(_folder, "cluster");

    [Fact]
    public async Task Train_on_a_running_cluster_then_list_and_inspect_the_job()
    {
        var up = await AdaftrProcess.Run(Limit, "cluster", "up", "--silos", "2", "--devices", "cpu", "--state-dir", StateDir);
        try
        {
            up.ExitCode.Should().Be(0, up.ToString());
            var redis = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDir, "cluster.json"))).RootElement.GetProperty("redis").GetString();
            var cluster = $"redis://{redis}";

            var train = await AdaftrProcess.Run(Limit, "train", "--cluster", cluster, "--workers", "2", "--ps-shards", "2", "--steps", "40",
                "--checkpoint-dir", Path.Combine(_folder, "ckpt"), "--job", "remote-1");
            train.ExitCode.Should().Be(0, train.ToString());
            train.Output.Should().Contain($"cluster 'adaftr' via {cluster}");
            File.Exists(Path.Combine(_folder, "ckpt", "remote-1", "0000000040", "manifest.json")).Should().BeTrue();

            var list = await AdaftrProcess.Run(Limit, "jobs", "list", "--cluster", cluster, "--json");
            list.ExitCode.Should().Be(0, list.ToString());
            var job = JsonDocument.Parse(list.Output).RootElement.EnumerateArray().Single();
            job.GetProperty("job").GetString().Should().Be("remote-1");
            job.GetProperty("state").GetString().Should().Be("Completed");
            job.GetProperty("steps_applied").GetInt64().Should().Be(40);

            var status = await AdaftrProcess.Run(Limit, "jobs", "status", "remote-1", "--cluster", cluster);
            status.ExitCode.Should().Be(0, status.ToString());
            status.Output.Should().MatchRegex(@"(?m)^ +0 +\S+ +\S+$").And.MatchRegex(@"(?m)^ +1 +\S+ +\S+$");

            var table = await AdaftrProcess.Run(Limit, "jobs", "list", "--cluster", cluster);
            table.Output.Should().MatchRegex(@"(?m)^remote-1 +Completed +40/40 ").And.NotContain("\u001b");

            // The report from the live cluster and the one from the stored history agree on the job's figures.
            var live = await AdaftrProcess.Run(Limit, "report", "remote-1", "--cluster", cluster, "--checkpoints", Path.Combine(_folder, "ckpt"), "--out", Path.Combine(_folder, "live"), "--json");
            live.ExitCode.Should().Be(0, live.ToString());
            JsonDocument.Parse(live.Output).RootElement.GetProperty("source").GetString().Should().Be("the live cluster");
            var stored = await AdaftrProcess.Run(Limit, "report", "remote-1", "--checkpoints", Path.Combine(_folder, "ckpt"), "--out", Path.Combine(_folder, "stored"));
            stored.ExitCode.Should().Be(0, stored.ToString());
            static string Section(string folder, string title) =>
                File.ReadAllText(Path.Combine(folder, "report.md")).Split("## ").Single(s => s.StartsWith(title));
            Section(Path.Combine(_folder, "live"), "Final metrics").Should().Be(Section(Path.Combine(_folder, "stored"), "Final metrics")).And.Contain("| ctr |");
            Section(Path.Combine(_folder, "live"), "Checkpoints").Should().Contain("| 40 |");

            var unknown = await AdaftrProcess.Run(Limit, "jobs", "status", "nope", "--cluster", cluster);
            unknown.ExitCode.Should().Be(2);
            unknown.Error.Should().Contain("jobs list");
        }
        finally
        {
            await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", StateDir);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
