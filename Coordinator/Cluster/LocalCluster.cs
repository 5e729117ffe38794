using System.Net.Sockets;
using AdaFtr.Silo.Configuration;

namespace AdaFtr.Coordinator.Cluster;

/// <summary>
/// N silo processes on this machine, clustered through Redis (a redis-server started on
/// 127.0.0.1 unless the user gives one, which keeps an append-only file in the state folder so that
/// it can be started again with everything it held) or through an Azure storage account's tables.
/// Every endpoint is bound to loopback.
/// </summary>
public sealed class LocalCluster(string stateDir, TextWriter output)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private const string SiloMarker = "adaftr-silo.dll";
    private const string RedisMarker = "redis-server";

    public string StateDir { get; } = Path.GetFullPath(stateDir);
    private string RedisData => Path.Combine(StateDir, "redis");

    /// <param name="azureStorage">The connection string of the storage account whose tables cluster the silos (null: Redis).</param>
    /// <param name="checkpoints">The cluster's checkpoint store, given to every silo (null: none).</param>
    /// <param name="gatewaysOpen">Told how many silos opened their gateway so far (null: nobody asks).</param>
    public async Task<ClusterState> Up(int silos, string? redis, string? azureStorage, string devices, string clusterId, string? checkpoints, Action<int>? gatewaysOpen, CancellationToken cancellationToken)
    {
        if (ClusterState.Load(StateDir) is { } existing && existing.Silos.Any(s => OwnedProcesses.IsAlive(s.Process)))
            throw new UserError($"a cluster started from {StateDir} is still running; run `adaftr cluster down --state-dir {StateDir}` first, or pick another --state-dir");

        OwnedProcess? redisProcess = null;
        for (int attempt = 1; redis is null && azureStorage is null; attempt++)
        {
            // A free port can be taken by someone else before redis binds it: then try another.
            int redisPort = FreePorts.Next();
            // A new cluster starts from an empty Redis: an earlier cluster's membership would have its silos wait for dead ones.
            if (attempt == 1 && Directory.Exists(RedisData)) Directory.Delete(RedisData, recursive: true);
            redisProcess = StartRedis(redisPort);
            try
            {
                await WaitForPort("127.0.0.1", redisPort, redisProcess, cancellationToken);
                redis = $"127.0.0.1:{redisPort}";
            }
            catch (UserError) when (attempt < 3 && !OwnedProcesses.IsAlive(redisProcess)) { }
            catch (UserError)
            {
                await OwnedProcesses.Stop(redisProcess, StopGrace);   // not in any state file yet: nobody else would stop it
                throw;
            }
        }
        var entries = new List<SiloEntry>();
        var state = new ClusterState(clusterId, redis, redisProcess, entries, azureStorage);
        try
        {
            for (int i = 0; i < silos; i++)
            {
                int siloPort = FreePorts.Next(), gatewayPort = FreePorts.Next(), dashboardPort = FreePorts.Next();
                var dashboard = $"http://127.0.0.1:{dashboardPort}";
                List<string> arguments = [Path.Combine(AppContext.BaseDirectory, SiloMarker), "--clustering", redis is null ? "azure" : "redis", "--cluster-id", clusterId,
                     "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--dashboard-url", dashboard, "--devices", devices];
                if (checkpoints is not null) arguments.AddRange(["--checkpoints", checkpoints]);
                // Secrets go by environment, not argv: any user may list a process's arguments.
                var environment = redis is null
                    ? new Dictionary<string, string> { [SiloConfiguration.EnvironmentPrefix + "SILO__AZURESTORAGE"] = azureStorage! }
                    : new Dictionary<string, string> { [SiloConfiguration.EnvironmentPrefix + "SILO__REDIS"] = redis };
                // N silos on one machine share its cores: each gets its part, so N workers computing at once do not
                // run N times the cores in threads. A cluster of one silo per machine keeps libtorch's default.
                if (Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is null)
                    environment["OMP_NUM_THREADS"] = Math.Max(1, Environment.ProcessorCount / silos).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var process = OwnedProcesses.Start("dotnet", arguments, Path.Combine(StateDir, $"silo-{i}.log"), SiloMarker, environment);
                entries.Add(new SiloEntry(i, process, siloPort, gatewayPort, dashboard));
                state.Save(StateDir);   // saved as each process starts: `down` can always find what `up` left
            }
            foreach (var silo in entries)
            {
                await WaitForPort("127.0.0.1", silo.GatewayPort, silo.Process, cancellationToken);
                output.WriteLine($"  silo {silo.Index} ready: pid {silo.Process.Pid}, gateway 127.0.0.1:{silo.GatewayPort}, dashboard {silo.DashboardUrl}/dashboard");
                gatewaysOpen?.Invoke(silo.Index + 1);
            }
        }
        catch
        {
            await Down();
            throw;
        }
        return state;
    }

    /// <summary>
    /// The Redis this cluster started died while its silos run: start it again on the same port from its append-only
    /// file, so that membership, job records, schedules and reminders are back as they were.
    /// </summary>
    /// <returns>The state with the new Redis process, or null when there is nothing to restart.</returns>
    public async Task<ClusterState?> RestartRedis(CancellationToken cancellationToken)
    {
        if (ClusterState.Load(StateDir) is not { RedisProcess: { } dead, Redis: { } configuration } state || OwnedProcesses.IsAlive(dead)
            || !state.Silos.Any(s => OwnedProcesses.IsAlive(s.Process))) return null;
        int port = int.Parse(configuration.Split(',')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var redis = StartRedis(port);
        var restarted = state with { RedisProcess = redis };
        restarted.Save(StateDir);
        await WaitForPort("127.0.0.1", port, redis, cancellationToken);
        return restarted;
    }

    /// <returns>How many processes were stopped.</returns>
    public async Task<int> Down()
    {
        var state = ClusterState.Load(StateDir);
        if (state is null) return 0;
        int stopped = 0;
        foreach (var silo in state.Silos)
            if (await OwnedProcesses.Stop(silo.Process, StopGrace)) stopped++;
        if (state.RedisProcess is { } redis && await OwnedProcesses.Stop(redis, StopGrace)) stopped++;
        ClusterState.Delete(StateDir);
        return stopped;
    }

    private OwnedProcess StartRedis(int port)
    {
        if (!File.Exists("/usr/bin/redis-server") && !ExistsOnPath("redis-server"))
            throw new UserError("redis-server is not installed: `apt-get install redis-server`, or pass --redis HOST:PORT of a running Redis", ExitCodes.Environment);
        // Every write reaches the append-only file before Redis answers it: a restarted Redis has all the cluster saw written.
        Directory.CreateDirectory(RedisData);
        return OwnedProcesses.Start("redis-server",
            ["--bind", "127.0.0.1", "--port", $"{port}", "--dir", RedisData, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "yes"],
            Path.Combine(StateDir, "redis.log"), RedisMarker);
    }

    private static async Task WaitForPort(string host, int port, OwnedProcess process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!OwnedProcesses.IsAlive(process))
                throw new UserError($"pid {process.Pid} ({process.Marker}) exited while starting; its log {process.Log} ends with:{Environment.NewLine}{OwnedProcesses.Tail(process.Log)}", ExitCodes.Environment);
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
        throw new UserError($"pid {process.Pid} ({process.Marker}) did not listen on {host}:{port} within {ReadyTimeout.TotalSeconds:F0} s; see {process.Log}", ExitCodes.Environment);
    }

    private static bool ExistsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));
}
