using AdaFtr.Grains;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Runtime;
using AdaFtr.Model.Weights;
using static TorchSharp.torch;

namespace AdaFtr.Checkpoints;

/// <summary>
/// Reads a parameter shard's checkpoint file from its store as a stream, tensor by tensor, and checks its
/// size and SHA-256 against the manifest's as the bytes go by: the file may have changed since the
/// checkpoint was verified, and no array ever holds it whole.
/// </summary>
public static class ShardCheckpointReader
{
    /// <summary>Gives <paramref name="shard"/> the state in <paramref name="source"/>'s file (a warm start: only its parameters).</summary>
    /// <param name="compute">Where the shard's maths runs: the state is taken there.</param>
    /// <returns>The shard's version now: the checkpoint's step, or 0 after a warm start.</returns>
    /// <exception cref="CheckpointException">naming the file, when it is missing, does not match the manifest or holds another version.</exception>
    public static async Task<long> RestoreAsync(ParameterShard shard, ShardCheckpointSource source, ComputeThread compute)
    {
        var store = CheckpointStores.Open(source.Store);
        var name = CheckpointLayout.Path(source.Job, source.Step, source.File);
        // Off the caller's scheduler: the stream is read synchronously, piece by piece, for minutes when the file is large.
        var state = await Task.Run(() => Read(store, name, new CheckpointFile(source.File, source.Bytes, source.Sha256)));
        try
        {
            await compute.RunAsync(() =>
            {
                if (source.ParametersOnly) shard.RestoreParameters(state);
                else shard.RestoreState(state);
            });
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
        long version = source.ParametersOnly ? 0 : source.Step;
        if (shard.Version != version) throw new CheckpointException($"{store.Describe(name)}: holds version {shard.Version}, not {version}");
        return shard.Version;
    }

    /// <summary>
    /// The file's tensors by name, on the CPU, created on the calling thread (in its dispose scope, if any);
    /// the caller disposes them. Blocks while the store opens the file: call it where blocking is allowed.
    /// </summary>
    /// <exception cref="CheckpointException">naming the file, when it is missing, does not match <paramref name="expected"/> or is not safetensors.</exception>
    public static Dictionary<string, Tensor> Read(ICheckpointStore store, string name, CheckpointFile expected)
    {
        var where = store.Describe(name);
        using var hashing = new HashingStream(store.OpenReadAsync(name).GetAwaiter().GetResult() ?? throw CheckpointFileCheck.Missing(where));
        Dictionary<string, Tensor> state;
        try
        {
            state = SafeTensorsReader.Read(where, hashing, expected.Bytes);
        }
        catch (SafeTensorsFormatException e)
        {
            // A file cut short or altered mostly reads as malformed: the manifest's check says which, and comes first.
            hashing.CopyTo(Stream.Null, CheckpointFileCheck.ReadBufferBytes);
            CheckpointFileCheck.Matches(where, expected, hashing.Describe(expected.Name));
            throw new CheckpointException($"{e.Message}; yet it matches its manifest, so it was written so: use an earlier checkpoint", e);
        }
        try
        {
            hashing.CopyTo(Stream.Null, CheckpointFileCheck.ReadBufferBytes);   // bytes past the tensors count too
            CheckpointFileCheck.Matches(where, expected, hashing.Describe(expected.Name));
            return state;
        }
        catch
        {
            foreach (var tensor in state.Values) tensor.Dispose();
            throw;
        }
    }
}
