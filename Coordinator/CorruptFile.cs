using AdaFtr.Checkpoints;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Weights;
using AdaFtr.Shards.Format;

namespace AdaFtr.Coordinator;

/// <summary>
/// The errors that mean a file the user pointed at is corrupt (a checkpoint, a shard set, a safetensors file, a model
/// config): bad input (exit 2), whose message already names the file, not a bug (exit 70).
/// </summary>
public static class CorruptFile
{
    public static bool Is(Exception e) => e is CheckpointException or ShardCorruptException or SafeTensorsFormatException or ModelConfigException;
}
