using System.Text.Json;
using AdaFtr.Coordinator.Training;

namespace AdaFtr.Integration.Tests;

/// <summary>
/// `adaftr train`, `jobs` and `schedule` with <c>--cluster azure</c> against a silo clustered through an Azurite table
/// service this test owns: job records and schedules are kept in its tables, so they outlive every silo.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Schedule")]
public sealed class AzureTableClusterTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-azure-cluster-").FullName;
    private readonly AzuriteProcess _azurite = AzuriteProcess.Table();
    private string StateDir => Path.Combine(_folder, "cluster");

    [Fact]
    public async Task A_job_record_and_a_schedule_kept_in_azure_tables_survive_a_restart_of_every_silo()
    {
        // The connection string travels in a file, as a mounted secret would: the key is in no process's argv.
        var secret = Path.Combine(_folder, "storage.txt");
        File.WriteAllText(secret, _azurite.ConnectionString + "\n");
        var environment = new Dictionary<string, string> { [AzureTableClusterAddress.ConnectionFileVariable] = secret };
        Task<AdaftrProcess.Result> Adaftr(params string[] args) => AdaftrProcess.Run(Limit, environment, args);
        string[] up = ["cluster", "up", "--silos", "1", "--devices", "cpu", "--clustering", "azure", "--state-dir", StateDir];
        try
        {
            var started = await Adaftr(up);
            started.ExitCode.Should().Be(0, started.ToString());
            started.Output.Should().Contain("--cluster azure").And.NotContain("AccountKey");

            var train = await Adaftr("train", "--cluster", "azure", "--workers", "1", "--steps", "5", "--job", "azure-1", "--checkpoint-dir", Path.Combine(_folder, "ckpt"));
            train.ExitCode.Should().Be(0, train.ToString());
            train.Output.Should().Contain($"via azure tables at http://127.0.0.1:").And.NotContain("AccountKey");

            var dataset = Path.Combine(_folder, "ecomm");
            var synth = await Adaftr("data", "synth", "--kind", "ecomm-ads-like", "--rows", "200", "--days", "2", "--out", dataset);
            synth.ExitCode.Should().Be(0, synth.ToString());
            var add = await Adaftr("schedule", "add", "--cluster", "azure", "--name", "nightly", "--cron", "0 2 * * *", "--dataset", dataset,
                "--window", "1d", "--test", "1d", "--steps", "7", "--checkpoints", Path.Combine(_folder, "ckpt"));
            add.ExitCode.Should().Be(0, add.ToString());

            // Every silo stops; the tables keep the job record, the schedule and its reminder. A new silo reads them back.
            (await Adaftr("cluster", "down", "--state-dir", StateDir)).ExitCode.Should().Be(0);
            var again = await Adaftr(up);
            again.ExitCode.Should().Be(0, again.ToString());

            var jobs = await Adaftr("jobs", "list", "--cluster", "azure", "--json");
            jobs.ExitCode.Should().Be(0, jobs.ToString());
            var job = JsonDocument.Parse(jobs.Output).RootElement.EnumerateArray().Single();
            (job.GetProperty("job").GetString(), job.GetProperty("state").GetString(), job.GetProperty("steps_applied").GetInt64())
                .Should().Be(("azure-1", "Completed", 5L));
            var schedules = await Adaftr("schedule", "list", "--cluster", "azure", "--json");
            schedules.ExitCode.Should().Be(0, schedules.ToString());
            var kept = JsonDocument.Parse(schedules.Output).RootElement.EnumerateArray().Single();
            (kept.GetProperty("name").GetString(), kept.GetProperty("cron").GetString(), kept.GetProperty("steps").GetInt64())
                .Should().Be(("nightly", "0 2 * * *", 7L));
        }
        finally
        {
            await Adaftr("cluster", "down", "--state-dir", StateDir);
        }
    }

    [Fact]
    public async Task Cluster_azure_without_a_connection_string_says_which_variable_to_set()
    {
        var unset = new Dictionary<string, string> { [AzureTableClusterAddress.ConnectionVariable] = "", [AzureTableClusterAddress.ConnectionFileVariable] = "" };
        var list = await AdaftrProcess.Run(Limit, unset, "jobs", "list", "--cluster", "azure");
        list.ExitCode.Should().Be(2, list.ToString());
        list.Error.Should().Contain(AzureTableClusterAddress.ConnectionVariable).And.Contain(AzureTableClusterAddress.ConnectionFileVariable);
    }

    public void Dispose()
    {
        _azurite.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
