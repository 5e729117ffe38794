using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Coordinator.Training;

namespace AdaFtr.Coordinator.Cluster;

/// <summary>A process <c>cluster up</c> started: enough to find it again, and to be sure it is still the same process.</summary>
public sealed record OwnedProcess(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("start_ticks")] long StartTicks,
    [property: JsonPropertyName("marker")] string Marker,
    [property: JsonPropertyName("log")] string Log);

public sealed record SiloEntry(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("process")] OwnedProcess Process,
    [property: JsonPropertyName("silo_port")] int SiloPort,
    [property: JsonPropertyName("gateway_port")] int GatewayPort,
    [property: JsonPropertyName("dashboard_url")] string DashboardUrl);

/// <summary>
/// What <c>cluster up</c> started, kept in <c>{state-dir}/cluster.json</c> (owner-only: <see cref="Redis"/>
/// may hold a password, <see cref="AzureStorage"/> an account key) so that <c>down</c> stops exactly those processes.
/// The membership is in <see cref="Redis"/>, or, when it is null, in the tables of <see cref="AzureStorage"/>.
/// </summary>
public sealed record ClusterState(
    [property: JsonPropertyName("cluster_id")] string ClusterId,
    [property: JsonPropertyName("redis")] string? Redis,
    [property: JsonPropertyName("redis_process")] OwnedProcess? RedisProcess,
    [property: JsonPropertyName("silos")] IReadOnlyList<SiloEntry> Silos,
    [property: JsonPropertyName("azure_storage")] string? AzureStorage = null)
{
    /// <summary>How a client of this cluster finds it.</summary>
    public ClusterAddress Address() =>
        Redis is not null ? RedisClusterAddress.FromConfiguration(Redis) : new AzureTableClusterAddress(AzureStorage ?? throw new UserError("cluster state names neither Redis nor Azure storage"));

    public const string FileName = "cluster.json";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static ClusterState? Load(string stateDir)
    {
        var path = Path.Combine(stateDir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ClusterState>(File.ReadAllText(path))
                   ?? throw new UserError($"{path}: empty cluster state; delete it if no cluster is running");
        }
        catch (JsonException e)
        {
            throw new UserError($"{path}: not a cluster state file ({e.Message}); delete it if no cluster is running");
        }
    }

    public void Save(string stateDir)
    {
        Directory.CreateDirectory(stateDir);
        var path = Path.Combine(stateDir, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, JsonOptions));
        if (!OperatingSystem.IsWindows())   // it may hold the Redis password: owner only
            File.SetUnixFileMode(path + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void Delete(string stateDir) => File.Delete(Path.Combine(stateDir, FileName));
}
