using System.CommandLine;
using System.Diagnostics;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Streaming;
using AdaFtr.Shards.Synthetic;
using TorchSharp;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>adaftr bench shards</c>: shard write speed, read + batch speed on one core (from the page
/// cache, plain and shuffled), and the process's peak memory next to the size of the data it
/// streamed. Rows are aliccp-like; one chunk is generated up front and written repeatedly, so the
/// generator's speed is not part of the figures.
/// </summary>
public static class BenchShardsCommand
{
    private static readonly Option<long> Rows = new("--rows")
    {
        Description = "Rows to write and read back.",
        DefaultValueFactory = _ => 4_000_000,
    };
    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Rows per batch when reading.",
        DefaultValueFactory = _ => 4096,
    };
    private static readonly Option<string> Compression = new("--compression")
    {
        Description = "none or lz4.",
        DefaultValueFactory = _ => "none",
    };
    private static readonly Option<DirectoryInfo?> Folder = new("--dir")
    {
        Description = "Where to write the temporary shards (default: the system temp folder); deleted afterwards.",
    };
    private static readonly Option<bool> Json = new("--json") { Description = "Print {\"bench\": \"shards\", \"figures\": {...}}." };
    private static readonly Option<int> Repeat = BenchRuns.RepeatOption();

    public static Command Create(TextWriter output)
    {
        var command = new Command("shards", """
            Measure shard writing, reading + batching (one core, page cache) and peak memory.

            Examples:
              adaftr bench shards --json
              adaftr bench shards --repeat 5 --json
              adaftr bench shards --rows 50000000 --dir /mnt/scratch    (more data than memory holds)
            """)
        { Rows, BatchSize, Compression, Folder, Json, Repeat };
        Compression.AcceptOnlyFromAmong("none", "lz4");
        Rows.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 1) r.AddError("--rows must be 1 or more"); });
        BatchSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--batch-size must be 1 or more"); });
        command.SetAction((parsed, cancellationToken) => BenchRuns.RunAsync(parsed.GetValue(Repeat), parsed.GetValue(Json), output,
            () => Task.FromResult(Measure(parsed, cancellationToken)), cancellationToken));
        return command;
    }

    private static BenchReport Measure(ParseResult parsed, CancellationToken cancellationToken)
    {
        long rows = parsed.GetValue(Rows);
        var compression = parsed.GetValue(Compression) == "lz4" ? ShardCompression.Lz4 : ShardCompression.None;
        var parent = parsed.GetValue(Folder)?.FullName ?? Path.GetTempPath();
        var folder = Path.Combine(parent, $"adaftr-bench-shards-{Guid.NewGuid():N}");
        try
        {
            var store = new LocalDirectoryStore(folder);
            double writeRate = Write(store, rows, compression, cancellationToken);
            var set = ShardSet.Open(store);
            torch.set_num_threads(1);
            var (plainRate, perCore) = Read(set, new ShardReadOptions(parsed.GetValue(BatchSize), Shuffle: false), cancellationToken);
            var (shuffledRate, shuffledPerCore) = Read(set, new ShardReadOptions(parsed.GetValue(BatchSize), Seed: 1, Shuffle: true), cancellationToken);
            using var process = Process.GetCurrentProcess();
            return new BenchReport("shards", new Dictionary<string, double>
            {
                ["rows"] = rows,
                ["read_rows_per_s_per_core"] = perCore,
                ["read_rows_per_s"] = plainRate,
                ["read_rows_per_s_shuffled"] = shuffledRate,
                ["read_rows_per_s_per_core_shuffled"] = shuffledPerCore,
                ["write_rows_per_s"] = writeRate,
                ["dataset_mb"] = set.Manifest.Shards.Sum(s => s.Bytes) / 1048576.0,
                ["peak_rss_mb"] = process.PeakWorkingSet64 / 1048576.0,
                ["read_goal_rows_per_s_per_core"] = 5e6,
                ["read_goal_rows_per_s_per_core_shuffled"] = 3e6,
            });
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static double Write(IShardStore store, long rows, ShardCompression compression, CancellationToken cancellationToken)
    {
        const int chunkRows = 1 << 18;
        var chunk = new AliCcpLikeGenerator(new SyntheticOptions(chunkRows)).ReadChunks(chunkRows).Single();
        var clock = Stopwatch.StartNew();
        using var writer = new ShardSetWriter(store, new AliCcpLikeGenerator(new SyntheticOptions(0)).Schema, new ShardWriteOptions(4, 1 << 16, compression));
        for (long written = 0; written < rows; written += chunkRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Append(rows - written >= chunkRows ? chunk : chunk.Slice(0, (int)(rows - written)));
        }
        writer.Complete("bench shards");
        return rows / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Rows per second of wall time, and per second of this process's CPU time (all its threads).</summary>
    private static (double Wall, double PerCore) Read(ShardSet set, ShardReadOptions options, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long rows = 0;
        using (var batcher = new ShardBatcher(set, options))
        {
            while (batcher.Next() is { } batch)
            {
                rows += batch.Size;
                batch.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return (rows / wall, rows / Math.Max(cpu, 1e-9));
    }
}
