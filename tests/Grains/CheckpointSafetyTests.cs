using AdaFtr.Checkpoints;

namespace AdaFtr.Grains.Tests;

/// <summary>The store-side guards for the last good copy: retention verifies before deleting, a published step is final, a crafted manifest reads nothing.</summary>
[Trait("Category", "Resume")]
public sealed class CheckpointSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-safety-").FullName;
    private readonly JobSpec _spec = new() { JobId = "j", ModelConfigJson = "{}", ShardDirectory = "unused", ParameterShards = 1 };

    private DirectoryCheckpointStore Store => new(_folder);

    private CheckpointPublisher Publisher(int keepLast = 3) => new(Store, _spec with { CheckpointKeepLast = keepLast }, (_, _, error) => throw error);

    private async Task<bool> Publish(long step, byte[]? shard = null)
    {
        shard ??= [1, 2, 3, (byte)step];
        await Store.WriteAsync(CheckpointLayout.Path("j", step, CheckpointLayout.ShardName(0)), shard);
        return await Publisher().PublishAsync(step, [CheckpointFile.Of(CheckpointLayout.ShardName(0), shard)], new CheckpointProgress(step, [null], [0.5]),
            new Dictionary<string, double> { ["train_loss"] = 1.0 / step });
    }

    private string FileOf(long step, string file) => Path.Combine(_folder, "j", $"{step:D10}", file);

    [Fact]
    [Trait("Category", "StorageFault")]
    public async Task Retention_with_keep_last_1_and_a_corrupt_newest_checkpoint_keeps_the_older_verified_one()
    {
        await Publish(10);
        await Publish(20);
        await File.WriteAllBytesAsync(FileOf(20, CheckpointLayout.ShardName(0)), [7, 7, 7, 7]);   // same size, other bytes

        var deleted = await Publisher(keepLast: 1).ApplyRetentionAsync(20);

        deleted.Should().BeEmpty("step 10 is the only checkpoint that verifies");
        (await new CheckpointCatalog(Store).NewestValidAsync("j", (_, _) => { }))!.Manifest.Step.Should().Be(10);
    }

    [Fact]
    [Trait("Category", "StorageFault")]
    public async Task Retention_with_keep_last_1_deletes_the_older_ones_when_the_newest_verifies()
    {
        await Publish(10);
        await Publish(20);
        await Publish(30);

        // train_loss is 1/step: step 30 is both the newest and the best, so only it stays.
        (await Publisher(keepLast: 1).ApplyRetentionAsync(30)).Should().Equal(10, 20);
    }

    [Fact]
    [Trait("Category", "StorageFault")]
    public async Task A_second_writer_cannot_overwrite_a_published_steps_files()
    {
        await Publish(10);
        var original = await File.ReadAllBytesAsync(FileOf(10, CheckpointLayout.ShardName(0)));
        var originalProgress = await File.ReadAllBytesAsync(FileOf(10, CheckpointLayout.ProgressName));

        var shardWrite = () => ShardCheckpointWriter.WriteAsync(Store, "j", 10, CheckpointLayout.ShardName(0), [], new Dictionary<string, string>(), 1 << 16);
        (await shardWrite.Should().ThrowAsync<CheckpointException>()).Which.Message.Should().Contain("step 10 of job j is published");
        (await Publisher().PublishAsync(10, [CheckpointFile.Of(CheckpointLayout.ShardName(0), [5])], new CheckpointProgress(10, [null], [9.0]),
            new Dictionary<string, double>())).Should().BeFalse();

        (await File.ReadAllBytesAsync(FileOf(10, CheckpointLayout.ShardName(0)))).Should().Equal(original);
        (await File.ReadAllBytesAsync(FileOf(10, CheckpointLayout.ProgressName))).Should().Equal(originalProgress);
        (await new CheckpointCatalog(Store).LoadAsync("j", 10)).Manifest.Step.Should().Be(10);
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/ps0.safetensors")]
    [InlineData("C:secret")]
    public async Task A_manifest_naming_a_file_outside_its_folder_is_refused_naming_the_field(string name)
    {
        await Publish(10);
        var path = FileOf(10, CheckpointLayout.ManifestName);
        var manifest = CheckpointManifest.Parse(path, await File.ReadAllBytesAsync(path));
        await File.WriteAllBytesAsync(path, (manifest with { Files = [.. manifest.Files, new CheckpointFile(name, 1, new string('0', 64))] }).ToJson());

        var load = () => new CheckpointCatalog(Store).LoadAsync("j", 10);

        (await load.Should().ThrowAsync<CheckpointException>()).Which.Message.Should().Contain(path).And.Contain($"files[3].name '{name}'");
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("..")]
    [InlineData("../other")]
    public async Task A_manifest_naming_a_job_outside_the_rule_is_refused(string job)
    {
        await Publish(10);
        var path = FileOf(10, CheckpointLayout.ManifestName);
        var manifest = CheckpointManifest.Parse(path, await File.ReadAllBytesAsync(path));
        await File.WriteAllBytesAsync(path, (manifest with { Job = job }).ToJson());

        var load = () => new CheckpointCatalog(Store).LoadAsync("j", 10);

        (await load.Should().ThrowAsync<CheckpointException>()).Which.Message.Should().Contain("field job:");
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("{\"step\": 20, \"cursors\": [")]
    [InlineData("null")]
    [InlineData("{\"step\": 20}")]
    [InlineData("[1, 2]")]
    public async Task A_corrupt_progress_json_is_refused_and_the_older_checkpoint_is_used(string progress)
    {
        await Publish(10);
        await Publish(20);
        // Vouched for by the manifest, so the checksum passes and the parse is what refuses it.
        var bytes = System.Text.Encoding.UTF8.GetBytes(progress);
        await File.WriteAllBytesAsync(FileOf(20, CheckpointLayout.ProgressName), bytes);
        var path = FileOf(20, CheckpointLayout.ManifestName);
        var manifest = CheckpointManifest.Parse(path, await File.ReadAllBytesAsync(path));
        await File.WriteAllBytesAsync(path, (manifest with { Files = manifest.Files.Select(f => f.Name == CheckpointLayout.ProgressName ? CheckpointFile.Of(f.Name, bytes) : f).ToList() }).ToJson());

        var refused = new List<string>();
        var found = await new CheckpointCatalog(Store).NewestValidAsync("j", (step, why) => refused.Add($"{step}: {why}"));

        found!.Manifest.Step.Should().Be(10);
        refused.Should().ContainSingle().Which.Should().StartWith("20: ").And.Contain(FileOf(20, CheckpointLayout.ProgressName));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
