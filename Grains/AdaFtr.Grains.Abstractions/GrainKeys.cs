namespace AdaFtr.Grains;

/// <summary>String keys of a job's grains: workers <c>{job}/w{k}</c>, parameter-server shards <c>{job}/ps{s}</c>.</summary>
public static class GrainKeys
{
    public static string Worker(string job, int index) => $"{job}/w{index}";
    public static string ParameterShard(string job, int index) => $"{job}/ps{index}";

    /// <summary>The job and index in a worker or shard key.</summary>
    public static (string Job, int Index) Parse(string key)
    {
        int slash = key.LastIndexOf('/');
        var tail = key[(slash + 1)..];
        int digits = tail.StartsWith("ps", StringComparison.Ordinal) ? 2 : 1;
        return (key[..slash], int.Parse(tail[digits..]));
    }
}
