using System.Text.Json;
using System.Diagnostics;

namespace AdaFtr.Integration.Tests;

/// <summary>`adaftr` as its own process: Ctrl-C mid-run, and clusters that cannot be joined.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Cli")]
public sealed class CliSignalsAndClusterTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    /// <summary>The promise: one line naming what was tried, within 10 s of the command starting.</summary>
    private static readonly TimeSpan FastFailure = TimeSpan.FromSeconds(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-cli-process-").FullName;

    [Fact]
    public async Task Sigint_mid_run_finishes_the_step_checkpoints_and_exits_130()
    {
        var run = await AdaftrProcess.Interrupted(Limit, "step ", "train", "--steps", "1000000", "--log-every", "10", "--checkpoint-every", "0", "--checkpoint-dir", _folder, "--job", "sig");

        run.ExitCode.Should().Be(130, run.ToString());
        run.Output.Should().Contain("adaftr train --resume sig", run.ToString());
        var checkpoints = Directory.GetDirectories(Path.Combine(_folder, "sig"))
            .Where(d => long.TryParse(Path.GetFileName(d), out _) && File.Exists(Path.Combine(d, "manifest.json"))).ToList();
        checkpoints.Should().ContainSingle("--checkpoint-every 0: the only checkpoint is the one Ctrl-C asked for");
        long step = long.Parse(Path.GetFileName(checkpoints[0]));
        step.Should().BeGreaterThanOrEqualTo(10).And.BeLessThan(1000000);
        run.Output.Should().Contain($"stopped after step {step};");
    }

    [Fact]
    public async Task An_unreachable_redis_fails_within_10_s_with_nothing_on_stdout()
    {
        foreach (var args in new[] { new[] { "train", "--steps", "5", "--checkpoint-dir", _folder }, ["jobs", "list", "--json"] })
        {
            var clock = Stopwatch.StartNew();
            var run = await AdaftrProcess.Run(Limit, [.. args, "--cluster", "redis://127.0.0.1:1"]);
            clock.Elapsed.Should().BeLessThan(FastFailure, run.ToString());
            run.ExitCode.Should().Be(3, run.ToString());
            run.Output.Should().BeEmpty();
            run.Error.Trim().Split('\n').Should().ContainSingle(run.ToString()).Which.Should().Contain("redis://127.0.0.1:1");
        }
        Directory.GetDirectories(_folder).Should().BeEmpty("nothing is written for a job whose cluster cannot be joined");
    }

    [Fact]
    public async Task A_cluster_id_without_silos_fails_within_10_s()
    {
        await using var redis = new TestRedis();
        var clock = Stopwatch.StartNew();
        var run = await AdaftrProcess.Run(Limit, "jobs", "list", "--cluster", $"redis://127.0.0.1:{redis.Port}", "--cluster-id", "nobody-here");
        clock.Elapsed.Should().BeLessThan(FastFailure, run.ToString());
        run.ExitCode.Should().Be(3, run.ToString());
        run.Output.Should().BeEmpty();
        run.Error.Trim().Split('\n').Should().ContainSingle(run.ToString()).Which.Should().Contain("nobody-here");
    }

    [Fact]
    public async Task Cluster_verbs_print_json_and_refuse_what_cannot_apply()
    {
        await using var redis = new TestRedis();
        var cluster = $"redis://127.0.0.1:{redis.Port}";
        var stateDir = Path.Combine(_folder, "cluster");
        try
        {
            (await AdaftrProcess.Run(Limit, "cluster", "up", "--silos", "1", "--devices", "cpu", "--redis", $"127.0.0.1:{redis.Port}", "--state-dir", stateDir)).ExitCode.Should().Be(0);
            var dataset = Path.Combine(_folder, "ecomm");
            (await AdaftrProcess.Run(Limit, "data", "synth", "--kind", "ecomm-ads-like", "--rows", "200", "--days", "2", "--out", dataset)).ExitCode.Should().Be(0);
            await Json("schedule", "add", "--cluster", cluster, "--name", "nightly", "--cron", "0 2 * * *", "--dataset", dataset, "--window", "1d", "--test", "1d", "--json");
            await Json("schedule", "list", "--cluster", cluster, "--json");
            await Json("schedule", "runs", "nightly", "--cluster", cluster, "--json");
            (await Json("schedule", "remove", "nightly", "--cluster", cluster, "--json")).GetProperty("removed").GetBoolean().Should().BeTrue();

            var watcher = AdaftrProcess.Run(Limit, "train", "--cluster", cluster, "--steps", "1000000", "--log-every", "100", "--checkpoint-dir", Path.Combine(_folder, "ckpt"), "--job", "live");
            await Eventually.Until(() => AdaftrProcess.Run(Limit, "jobs", "status", "live", "--cluster", cluster, "--json"),
                status => watcher.IsCompleted || status.ExitCode == 0 && JsonDocument.Parse(status.Output).RootElement.GetProperty("summary").GetProperty("state").GetString() == "Running",
                TimeSpan.FromMinutes(2), "job live to run", TimeSpan.FromMilliseconds(500));
            if (watcher.IsCompleted) throw new InvalidOperationException($"the watcher ended before job live ran: {await watcher}");
            (await Json("jobs", "list", "--cluster", cluster, "--json")).EnumerateArray().Select(j => j.GetProperty("job").GetString()).Should().Contain("live");
            (await Json("jobs", "pause", "live", "--cluster", cluster, "--json")).GetProperty("requested").GetString().Should().Be("pause");
            var paused = await watcher;
            paused.ExitCode.Should().Be(4, paused.ToString());
            paused.Error.Should().Contain("adaftr jobs resume live", "the watcher of a paused job says how to resume it");

            (await Json("jobs", "resume", "live", "--cluster", cluster, "--json")).GetProperty("requested").GetString().Should().Be("resume");

            await Json("jobs", "cancel", "live", "--cluster", cluster, "--json");
            await Eventually.Until(() => Json("jobs", "status", "live", "--cluster", cluster, "--json"),
                status => status.GetProperty("summary").GetProperty("state").GetString() == "Cancelled", TimeSpan.FromMinutes(1), "job live to be cancelled",
                TimeSpan.FromMilliseconds(500));
            foreach (var verb in new[] { "resume", "cancel", "pause" })
            {
                var refused = await AdaftrProcess.Run(Limit, "jobs", verb, "live", "--cluster", cluster);
                refused.ExitCode.Should().Be(2, refused.ToString());
                refused.Error.Should().Contain("cancelled").And.Contain($"{verb} applies only to");
            }

            // Ctrl-C on a cluster detaches: the job goes on (the one silo's device is free again: live was cancelled).
            var detached = await AdaftrProcess.Interrupted(Limit, "step ", "train", "--cluster", cluster, "--steps", "1000000", "--log-every", "10", "--checkpoint-dir", Path.Combine(_folder, "ckpt"), "--job", "detached");
            detached.ExitCode.Should().Be(130, detached.ToString());
            detached.Output.Should().Contain("adaftr jobs cancel detached");
            (await Json("jobs", "status", "detached", "--cluster", cluster, "--json")).GetProperty("summary").GetProperty("state").GetString().Should().Be("Running");
            await Json("jobs", "cancel", "detached", "--cluster", cluster, "--json");
            await Until(cluster, "detached", "Cancelled");

            // With --follow the watcher of a paused job stays, says how to resume, and goes on with the job.
            var follower = AdaftrProcess.Run(Limit, "train", "--cluster", cluster, "--steps", "1000000", "--log-every", "100", "--follow", "--checkpoint-dir", Path.Combine(_folder, "ckpt"), "--job", "followed");
            await Until(cluster, "followed", "Running", follower);
            await Json("jobs", "pause", "followed", "--cluster", cluster, "--json");
            await Until(cluster, "followed", "Paused", follower);
            await Task.Delay(TimeSpan.FromSeconds(2));
            follower.IsCompleted.Should().BeFalse($"--follow keeps watching a paused job: {(follower.IsCompleted ? await follower : null)}");
            await Json("jobs", "resume", "followed", "--cluster", cluster, "--json");
            await Until(cluster, "followed", "Running", follower);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await Json("jobs", "cancel", "followed", "--cluster", cluster, "--json");
            var followed = await follower;
            followed.Output.Should().Contain("job followed paused at step").And.Contain("adaftr jobs resume followed").And.Contain("job followed resumed at step");
            followed.Error.Should().Contain("cancelled", "it watched the job to its end");
        }
        finally
        {
            await AdaftrProcess.Run(Limit, "cluster", "down", "--state-dir", stateDir);
        }
    }

    /// <summary>Waits (2 minutes at most) for the job to be in <paramref name="state"/>, failing at once when its watcher ends first.</summary>
    private static async Task Until(string cluster, string job, string state, Task<AdaftrProcess.Result>? watcher = null)
    {
        // jobs status exits 4 for a job that is paused, failed or cancelled: the JSON says which.
        static string? StateOf(AdaftrProcess.Result status) =>
            status.Output.StartsWith('{') ? JsonDocument.Parse(status.Output).RootElement.GetProperty("summary").GetProperty("state").GetString() : null;
        await Eventually.Until(() => AdaftrProcess.Run(Limit, "jobs", "status", job, "--cluster", cluster, "--json"),
            status => watcher is { IsCompleted: true } || StateOf(status) == state, TimeSpan.FromMinutes(2), $"job {job} to be {state}", TimeSpan.FromMilliseconds(300));
        if (watcher is { IsCompleted: true }) throw new InvalidOperationException($"the watcher ended before job {job} was {state}: {await watcher}");
    }

    /// <summary>Runs a verb that must succeed and print one JSON document.</summary>
    private static async Task<JsonElement> Json(params string[] args)
    {
        var run = await AdaftrProcess.Run(Limit, args);
        run.ExitCode.Should().Be(0, $"adaftr {string.Join(' ', args)}: {run}");
        try { return JsonDocument.Parse(run.Output).RootElement; }
        catch (JsonException e) { throw new InvalidOperationException($"adaftr {string.Join(' ', args)} printed no JSON ({e.Message}): {run}"); }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
