using AdaFtr.Checkpoints;

namespace AdaFtr.Coordinator.Tests;

/// <summary>
/// Hostile or broken input to the checkpoint verbs: a job id that would leave the store, a corrupt manifest or
/// progress.json, a manifest naming a file outside its folder. Each exits 2 naming the problem, never 70 ("a bug").
/// </summary>
[Trait("Category", "BadInput")]
public sealed class CheckpointBadInputTests : IDisposable
{
    private readonly StoredCheckpoints _checkpoints = new();

    public static TheoryData<string, string> IdsByVerb()
    {
        var data = new TheoryData<string, string>();
        foreach (var id in new[] { ".", "..", "/abs", "a/../b", new string('j', 200) })
            foreach (var verb in new[] { "list", "show", "export", "delete", "report", "eval", "train --job", "train --resume" })
                data.Add(verb, id);
        return data;
    }

    [Theory]
    [MemberData(nameof(IdsByVerb))]
    public async Task A_job_id_outside_the_rule_exits_2_and_touches_nothing(string verb, string id)
    {
        await _checkpoints.PublishAsync("j", 10);
        var canary = Path.Combine(_checkpoints.Root, "canary");
        await File.WriteAllTextAsync(canary, "still here");
        string[] args = verb switch
        {
            "report" => ["report", id, "--checkpoint-dir", _checkpoints.Store, "--out", Path.Combine(_checkpoints.Root, "report")],
            "eval" => ["eval", id, "--checkpoints", _checkpoints.Store, "--data", Path.Combine(_checkpoints.Root, "no-data")],
            "export" => ["checkpoints", "export", id, "--checkpoint-dir", _checkpoints.Store, "--output", Path.Combine(_checkpoints.Root, "export")],
            "delete" => ["checkpoints", "delete", id, "--all", "--yes", "--force", "--checkpoint-dir", _checkpoints.Store],
            "train --job" => ["train", "--job", id, "--steps", "1", "--checkpoint-dir", _checkpoints.Store],
            "train --resume" => ["train", "--resume", id, "--steps", "1", "--checkpoint-dir", _checkpoints.Store],
            _ => ["checkpoints", verb, id, "--checkpoint-dir", _checkpoints.Store],
        };

        var run = await CliRun.Invoke(args);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("letters, digits, '-', '_' or '.'").And.NotContain("looks like a bug");
        File.Exists(canary).Should().BeTrue("nothing above the store is touched");
        Directory.Exists(_checkpoints.StepFolder("j", 10)).Should().BeTrue("nothing in the store is touched");
    }

    [Fact]
    public async Task A_corrupt_progress_json_exits_2_naming_it_and_the_older_checkpoint_is_used()
    {
        await _checkpoints.PublishAsync("j", 10, 20);
        _checkpoints.ReplaceVouched("j", 20, CheckpointLayout.ProgressName, "{\"step\": 20, \"cursors\": [ oops"u8.ToArray());

        var named = await CliRun.Invoke("checkpoints", "show", "j", "--step", "20", "--checkpoint-dir", _checkpoints.Store);
        named.ExitCode.Should().Be(ExitCodes.BadInput, named.ToString());
        named.Error.Should().Contain(Path.Combine(_checkpoints.StepFolder("j", 20), CheckpointLayout.ProgressName)).And.Contain("not a progress file");

        var newest = await CliRun.Invoke("checkpoints", "show", "j", "--checkpoint-dir", _checkpoints.Store);
        newest.ExitCode.Should().Be(0, newest.ToString());
        newest.Output.Should().Contain("refused step 20").And.MatchRegex(@"(?m)^step +10$");
    }

    [Fact]
    public async Task A_corrupt_manifest_exits_2_naming_it()
    {
        await _checkpoints.PublishAsync("j", 10);
        var manifest = Path.Combine(_checkpoints.StepFolder("j", 10), CheckpointLayout.ManifestName);
        await File.WriteAllTextAsync(manifest, "{ \"job\": \"j\", \"step\": ");

        var run = await CliRun.Invoke("checkpoints", "list", "j", "--checkpoint-dir", _checkpoints.Store);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain(manifest).And.Contain("not a checkpoint manifest").And.NotContain("looks like a bug");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\secret")]
    [InlineData(".ssh")]
    [InlineData("")]
    public async Task A_manifest_naming_a_file_outside_its_folder_exits_2_and_reads_nothing(string name)
    {
        await _checkpoints.PublishAsync("j", 10);
        var manifestPath = Path.Combine(_checkpoints.StepFolder("j", 10), CheckpointLayout.ManifestName);
        var manifest = CheckpointManifest.Parse(manifestPath, File.ReadAllBytes(manifestPath));
        File.WriteAllBytes(manifestPath, (manifest with { Files = [new CheckpointFile(name, 1, new string('0', 64)), .. manifest.Files] }).ToJson());

        var run = await CliRun.Invoke("checkpoints", "show", "j", "--step", "10", "--checkpoint-dir", _checkpoints.Store);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain(manifestPath).And.Contain("files[0].name").And.Contain("not a plain file name");
    }

    public void Dispose() => _checkpoints.Dispose();
}
