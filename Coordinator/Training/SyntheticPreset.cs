using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Training;

/// <summary>
/// <c>synth:aliccp-like</c>, a <c>--data</c> value: 300,000 Ali-CCP-like rows from a known model (the true probabilities
/// stored beside the labels, so the evaluation can print the oracle AUC), generated once into the user's cache and
/// reused. The first 250,000 rows train, the last 50,000 evaluate: one generation, so both halves share the hidden model.
/// Clicks at 10 % of impressions and purchases at 10 % of clicks, denser than Ali-CCP's, so that a one-minute run
/// still sees thousands of purchases.
/// </summary>
public static class SyntheticPreset
{
    public const string Name = "synth:aliccp-like";
    private const long TrainRows = 250_000, TestRows = 50_000;
    private const int Shards = 8;   // up to 8 workers read it as it is
    private static readonly SyntheticOptions Options = new(TrainRows + TestRows, Seed: 1, ClickRate: 0.1, ConversionRate: 0.1);

    public static bool IsNamedBy(string location) => location.StartsWith("synth:", StringComparison.Ordinal);

    /// <summary>The preset's training and test shard sets, generated first when the cache lacks them.</summary>
    /// <exception cref="UserError">naming <paramref name="flag"/> for a preset that does not exist.</exception>
    public static (string Train, string Test) Ensure(string flag, string location, TextWriter progress) => Ensure(flag, location, progress, CacheRoot());

    internal static (string Train, string Test) Ensure(string flag, string location, TextWriter progress, string cacheRoot)
    {
        if (location != Name) throw new UserError($"{flag}: '{location}' is not a synthetic set this version knows; the one there is: {Name}");
        var folder = Path.Combine(cacheRoot, "synth", $"aliccp-like-{Options.Rows}-seed{Options.Seed}");
        var (train, test) = (Path.Combine(folder, "train"), Path.Combine(folder, "test"));
        if (Directory.Exists(folder)) return (train, test);

        progress.WriteLine($"{Name}: generating {Options.Rows:N0} rows (first use only) into {folder}");
        // Written beside and renamed into place, so a run interrupted half-way leaves no half set that looks whole.
        var partial = $"{folder}.partial-{Environment.ProcessId}";
        try
        {
            var generator = new AliCcpLikeGenerator(Options);
            var write = new ShardWriteOptions(Shards: Shards, BlockRows: 8192);
            ShardSetWriter.Write(new RowWindow(generator, 0, TrainRows), ShardStores.Open(Path.Combine(partial, "train"), forWriting: true), write);
            ShardSetWriter.Write(new RowWindow(generator, TrainRows, TestRows), ShardStores.Open(Path.Combine(partial, "test"), forWriting: true), write);
            Directory.Move(partial, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another run generated it at the same time: theirs is as good as ours.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"{flag} {Name}: cannot write the generated set under {folder}: {e.Message}; set XDG_CACHE_HOME to a writable folder");
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
        return (train, test);
    }

    private static string CacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "adaftr");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? Path.Combine(Path.GetTempPath(), "adaftr-cache") : Path.Combine(home, ".cache", "adaftr");
    }
}
