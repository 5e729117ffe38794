using System.Text.Json;
using AdaFtr.Checkpoints;

namespace AdaFtr.Coordinator.Tests.Reports;

[Collection(TorchCollection.Name)]
[Trait("Category", "Cli")]
public sealed class EvalCommandTests(FinishedJob job) : IClassFixture<FinishedJob>
{
    private static async Task<List<(string Task, double Auc, double Gauc, double LogLoss, long Rows)>> Evaluate(params string[] args)
    {
        var run = await CliRun.Invoke(["eval", .. args, "--json"]);
        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
        return JsonDocument.Parse(run.Output).RootElement.GetProperty("metrics").EnumerateArray()
            .Select(m => (m.GetProperty("task").GetString()!, m.GetProperty("auc").GetDouble(), m.GetProperty("gauc").GetDouble(),
                          m.GetProperty("logloss").GetDouble(), m.GetProperty("rows").GetInt64())).ToList();
    }

    private void ShouldEqualTheJobs(IReadOnlyList<(string Task, double Auc, double Gauc, double LogLoss, long Rows)> metrics, long step)
    {
        var reported = job.Status.Evaluations.Where(e => e.Step == step).ToList();
        reported.Should().NotBeEmpty();
        metrics.Select(m => m.Task).Should().Equal(reported.Select(e => e.Task));
        foreach (var (m, e) in metrics.Zip(reported))
        {
            m.Auc.Should().BeApproximately(e.Auc, 1e-6);
            m.Gauc.Should().BeApproximately(e.Gauc, 1e-6);
            m.LogLoss.Should().BeApproximately(e.LogLoss, 1e-6);
            m.Rows.Should().Be(e.Rows);
        }
    }

    [Fact]
    public async Task The_newest_checkpoint_evaluates_as_the_job_evaluated_its_last_step()
    {
        ShouldEqualTheJobs(await Evaluate(FinishedJob.Job, "--checkpoints", job.Store, "--data", job.EvalData), FinishedJob.Steps);
    }

    [Fact]
    public async Task A_checkpoint_folder_of_an_earlier_step_evaluates_as_the_job_did_at_that_step()
    {
        // Retention keeps at least the newest two; which earlier step that is depends on upload timing (4 or 8, both evaluated).
        var catalog = new CheckpointCatalog(CheckpointStores.Open(job.Store));
        long earlier = (await catalog.ManifestsAsync(FinishedJob.Job)).Select(m => m.Step).Where(s => s < FinishedJob.Steps).Max();
        var metrics = await Evaluate(Path.Combine(job.Store, FinishedJob.Job, $"{earlier:D10}"), "--data", job.EvalData);
        ShouldEqualTheJobs(metrics, earlier);
        metrics.Select(m => m.Auc).Should().NotEqual(job.Status.Evaluations.Where(e => e.Step == FinishedJob.Steps).Select(e => e.Auc), "an earlier step's model is not the last one's");
    }

    [Fact]
    public async Task A_job_without_checkpoints_is_a_clear_error()
    {
        var run = await CliRun.Invoke("eval", "no-such-job", "--checkpoints", job.Store, "--data", job.EvalData);
        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("no-such-job").And.Contain(Path.GetFullPath(job.Store)).And.NotContain("   at ");
    }

    [Fact]
    public async Task A_step_without_a_checkpoint_is_a_clear_error()
    {
        var run = await CliRun.Invoke("eval", FinishedJob.Job, "--step", "3", "--checkpoints", job.Store, "--data", job.EvalData);
        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("step 3").And.Contain("no manifest.json");
    }

    [Fact]
    public async Task Data_with_other_columns_names_the_flag_and_the_difference()
    {
        var other = Path.Combine(job.Folder, "ecomm");
        (await CliRun.Invoke("data", "synth", "--kind", "ecomm-ads-like", "--rows", "50", "--days", "1", "--out", other)).ExitCode.Should().Be(ExitCodes.Ok);
        var shards = Directory.GetFiles(other, "manifest.json", SearchOption.AllDirectories).Select(Path.GetDirectoryName).First()!;
        var run = await CliRun.Invoke("eval", FinishedJob.Job, "--checkpoints", job.Store, "--data", shards);
        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("--data").And.Contain("sparse").And.Contain("tasks [ctr, cvr, view]").And.NotContain("   at ");
    }

    [Fact]
    public async Task Ids_outside_the_models_vocabulary_name_the_field()
    {
        var other = Path.Combine(job.Folder, "aliccp-like");
        (await CliRun.Invoke("data", "synth", "--kind", "aliccp-like", "--rows", "300", "--out", other)).ExitCode.Should().Be(ExitCodes.Ok);
        var run = await CliRun.Invoke("eval", FinishedJob.Job, "--checkpoints", job.Store, "--data", other);
        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("--data").And.Contain("sparse field").And.Contain("vocabulary").And.NotContain("   at ");
    }
}
