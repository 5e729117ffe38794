using System.Text.Json;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Tests;

namespace AdaFtr.Coordinator.Tests;

/// <summary>What issue 20 promised a newcomer: one data input everywhere, no dead ends, parsable --json, usage errors that are not bugs.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Cli")]
public sealed class CliContractTests : IDisposable
{
    private static readonly string TrainCsv = Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", "ali_ccp_train_sample.csv");
    private static readonly string ValCsv = Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", "ali_ccp_val_sample.csv");
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-cli-").FullName;

    [Fact]
    public async Task Train_reads_a_shard_set_as_data_as_it_reads_a_csv()
    {
        var shards = Path.Combine(_folder, "synth");
        var synth = await CliRun.Invoke("data", "synth", "--kind", "aliccp-like", "--rows", "2000", "--out", shards);
        synth.ExitCode.Should().Be(0, synth.ToString());

        var run = await CliRun.Invoke("train", "--data", shards, "--eval-data", shards, "--steps", "20", "--log-every", "10", "--checkpoint-dir", _folder, "--job", "on-shards");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain($"on {shards},", "the job reads the shard set where it is").And.Contain("ctr  AUC");
        var rows = ColumnarRowsConcat.Of(ShardSet.Open(ShardStores.Open(shards)).ReadAll().ToList());
        var ctrOracle = ReferenceAuc.Of(Enumerable.Range(0, rows.Rows).Select(i => (double)rows.Truth![i * rows.Tasks]).ToList(),
                                        Enumerable.Range(0, rows.Rows).Select(i => rows.Labels[i * rows.Tasks] > 0.5f).ToList());
        double.Parse(System.Text.RegularExpressions.Regex.Match(run.Output, @"ctr  AUC [0-9.]+ \(oracle ([0-9.]+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeApproximately(ctrOracle, 2e-3, "synthetic evaluation rows carry their true probabilities: the run prints their AUC beside the model's");
        Directory.Exists(Path.Combine(_folder, "on-shards", "data")).Should().BeFalse("a shard set is not copied");
        File.Exists(Path.Combine(_folder, "on-shards", "0000000020", "manifest.json")).Should().BeTrue();
    }

    [Fact]
    public async Task Eval_reads_a_csv_as_it_reads_a_shard_set_and_agrees_with_the_job()
    {
        var train = await CliRun.Invoke("train", "--steps", "30", "--checkpoint-dir", _folder, "--job", "e");
        train.ExitCode.Should().Be(0, train.ToString());
        var jobAuc = System.Text.RegularExpressions.Regex.Match(train.Output, @"ctr  AUC ([0-9.]+)").Groups[1].Value;

        var eval = await CliRun.Invoke("eval", "e", "--checkpoint-dir", _folder, "--data", ValCsv, "--json");
        eval.ExitCode.Should().Be(0, eval.ToString());
        var ctr = JsonDocument.Parse(eval.Output).RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("task").GetString() == "ctr");
        ctr.GetProperty("rows").GetInt64().Should().Be(50);
        ctr.GetProperty("auc").GetDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture).Should().Be(jobAuc, "the same rows as the job's evaluation");
    }

    [Fact]
    public async Task A_failed_start_leaves_the_job_id_free()
    {
        var failed = await CliRun.Invoke("train", "--batch-size", "1000", "--checkpoint-dir", _folder, "--job", "retry");
        failed.ExitCode.Should().Be(ExitCodes.BadInput, failed.ToString());
        failed.Error.Should().Contain("--batch-size").And.Contain("100 rows");
        Directory.Exists(Path.Combine(_folder, "retry")).Should().BeFalse("what the failed start wrote is removed");

        var again = await CliRun.Invoke("train", "--steps", "3", "--checkpoint-dir", _folder, "--job", "retry");
        again.ExitCode.Should().Be(0, again.ToString());
    }

    [Fact]
    public async Task Every_local_json_output_parses()
    {
        (await CliRun.Invoke("train", "--steps", "10", "--checkpoint-dir", _folder, "--job", "j")).ExitCode.Should().Be(0);
        string[][] verbs =
        [
            ["checkpoints", "list", "--json", "--checkpoint-dir", _folder],
            ["checkpoints", "list", "j", "--json", "--checkpoint-dir", _folder],
            ["checkpoints", "show", "j", "--json", "--checkpoint-dir", _folder],
            ["eval", "j", "--data", ValCsv, "--json", "--checkpoint-dir", _folder],
            ["data", "inspect", TrainCsv, "--json"],
            ["doctor", "--json", "--checkpoint-dir", _folder],
            ["report", "j", "--json", "--checkpoint-dir", _folder, "--out", Path.Combine(_folder, "report")],
        ];
        foreach (var args in verbs)
        {
            var run = await CliRun.Invoke(args);
            run.ExitCode.Should().Be(0, $"adaftr {string.Join(' ', args)}: {run}");
            var parse = () => JsonDocument.Parse(run.Output);
            parse.Should().NotThrow($"adaftr {string.Join(' ', args)} printed {run.Output}");
        }
        var list = JsonDocument.Parse((await CliRun.Invoke("checkpoints", "list", "--json", "--checkpoint-dir", _folder)).Output).RootElement;
        list.EnumerateArray().Select(c => c.GetProperty("job").GetString()).Should().Equal("j");
    }

    [Fact]
    public async Task An_unknown_flag_is_a_usage_error_not_a_value()
    {
        var run = await CliRun.Invoke("checkpoints", "list", "--jsn", "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain("--jsn");
        run.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task Writing_onto_a_file_is_a_user_error_not_a_bug()
    {
        var file = Path.Combine(_folder, "x.csv");
        File.Copy(ValCsv, file);
        var shard = await CliRun.Invoke("data", "shard", file, "--out", file);
        shard.ExitCode.Should().Be(ExitCodes.BadInput, shard.ToString());
        shard.Error.Should().Contain("--out").And.NotContain("looks like a bug");
        File.ReadAllText(file).Should().Be(File.ReadAllText(ValCsv));

        (await CliRun.Invoke("train", "--steps", "3", "--checkpoint-dir", _folder, "--job", "x")).ExitCode.Should().Be(0);
        var export = await CliRun.Invoke("checkpoints", "export", "x", "--checkpoint-dir", _folder, "--output", file);
        export.ExitCode.Should().Be(ExitCodes.BadInput, export.ToString());
        export.Error.Should().Contain("--output").And.NotContain("looks like a bug");
    }

    [Fact]
    public async Task Checkpoints_delete_all_removes_a_job_folder_without_checkpoints()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "stale", "data"));
        var asked = await CliRun.Invoke("checkpoints", "delete", "stale", "--all", "--checkpoint-dir", _folder);
        asked.ExitCode.Should().Be(ExitCodes.Usage, asked.ToString());
        asked.Error.Should().Contain("(no checkpoint in it)").And.Contain("--yes");
        var run = await CliRun.Invoke("checkpoints", "delete", "stale", "--all", "--yes", "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(0, run.ToString());
        Directory.Exists(Path.Combine(_folder, "stale")).Should().BeFalse();
        (await CliRun.Invoke("checkpoints", "delete", "never", "--all", "--yes", "--checkpoint-dir", _folder)).ExitCode.Should().Be(ExitCodes.BadInput);
    }

    [Fact]
    public async Task Doctor_does_not_create_the_checkpoint_folder()
    {
        var folder = Path.Combine(_folder, "not-yet");
        var run = await CliRun.Invoke("doctor", "--json", "--checkpoint-dir", folder);
        JsonDocument.Parse(run.Output).RootElement.GetProperty("checkpoint_store").GetProperty("writable").GetBoolean().Should().BeTrue(run.ToString());
        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public async Task Follow_without_a_cluster_is_a_usage_error_that_writes_nothing()
    {
        var run = await CliRun.Invoke("train", "--follow", "--steps", "3", "--checkpoint-dir", _folder, "--job", "f");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain("--follow applies to a job on a cluster (--cluster)");
        Directory.Exists(Path.Combine(_folder, "f")).Should().BeFalse();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
