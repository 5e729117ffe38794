using System.Text.Json;
using System.CommandLine;
using AdaFtr.Coordinator.Console;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Grains.Schedules;

namespace AdaFtr.Coordinator.Commands.Schedule;

/// <summary><c>adaftr schedule add|update|list|remove|runs</c>: scheduled retrains of a running cluster.</summary>
public static class ScheduleCommand
{
    private static readonly Option<string> Cluster = new("--cluster")
    {
        Description = $"The cluster, {ClusterAddress.Help} (see `adaftr cluster up`). Schedules live there (Redis or the tables), with their reminders.",
        Required = true,
        Recursive = true,
    };
    private static readonly Option<string> ClusterId = new("--cluster-id") { Description = "Its cluster id.", DefaultValueFactory = _ => "adaftr", Recursive = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts.", Recursive = true };
    private static readonly Argument<string> Name = new("name") { Description = "The schedule's name." };

    public static Command Create(TextWriter output)
    {
        var addOptions = new ScheduleSpecOptions();
        var add = new Command("add", """
            Add a schedule: at each cron occurrence (date D), train a challenger on the --window days before the test days,
            score it and the champion on the --test days before D, and promote the challenger only if it is better.

            Examples:
              adaftr schedule add --cluster redis://127.0.0.1:6379 --name nightly --cron "0 2 * * *" --dataset /data/ecomm --window 7d --test 1d --warm-start
              adaftr schedule add --cluster redis://127.0.0.1:6379 --name weekly --cron "30 3 * * MON" --time-zone Asia/Shanghai --dataset az://data/ecomm --metric ctr_gauc
            """);
        addOptions.AddTo(add, forUpdate: false);
        add.SetAction((parsed, ct) =>
        {
            // Checked here first: a mistake is reported without reaching the cluster.
            var spec = addOptions.New(parsed);
            addOptions.Check(spec);
            return WithCluster(parsed, ct, async grains =>
            {
                var view = await Call(addOptions, () => grains.GetGrain<IScheduleGrain>(spec.Name).AddAsync(spec));
                Print(output, parsed, view, $"schedule {spec.Name} added");
                return ExitCodes.Ok;
            });
        });

        var updateOptions = new ScheduleSpecOptions();
        var update = new Command("update", """
            Change an existing schedule (only the options given); its champion and runs stay, and the next run uses the new spec.

            Examples:
              adaftr schedule update --cluster redis://127.0.0.1:6379 --name nightly --steps 2000
              adaftr schedule update --cluster redis://127.0.0.1:6379 --name nightly --cron "0 4 * * *" --window 14d
            """);
        updateOptions.AddTo(update, forUpdate: true);
        update.SetAction((parsed, ct) => WithCluster(parsed, ct, async grains =>
        {
            var grain = grains.GetGrain<IScheduleGrain>(parsed.GetValue(updateOptions.Name)!);
            var current = await Existing(grain, parsed.GetValue(updateOptions.Name)!);
            var spec = updateOptions.Changed(parsed, current.Spec);
            updateOptions.Check(spec);
            Print(output, parsed, await Call(updateOptions, () => grain.UpdateAsync(spec)), $"schedule {spec.Name} updated");
            return ExitCodes.Ok;
        }));

        var list = new Command("list", """
            Every schedule: cron, window, metric, champion, last run and next occurrence.

            Examples:
              adaftr schedule list --cluster redis://127.0.0.1:6379
              adaftr schedule list --cluster redis://127.0.0.1:6379 --json
              ADAFTR_AZURE_STORAGE_FILE=/run/secrets/storage adaftr schedule list --cluster azure
            """);
        list.SetAction((parsed, ct) => WithCluster(parsed, ct, async grains =>
        {
            var names = await grains.GetGrain<IScheduleRegistryGrain>(0).ListAsync();
            var views = (await Task.WhenAll(names.Select(n => grains.GetGrain<IScheduleGrain>(n).GetAsync()))).OfType<ScheduleView>().ToList();
            if (parsed.GetValue(Json)) output.WriteLine(ScheduleOutput.ListJson(views));
            else ScheduleOutput.ListTable(CliConsole.For(output), views);
            return ExitCodes.Ok;
        }));

        var remove = new Command("remove", """
            Remove a schedule: its reminder stops and a run in progress is cancelled; checkpoints stay in the store.

            Examples:
              adaftr schedule remove nightly --cluster redis://127.0.0.1:6379
            """) { Name };
        remove.SetAction((parsed, ct) => WithCluster(parsed, ct, async grains =>
        {
            var name = parsed.GetValue(Name)!;
            var grain = grains.GetGrain<IScheduleGrain>(name);
            await Existing(grain, name);
            await grain.RemoveAsync();
            output.WriteLine(parsed.GetValue(Json) ? JsonSerializer.Serialize(new { schedule = name, removed = true }) : $"schedule {name} removed");
            return ExitCodes.Ok;
        }));

        var runs = new Command("runs", """
            A schedule's runs, oldest first: days, outcome, challenger and champion scores. Exit code 4 when the latest run failed.

            Examples:
              adaftr schedule runs nightly --cluster redis://127.0.0.1:6379
              adaftr schedule runs nightly --cluster redis://127.0.0.1:6379 --json | jq '.runs[-1].outcome'
            """) { Name };
        runs.SetAction((parsed, ct) => WithCluster(parsed, ct, async grains =>
        {
            var name = parsed.GetValue(Name)!;
            var view = await Existing(grains.GetGrain<IScheduleGrain>(name), name);
            if (parsed.GetValue(Json)) output.WriteLine(ScheduleOutput.RunsJson(view));
            else ScheduleOutput.RunsTable(CliConsole.For(output), view);
            return view.Runs.Count > 0 && view.Runs[^1].Outcome == RunOutcome.Failed ? ExitCodes.JobFailed : ExitCodes.Ok;
        }));

        return new Command("schedule", """
            Scheduled retrains on a running cluster: each run trains on the last days of daily partitions, is scored on the
            next day with the champion, and replaces the champion only if it beats it; a failed run never does. A schedule
            missed while the cluster was down runs once when it comes back, for the latest occurrence.

            Examples:
              adaftr schedule add --cluster redis://127.0.0.1:6379 --name nightly --cron "0 2 * * *" --dataset /data/ecomm --window 7d --test 1d --warm-start
              adaftr schedule list --cluster redis://127.0.0.1:6379
              adaftr schedule runs nightly --cluster redis://127.0.0.1:6379 --json
              adaftr schedule update --cluster redis://127.0.0.1:6379 --name nightly --steps 2000
              adaftr schedule remove nightly --cluster redis://127.0.0.1:6379
            """)
        {
            Cluster, ClusterId, Json, add, update, list, remove, runs,
        };
    }

    private static async Task<ScheduleView> Existing(IScheduleGrain grain, string name) =>
        await grain.GetAsync() ?? throw new UserError($"there is no schedule '{name}' on this cluster; `adaftr schedule list` shows the schedules it has");

    /// <summary>A grain call whose refusals (a bad spec, a name taken) are the user's to fix.</summary>
    private static async Task<ScheduleView> Call(ScheduleSpecOptions options, Func<Task<ScheduleView>> call)
    {
        try { return await call(); }
        catch (ScheduleSpecException e) { throw options.Explain(e); }
        catch (InvalidOperationException e) { throw new UserError(e.Message); }
    }

    private static void Print(TextWriter output, ParseResult parsed, ScheduleView view, string done)
    {
        if (parsed.GetValue(Json)) output.WriteLine(ScheduleOutput.ListJson([view]));
        else
        {
            output.WriteLine(done);
            ScheduleOutput.ListTable(CliConsole.For(output), [view]);
        }
    }

    private static async Task<int> WithCluster(ParseResult parsed, CancellationToken cancellationToken, Func<IGrainFactory, Task<int>> act)
    {
        await using var cluster = await RemoteCluster.ConnectAsync(parsed.GetValue(Cluster)!, parsed.GetValue(ClusterId)!, cancellationToken);
        return await act(cluster.Grains);
    }
}
