using AdaFtr.Checkpoints;

namespace AdaFtr.Grains.Tests;

/// <summary>The store-side rules, without a cluster: what counts as a checkpoint, what is refused and why, what retention keeps, how writes are retried.</summary>
[Trait("Category", "Resume")]
public sealed class CheckpointCatalogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-catalog-").FullName;
    private readonly JobSpec _spec = new() { JobId = "j", ModelConfigJson = "{}", ShardDirectory = "unused", ParameterShards = 1 };

    private async Task Publish(ICheckpointStore store, long step, double loss)
    {
        var shard = new byte[] { 1, 2, 3, (byte)step };
        await store.WriteAsync(CheckpointLayout.Path("j", step, CheckpointLayout.ShardName(0)), shard);
        var published = await new CheckpointPublisher(store, _spec, (_, _, error) => throw error)
            .PublishAsync(step, [CheckpointFile.Of(CheckpointLayout.ShardName(0), shard)], new CheckpointProgress(step, [null], []), new Dictionary<string, double> { ["train_loss"] = loss });
        published.Should().BeTrue();
    }

    [Fact]
    public async Task A_folder_without_a_manifest_is_not_a_checkpoint_and_the_previous_one_is_used()
    {
        var store = new DirectoryCheckpointStore(_folder);
        await Publish(store, 2, 0.5);
        await store.WriteAsync(CheckpointLayout.Path("j", 4, CheckpointLayout.ShardName(0)), new byte[] { 9 });   // an upload that never finished

        var catalog = new CheckpointCatalog(store);
        (await catalog.ManifestsAsync("j")).Select(m => m.Step).Should().Equal(2);
        var refused = new List<string>();
        (await catalog.NewestValidAsync("j", (step, why) => refused.Add($"{step}: {why}")))!.Manifest.Step.Should().Be(2);
        refused.Should().ContainSingle().Which.Should().StartWith("4: ").And.Contain("no manifest.json");
    }

    [Fact]
    public async Task A_truncated_file_is_refused_naming_it_and_the_sizes()
    {
        var store = new DirectoryCheckpointStore(_folder);
        await Publish(store, 2, 0.5);
        await Publish(store, 4, 0.4);
        await store.WriteAsync(CheckpointLayout.Path("j", 4, CheckpointLayout.ShardName(0)), new byte[] { 1, 2 });

        var act = () => new CheckpointCatalog(store).LoadAsync("j", 4);
        (await act.Should().ThrowAsync<CheckpointException>()).Which.Message.Should().Contain("ps0.safetensors").And.Contain("2 bytes, the manifest says 4");
    }

    [Fact]
    public async Task Retention_deletes_all_but_the_newest_n_and_the_best_and_abandoned_folders()
    {
        var store = new DirectoryCheckpointStore(_folder);
        foreach (var (step, loss) in new[] { (2L, 0.9), (4L, 0.1), (6L, 0.5), (8L, 0.6), (10L, 0.7) }) await Publish(store, step, loss);
        await store.WriteAsync(CheckpointLayout.Path("j", 9, CheckpointLayout.ShardName(0)), new byte[] { 9 });

        var deleted = await new CheckpointPublisher(store, _spec with { CheckpointKeepLast = 2 }, (_, _, error) => throw error).ApplyRetentionAsync(10);

        deleted.Should().Equal(2, 6, 9);
        (await new CheckpointCatalog(store).StepFoldersAsync("j")).Should().Equal(10, 8, 4);
    }

    [Fact]
    public void The_best_by_an_auc_metric_is_the_highest()
    {
        CheckpointManifest M(long step, double auc) => new("j", step, DateTimeOffset.UnixEpoch, "", [], new Dictionary<string, double> { ["ctr_auc"] = auc });
        CheckpointRetention.ToDelete([M(1, 0.9), M(2, 0.7), M(3, 0.6)], keepLast: 1, "ctr_auc").Should().Equal(2);
    }

    [Fact]
    public async Task A_failing_write_is_retried_with_doubling_waits_until_it_succeeds()
    {
        int calls = 0;
        var waits = new List<int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await StoreRetry.RunAsync(_ => ++calls < 3 ? throw new IOException("store down") : Task.CompletedTask,
            attempts: 5, backoff: TimeSpan.FromMilliseconds(100), (attempt, _) => waits.Add(attempt));
        calls.Should().Be(3);
        waits.Should().Equal(1, 2);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300), "waits of 100 ms, then 200 ms");
    }

    [Fact]
    public async Task A_write_that_keeps_failing_throws_the_last_error_after_every_attempt()
    {
        int calls = 0;
        var act = () => StoreRetry.RunAsync(_ => { calls++; throw new IOException($"down {calls}"); }, attempts: 3, backoff: TimeSpan.Zero, (_, _) => { });
        (await act.Should().ThrowAsync<IOException>()).Which.Message.Should().Be("down 3");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
