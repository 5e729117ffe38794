using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// A <c>--data</c> or <c>--eval-data</c> input: a data file in any format <c>adaftr data inspect</c> reads
/// (Ali-CCP or AliExpress CSV, raw Ali-CCP), detected the same way (<see cref="InputSpec.Resolve"/>), or a shard
/// set, a folder with manifest.json or <c>az://container/folder</c>, which a job reads as it is.
/// </summary>
public sealed class TrainingInput
{
    private readonly string _flag;
    private readonly InputSpec _spec;

    private TrainingInput(string flag, InputSpec spec)
    {
        _flag = flag;
        _spec = spec;
    }

    /// <summary>Where it is: an absolute path (the silos resolve it, not this shell) or a blob location.</summary>
    public string Location => _spec.Path;

    public bool IsShardSet => _spec.Format == InputFormat.Shards;

    /// <exception cref="UserError">naming the flag, when the input is missing or its format cannot be told.</exception>
    public static TrainingInput Resolve(string flag, string location)
    {
        var path = ShardStores.IsBlob(location) ? location : Path.GetFullPath(location);
        try
        {
            return new TrainingInput(flag, new InputSpec(path, new InputSpec(path).Resolve()));
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            throw new UserError($"{flag}: {e.Message}");
        }
    }

    /// <summary>The shard set's manifest; for a file, the manifest of the <paramref name="shards"/> shards it is written as into <paramref name="folder"/>.</summary>
    /// <returns>The set a job reads, and its manifest.</returns>
    public (string Folder, ShardManifest Manifest) AsShardSet(string folder, int shards)
    {
        try
        {
            if (IsShardSet) return (Location, ShardSet.Open(ShardStores.Open(Location)).Manifest);
            return (folder, ShardSetWriter.Write(_spec.Open(new BadRowBudget()), ShardStores.Open(folder, forWriting: true), new ShardWriteOptions(Shards: shards)));
        }
        catch (Exception e) when (e is ArgumentException or IOException or ShardCorruptException)
        {
            throw new UserError($"{_flag} {Location}: {e.Message}");
        }
    }
}
