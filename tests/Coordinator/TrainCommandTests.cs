using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AdaFtr.Coordinator.Tests;

[Collection(TorchCollection.Name)]
[Trait("Category", "Cli")]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-train-").FullName;

    [Fact]
    public async Task Checkpoints_taken_where_the_job_evaluated_record_its_metrics_and_retention_keeps_the_best_by_one()
    {
        var run = await CliRun.Invoke("train", "--steps", "30", "--eval-every", "10", "--checkpoint-every", "10", "--keep-last", "1",
            "--best-metric", "cvr_auc", "--checkpoint-dir", _folder, "--job", "m1");
        run.ExitCode.Should().Be(0, run.ToString());
        var steps = Directory.GetDirectories(Path.Combine(_folder, "m1"), "00*").Select(Path.GetFileName).Order().ToList();
        var metrics = steps.ToDictionary(s => s!, s => JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "m1", s!, "manifest.json"))).RootElement.GetProperty("metrics"));
        foreach (var m in metrics.Values)
            m.EnumerateObject().Select(p => p.Name).Should().Contain(["train_loss", "ctr_auc", "ctr_gauc", "ctr_logloss", "cvr_auc", "cvr_gauc", "cvr_logloss"]);
        // Keep-last 1 keeps step 30; the best by cvr_auc is kept beside it (itself when 30 is the best).
        steps.Should().Contain("0000000030").And.HaveCountLessThanOrEqualTo(2);
        double best = metrics.Values.Max(m => m.GetProperty("cvr_auc").GetDouble());
        var evaluated = System.Text.RegularExpressions.Regex.Matches(run.Output, @"eval at step (\d+): cvr  AUC ([0-9.]+)")
            .ToDictionary(m => long.Parse(m.Groups[1].Value), m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        evaluated.Where(e => e.Key < 30).Select(e => e.Value).Append(metrics["0000000030"].GetProperty("cvr_auc").GetDouble())
            .Max().Should().BeApproximately(best, 1e-4, "the best checkpoint by cvr_auc stays");
    }

    [Fact]
    public async Task A_misspelt_best_metric_is_refused_naming_the_flag_and_the_names()
    {
        var run = await CliRun.Invoke("train", "--steps", "5", "--best-metric", "ctr-auc", "--checkpoint-dir", _folder, "--job", "m2");
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("--best-metric").And.Contain("'ctr-auc'").And.Contain("ctr_auc");
        Directory.Exists(Path.Combine(_folder, "m2")).Should().BeFalse("a refused start writes nothing");
    }

    [Fact]
    public async Task Training_on_the_bundled_sample_lowers_the_loss_and_writes_a_verified_checkpoint()
    {
        var run = await CliRun.Invoke("train", "--steps", "200", "--checkpoint-dir", _folder, "--job", "t1");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("ctr  AUC").And.Contain("cvr  AUC");

        var losses = System.Text.RegularExpressions.Regex.Match(run.Output, @"loss ([0-9.]+) -> ([0-9.]+)");
        double first = double.Parse(losses.Groups[1].Value), last = double.Parse(losses.Groups[2].Value);
        last.Should().BeLessThan(first * 0.5, "200 steps on 100 rows must at least halve the loss");

        var step = Path.Combine(_folder, "t1", "0000000200");
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(step, "manifest.json"))).RootElement;
        manifest.GetProperty("step").GetInt64().Should().Be(200);
        manifest.GetProperty("metrics").GetProperty("train_loss").GetDouble().Should().BePositive();
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        files.Select(f => f.GetProperty("name").GetString()).Should().BeEquivalentTo(["ps0.safetensors", "spec.json", "progress.json"]);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(step, file.GetProperty("name").GetString()!));
            bytes.LongLength.Should().Be(file.GetProperty("bytes").GetInt64());
            Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be(file.GetProperty("sha256").GetString());
        }

        var list = await CliRun.Invoke("checkpoints", "list", "t1", "--checkpoint-dir", _folder);
        list.ExitCode.Should().Be(0, list.ToString());
        list.Output.Should().MatchRegex(@"(?m)^t1 +200 ").And.MatchRegex(@"(?m)^t1 +100 ");
        var show = await CliRun.Invoke("checkpoints", "show", "t1", "--checkpoint-dir", _folder);
        show.Output.Should().Contain("verified: 3 files");

        var export = Path.Combine(_folder, "export");
        (await CliRun.Invoke("checkpoints", "export", "t1", "--checkpoint-dir", _folder, "--output", export)).ExitCode.Should().Be(0);
        var weights = File.ReadAllBytes(Path.Combine(export, "model.safetensors"));
        // safetensors: u64 header length, JSON header, then data covering every tensor's byte range exactly
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(weights);
        var header = JsonDocument.Parse(Encoding.UTF8.GetString(weights, 8, (int)headerLength)).RootElement;
        long dataEnd = header.EnumerateObject().Where(p => p.Name != "__metadata__")
            .Max(p => p.Value.GetProperty("data_offsets")[1].GetInt64());
        (8 + headerLength + dataEnd).Should().Be(weights.LongLength);
        header.EnumerateObject().Select(p => p.Name).Should().Contain("features.weight").And.NotContain(n => n.StartsWith('@'));
        JsonDocument.Parse(File.ReadAllText(Path.Combine(export, "model.json"))).RootElement.GetProperty("schema").ValueKind.Should().Be(JsonValueKind.Object);

        var delete = await CliRun.Invoke("checkpoints", "delete", "t1", "--step", "100", "--checkpoint-dir", _folder, "--yes");
        delete.ExitCode.Should().Be(0, delete.ToString());
        Directory.Exists(Path.Combine(_folder, "t1", "0000000100")).Should().BeFalse();
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_run()
    {
        var a = await CliRun.Invoke("train", "--steps", "20", "--log-every", "5", "--checkpoint-dir", _folder, "--job", "a");
        var b = await CliRun.Invoke("train", "--steps", "20", "--log-every", "5", "--checkpoint-dir", _folder, "--job", "b");
        static string Losses(string output) => string.Join("|", output.Split('\n').Where(l => l.Contains("loss ") && l.Contains("step")).Select(l => l.Split("loss")[1].Trim().Split(' ')[0]));
        Losses(a.Output).Should().NotBeEmpty().And.Be(Losses(b.Output));
    }

    [Fact]
    public async Task A_missing_data_file_names_the_flag_and_the_path_without_a_stack_trace()
    {
        var missing = Path.Combine(_folder, "nope.csv");
        var run = await CliRun.Invoke("train", "--data", missing, "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("--data").And.Contain(missing).And.NotContain("   at ");
    }

    [Fact]
    public async Task A_malformed_row_is_reported_with_file_and_line()
    {
        var bad = Path.Combine(_folder, "bad.csv");
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", "ali_ccp_train_sample.csv")).Take(5).ToList();
        lines[3] = lines[3].Replace("0.4734", "abc");
        File.WriteAllLines(bad, lines);
        var run = await CliRun.Invoke("train", "--data", bad, "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain($"{bad}:4:").And.Contain("'abc'");
    }

    [Fact]
    public async Task An_unwritable_checkpoint_directory_fails_before_training()
    {
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        var run = await CliRun.Invoke("train", "--checkpoint-dir", Path.Combine(file, "below"));
        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("not writable").And.Contain("--checkpoint-dir").And.NotContain("   at ");
        run.Output.Should().NotContain("step");
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--batch-size", "-1")]
    [InlineData("--learning-rate", "0")]
    [InlineData("--job", "../escape")]
    public async Task Bad_settings_name_the_flag(string flag, string value)
    {
        var run = await CliRun.Invoke("train", flag, value, "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain(flag);
    }

    [Fact]
    public async Task A_checkpoint_is_never_overwritten()
    {
        (await CliRun.Invoke("train", "--steps", "3", "--checkpoint-dir", _folder, "--job", "same")).ExitCode.Should().Be(0);
        var weights = Path.Combine(_folder, "same", "0000000003", "ps0.safetensors");
        var before = File.ReadAllBytes(weights);
        var again = await CliRun.Invoke("train", "--steps", "3", "--seed", "7", "--checkpoint-dir", _folder, "--job", "same");
        again.ExitCode.Should().Be(ExitCodes.BadInput);
        again.Error.Should().Contain("already exists");
        File.ReadAllBytes(weights).Should().Equal(before);
    }

    [Fact]
    public async Task Two_workers_and_two_parameter_shards_train_on_the_embedded_silo()
    {
        var run = await CliRun.Invoke("train", "--steps", "120", "--workers", "2", "--ps-shards", "2", "--checkpoint-every", "60", "--checkpoint-dir", _folder, "--job", "k2");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("over 2 worker(s) and 2 parameter shard(s)");
        double Loss(string step) => JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "k2", step, "manifest.json"))).RootElement.GetProperty("metrics").GetProperty("train_loss").GetDouble();
        Loss("0000000120").Should().BeLessThan(Loss("0000000060"), "the mean loss of steps 61-120 is below that of steps 1-60");
        File.Exists(Path.Combine(_folder, "k2", "0000000120", "ps1.safetensors")).Should().BeTrue("one file per parameter shard");
    }

    [Fact]
    public async Task Evaluation_runs_on_the_cluster_every_N_steps_and_after_the_last()
    {
        var run = await CliRun.Invoke("train", "--steps", "40", "--workers", "2", "--eval-every", "20", "--log-every", "20", "--checkpoint-dir", _folder, "--job", "ev");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("eval at step 20: ctr").And.Contain("eval at step 20: cvr");
        run.Output.Should().Contain("evaluation after step 40 on 50 rows");
        Directory.Exists(Path.Combine(_folder, "ev", "eval")).Should().BeTrue("the evaluation file is sharded beside the job's data");
    }

    [Fact]
    public async Task A_batch_that_does_not_split_over_the_workers_names_both_flags()
    {
        var run = await CliRun.Invoke("train", "--batch-size", "32", "--workers", "3", "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("--batch-size").And.Contain("--workers 3");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
