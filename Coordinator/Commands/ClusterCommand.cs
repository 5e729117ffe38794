using System.CommandLine;
using AdaFtr.Checkpoints;
using AdaFtr.Coordinator.Cluster;
using AdaFtr.Coordinator.Console;
using AdaFtr.Coordinator.Training;
using AdaFtr.Silo.Configuration;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr cluster up|down|status</c>: local silo processes clustered through Redis or Azure Table storage.</summary>
public static class ClusterCommand
{
    private static readonly Option<DirectoryInfo> StateDir = new("--state-dir")
    {
        Description = "Where the cluster's process ids and logs are kept.",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".adaftr", "cluster")),
        Recursive = true,
    };
    private static readonly Option<int> Silos = new("--silos") { Description = "Silo processes to start (1-16).", DefaultValueFactory = _ => 2 };
    private static readonly Option<string?> Redis = new("--redis")
    {
        Description = "An existing Redis (HOST:PORT[,password=...]). Default: start redis-server on 127.0.0.1 at a free port.",
    };
    private static readonly Option<string> Clustering = new("--clustering")
    {
        Description = $"Where the silos keep membership, schedule and job state, and reminders: redis, or azure (the tables of the storage account "
                      + $"whose connection string is in {AzureTableClusterAddress.ConnectionVariable}, or in the file {AzureTableClusterAddress.ConnectionFileVariable} names).",
        DefaultValueFactory = _ => "redis",
    };
    private static readonly Option<string> ClusterId = new("--cluster-id")
    {
        Description = "Cluster id the silos join under; `adaftr train --cluster` uses the same default.",
        DefaultValueFactory = _ => "adaftr",
    };
    private static readonly Option<string?> Checkpoints = new("--checkpoints")
    {
        Description = "The cluster's checkpoint store: a folder every silo can write, or az://container/folder. A job without a store of its "
                      + "own (train --checkpoint-dir) checkpoints there, so that a job whose silo died continues from its newest checkpoint. "
                      + "Default: checkpoints/ in the state folder.",
        HelpName = "STORE",
    };
    private static readonly Option<string> Devices = new("--devices") { Description = "Devices per silo: auto, cpu, cuda:0,...", DefaultValueFactory = _ => "auto" };

    public static Command Create(TextWriter output)
    {
        var up = new Command("up", """
            Start silo processes on this machine, clustered through Redis or Azure Table storage, every endpoint on 127.0.0.1.
            Run again while the silos run and the Redis it started has died, it starts that Redis again
            with everything it held (membership, job records, schedules, reminders).

            Examples:
              adaftr cluster up --silos 3
              adaftr cluster up --silos 2 --redis 127.0.0.1:6379
              adaftr cluster up --silos 3 --checkpoints /mnt/shared/ckpt
              ADAFTR_AZURE_STORAGE_FILE=~/.adaftr/storage.txt adaftr cluster up --silos 3 --clustering azure
            """) { Silos, Clustering, Redis, Devices, ClusterId, Checkpoints };
        Clustering.AcceptOnlyFromAmong("redis", ClusterAddress.AzureKeyword);
        up.SetAction(async (parsed, cancellationToken) =>
        {
            int silos = parsed.GetValue(Silos);
            if (silos is < 1 or > 16) throw new UserError($"--silos: {silos} must be between 1 and 16");
            var azure = parsed.GetValue(Clustering) == ClusterAddress.AzureKeyword;
            if (azure && parsed.GetValue(Redis) is not null) throw new UserError("--redis: not with --clustering azure");
            // Read before anything starts: a missing connection string fails at once, not after the silos.
            var azureStorage = azure ? AzureTableClusterAddress.FromEnvironment(Environment.GetEnvironmentVariable).ConnectionString : null;
            var console = CliConsole.For(output);
            var cluster = new LocalCluster(parsed.GetValue(StateDir)!.FullName, new ConsoleLineWriter(console));
            if (await cluster.RestartRedis(cancellationToken) is { } revived)
            {
                output.WriteLine($"cluster {revived.ClusterId} is running but its redis had died: started it again on {revived.Redis} (pid {revived.RedisProcess!.Pid}) from its append-only file; silos and clients reconnect by themselves");
                return ExitCodes.Ok;
            }
            var checkpoints = CheckpointLocation(parsed.GetValue(Checkpoints) ?? Path.Combine(cluster.StateDir, "checkpoints"));
            console.Line($"starting {silos} silo(s); state and logs in {cluster.StateDir}");
            // One bar over both phases: gateways opening (silos), then silos joining the membership (silos more).
            var state = await LiveProgress.RunAsync(console, $"starting {silos} silo(s)", 2 * silos, async bar =>
            {
                var started = await cluster.Up(silos, parsed.GetValue(Redis), azureStorage, parsed.GetValue(Devices)!, parsed.GetValue(ClusterId)!, checkpoints,
                    open => bar.Update(open, $"{open}/{silos} gateway(s) open"), cancellationToken);
                await WaitUntilAllActive(started, active => bar.Update(silos + active, $"{active}/{silos} silo(s) active in the membership"), cancellationToken);
                return started;
            });
            output.WriteLine($"cluster {state.ClusterId} up: {state.Silos.Count} silo(s), {state.Address().Display}{(state.RedisProcess is null ? "" : $" (pid {state.RedisProcess.Pid}, ours)")}");
            output.WriteLine($"train on it:  adaftr train --cluster {CommandLineAddress(state)} --cluster-id {state.ClusterId} --workers {state.Silos.Count} --ps-shards {state.Silos.Count}");
            output.WriteLine($"checkpoints:  {checkpoints} (jobs without --checkpoint-dir)");
            output.WriteLine($"stop it with: adaftr cluster down --state-dir {cluster.StateDir}");
            return ExitCodes.Ok;
        });

        var down = new Command("down", """
            Stop exactly the processes `cluster up` started (checked by pid, start time and command line).

            Examples:
              adaftr cluster down
              adaftr cluster down --state-dir /tmp/adaftr-cluster
            """);
        down.SetAction(async (parsed, _) =>
        {
            var cluster = new LocalCluster(parsed.GetValue(StateDir)!.FullName, output);
            int stopped = await cluster.Down();
            output.WriteLine(stopped == 0 ? $"no running cluster recorded in {cluster.StateDir}" : $"stopped {stopped} process(es)");
            return ExitCodes.Ok;
        });

        var status = new Command("status", """
            Show the silos and the Redis `cluster up` started and whether each is alive. Exits 3 when one is down.

            Examples:
              adaftr cluster status
              adaftr cluster status --state-dir /tmp/adaftr-cluster || adaftr cluster up --silos 2
            """);
        status.SetAction(parsed =>
        {
            var dir = parsed.GetValue(StateDir)!.FullName;
            var state = ClusterState.Load(dir) ?? throw new UserError($"no cluster recorded in {dir}; start one with `adaftr cluster up`");
            var console = CliConsole.For(output);
            bool redisDown = state.RedisProcess is { } ours && !OwnedProcesses.IsAlive(ours);
            console.Line($"cluster {state.ClusterId}, {state.Address().Display}{(redisDown ? " DOWN: `adaftr cluster up` starts it again" : "")}");
            var table = new ListTable(console, "silo", "pid", "state", "gateway", "dashboard").Numeric(0, 1);
            int dead = 0;
            foreach (var silo in state.Silos)
            {
                string[] row = [$"{silo.Index}", $"{silo.Process.Pid}", "up", $"127.0.0.1:{silo.GatewayPort}", $"{silo.DashboardUrl}/dashboard"];
                if (OwnedProcesses.IsAlive(silo.Process)) table.Row(row);
                else
                {
                    dead++;
                    table.Alarm([.. row[..2], "DOWN", .. row[3..]]);
                }
            }
            table.Write();
            if (dead > 0) console.Line($"{dead} silo(s) down: see silo-N.log in {dir}; `adaftr cluster down` then `cluster up` starts afresh");
            return dead == 0 && !redisDown ? ExitCodes.Ok : ExitCodes.Environment;
        });

        return new Command("cluster", """
            Run a local cluster of silo processes.

            Examples:
              adaftr cluster up --silos 3
              adaftr cluster status
              adaftr cluster down
            """) { StateDir, up, down, status };
    }

    /// <summary>
    /// Open gateways are not yet a cluster: a job started now would see only the silos that already
    /// know each other and place every worker there. Returns once membership lists all of them.
    /// </summary>
    private static async Task WaitUntilAllActive(ClusterState state, Action<int> active, CancellationToken cancellationToken)
    {
        await using var client = await RemoteCluster.ConnectAsync(state.Address(), state.ClusterId, cancellationToken, startingSilos: TimeSpan.FromMinutes(2));
        var management = client.Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            int count = (await management.GetHosts(onlyActive: true)).Count;
            active(count);
            if (count >= state.Silos.Count) return;
            if (DateTime.UtcNow > deadline)
                throw new UserError($"the {state.Silos.Count} silos did not all become active within 2 minutes; see the logs in the state folder", ExitCodes.Environment);
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The <c>--cluster</c> value a client passes, with any password elided: the azure connection string stays in the environment.</summary>
    private static string CommandLineAddress(ClusterState state)
    {
        if (state.Redis is null) return ClusterAddress.AzureKeyword;
        var password = state.Redis.Contains("password=", StringComparison.OrdinalIgnoreCase) ? "?password=..." : "";
        return $"redis://{state.Redis.Split(',')[0]}{password}";
    }

    /// <summary>The store as the silos must see it: a folder made absolute (they may start elsewhere), a blob location as given.</summary>
    private static string? CheckpointLocation(string? location)
    {
        if (string.IsNullOrWhiteSpace(location)) return null;
        try { CheckpointStores.Open(location); }
        catch (ArgumentException e) { throw new UserError($"--checkpoints: {e.Message}"); }
        return CheckpointStores.IsBlob(location) ? location : Path.GetFullPath(location);
    }

}
