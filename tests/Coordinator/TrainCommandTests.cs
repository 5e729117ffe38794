using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AdaFtr.Coordinator.Tests;

[Collection(TorchCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-train-").FullName;

    [Fact]
    public async Task Training_on_the_bundled_sample_lowers_the_loss_and_writes_a_verified_checkpoint()
    {
        var run = await CliRun.Invoke("train", "--steps", "200", "--checkpoint-dir", _folder, "--job", "t1");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("ctr  AUC").And.Contain("cvr  AUC");

        var step = Path.Combine(_folder, "t1", "0000000200");
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(step, "manifest.json"))).RootElement;
        manifest.GetProperty("step").GetInt64().Should().Be(200);
        var metrics = manifest.GetProperty("metrics");
        double first = metrics.GetProperty("train_loss_first").GetDouble(), last = metrics.GetProperty("train_loss_last").GetDouble();
        last.Should().BeLessThan(first * 0.5, "200 steps on 100 rows must at least halve the loss");

        var file = manifest.GetProperty("files")[0];
        var weights = Path.Combine(step, file.GetProperty("name").GetString()!);
        var bytes = File.ReadAllBytes(weights);
        bytes.LongLength.Should().Be(file.GetProperty("bytes").GetInt64());
        Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be(file.GetProperty("sha256").GetString());

        // safetensors: u64 header length, JSON header, then data covering every tensor's byte range exactly
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength)).RootElement;
        long dataEnd = header.EnumerateObject().Where(p => p.Name != "__metadata__")
            .Max(p => p.Value.GetProperty("data_offsets")[1].GetInt64());
        (8 + headerLength + dataEnd).Should().Be(bytes.LongLength);
        header.EnumerateObject().Select(p => p.Name).Should().Contain("features.weight");
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
        var weights = Path.Combine(_folder, "same", "0000000003", "model.safetensors");
        var before = File.ReadAllBytes(weights);
        var again = await CliRun.Invoke("train", "--steps", "3", "--seed", "7", "--checkpoint-dir", _folder, "--job", "same");
        again.ExitCode.Should().Be(ExitCodes.BadInput);
        again.Error.Should().Contain("already exists");
        File.ReadAllBytes(weights).Should().Equal(before);
    }

    [Fact]
    public async Task Two_workers_and_two_parameter_shards_train_on_the_embedded_silo()
    {
        var run = await CliRun.Invoke("train", "--steps", "120", "--workers", "2", "--ps-shards", "2", "--checkpoint-dir", _folder, "--job", "k2");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("over 2 worker(s) and 2 parameter shard(s)");
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "k2", "0000000120", "manifest.json"))).RootElement.GetProperty("metrics");
        metrics.GetProperty("train_loss_last").GetDouble().Should().BeLessThan(metrics.GetProperty("train_loss_first").GetDouble());
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
