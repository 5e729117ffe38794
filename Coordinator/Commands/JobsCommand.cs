using System.CommandLine;
using System.Text.Json;
using AdaFtr.Coordinator.Console;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Silo.Json;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr jobs list|status|pause|resume|cancel</c>: the jobs of a running cluster.</summary>
public static class JobsCommand
{
    private static readonly Option<string> Cluster = new("--cluster")
    {
        Description = $"The cluster, {ClusterAddress.Help} (see `adaftr cluster up`).",
        Required = true,
        Recursive = true,
    };
    private static readonly Option<string> ClusterId = new("--cluster-id") { Description = "Its cluster id.", DefaultValueFactory = _ => "adaftr", Recursive = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts.", Recursive = true };
    private static readonly Argument<string> Job = new("job") { Description = "The job id." };

    public static Command Create(TextWriter output)
    {
        var list = new Command("list", """
            Every job the cluster has run, with state, progress and loss.

            Examples:
              adaftr jobs list --cluster redis://127.0.0.1:6379
              adaftr jobs list --cluster redis://127.0.0.1:6379 --json | jq '.[] | select(.state == "Failed")'
              ADAFTR_AZURE_STORAGE_FILE=/run/secrets/storage adaftr jobs list --cluster azure
            """);
        list.SetAction((parsed, ct) => WithCluster(parsed, ct, async grains =>
        {
            var ids = await grains.GetGrain<IJobRegistryGrain>(0).ListAsync();
            var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITrainingJobGrain>(id).GetStatusAsync()));
            if (parsed.GetValue(Json))
                output.WriteLine(JsonSerializer.Serialize(statuses.Select(JobJson.Of)));
            else
            {
                JobViews.List(CliConsole.For(output), statuses);
            }
            return ExitCodes.Ok;
        }));

        var status = new Command("status", """
            One job: state, progress, workers per silo and device, the reason if it paused. Exits 4 when it failed or paused.

            Examples:
              adaftr jobs status trial-1 --cluster redis://127.0.0.1:6379
              adaftr jobs status trial-1 --cluster redis://127.0.0.1:6379 --json
            """) { Job };
        status.SetAction((parsed, ct) => WithJob(parsed, ct, async job =>
        {
            var s = await job.GetStatusAsync();
            if (parsed.GetValue(Json))
                output.WriteLine(JsonSerializer.Serialize(JobDetailJson.Of(s)));
            else
            {
                JobViews.Status(CliConsole.For(output), s);
            }
            return s.State is JobState.Failed or JobState.Paused ? ExitCodes.JobFailed : ExitCodes.Ok;
        }));

        Command Control(string name, string description, JobState[] appliesTo, Func<ITrainingJobGrain, Task> act)
        {
            var command = new Command(name, $"""
                {description}

                Examples:
                  adaftr jobs {name} trial-1 --cluster redis://127.0.0.1:6379
                  adaftr jobs {name} trial-1 --cluster redis://127.0.0.1:6379 --json
                """) { Job };
            command.SetAction((parsed, ct) => WithJob(parsed, ct, async job =>
            {
                var before = await job.GetStatusAsync();
                if (!appliesTo.Contains(before.State))
                    throw new UserError($"job {before.JobId} is {before.State.ToString().ToLowerInvariant()} after step {before.StepsApplied}: {name} applies only to a " +
                                        $"{string.Join(" or ", appliesTo.Select(s => s.ToString().ToLowerInvariant()))} job");
                await act(job);
                var state = (await job.GetStatusAsync()).State;
                output.WriteLine(parsed.GetValue(Json)
                    ? JsonSerializer.Serialize(new { job = before.JobId, requested = name, state = state.ToString() })
                    : $"{name} requested; the job is {state} (pause and cancel take effect after the step in flight)");
                return ExitCodes.Ok;
            }));
            return command;
        }

        return new Command("jobs", """
            See and steer the jobs of a running cluster.

            Examples:
              adaftr jobs list --cluster redis://127.0.0.1:6379
              adaftr jobs status nightly-2026-11-23 --cluster redis://127.0.0.1:6379 --json
              adaftr jobs resume nightly-2026-11-23 --cluster redis://127.0.0.1:6379
            """)
        {
            Cluster, ClusterId, Json, list, status,
            Control("pause", "Pause a running job after the step in flight.", [JobState.Running, JobState.Created], j => j.PauseAsync()),
            Control("resume", "Resume a paused job (it retries the step it paused on).", [JobState.Paused], j => j.ResumeAsync()),
            Control("cancel", "Stop a running or paused job for good after the step in flight; with a checkpoint store it checkpoints first.",
                [JobState.Running, JobState.Paused, JobState.Created], j => j.CancelAsync()),
        };
    }

    private static async Task<int> WithCluster(ParseResult parsed, CancellationToken cancellationToken, Func<IGrainFactory, Task<int>> act)
    {
        await using var cluster = await RemoteCluster.ConnectAsync(parsed.GetValue(Cluster)!, parsed.GetValue(ClusterId)!, cancellationToken);
        return await act(cluster.Grains);
    }

    private static Task<int> WithJob(ParseResult parsed, CancellationToken cancellationToken, Func<ITrainingJobGrain, Task<int>> act) =>
        WithCluster(parsed, cancellationToken, async grains =>
        {
            var id = CliJobId.Check(parsed.GetValue(Job), "job");
            if (!(await grains.GetGrain<IJobRegistryGrain>(0).ListAsync()).Contains(id))
                throw new UserError($"job '{id}' is not known to this cluster; `adaftr jobs list` shows the jobs it has");
            return await act(grains.GetGrain<ITrainingJobGrain>(id));
        });
}
