using System.Runtime.InteropServices;

namespace AdaFtr.Model.Runtime;

/// <summary>
/// libtorch allocates every CPU tensor with glibc's malloc. By default glibc maps each large
/// block fresh and unmaps it on free, and a thread other than the first allocates from its own
/// arena, whose heaps are at most 64 MB and whose large blocks are always fresh mappings. So the
/// 4 MB score matrices of every step, and a shard reader's 60 MB windows, were new pages each
/// time, each a kernel entry and a zeroed page: measured (docs/benchmarks.md), 1 000 – 3 200 page
/// faults per training step, a local step on a compute thread 1.8× slower, and a shard reader at
/// 4.4 M rows/s per core instead of 6 – 7. This keeps freed memory for reuse instead: one arena for every thread (so
/// the settings below reach compute threads too), blocks up to 256 MB from the heap, and the
/// heap trimmed only above 1 GiB free. The cost is a process that does not give freed memory
/// back below that. Call it first thing in Main, before threads allocate; a <c>MALLOC_*</c>
/// variable the user set wins (glibc read it at start), and a C library other than glibc is left alone.
/// </summary>
public static class NativeHeapPolicy
{
    private const int ArenaMax = -8, MmapThreshold = -3, TrimThreshold = -1, TopPad = -2;
    private const int KeptBelowBytes = 256 << 20;
    private const int TrimAboveBytes = 1 << 30;
    private const int GrowByBytes = 64 << 20;

    /// <returns>What was done, for the start-up log: "kept", "user's MALLOC_* settings" or "glibc defaults (not glibc)".</returns>
    public static string KeepFreedMemory()
    {
        if (Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(name => name.StartsWith("MALLOC_", StringComparison.Ordinal)))
            return "user's MALLOC_* settings";
        if (!OperatingSystem.IsLinux()) return "platform defaults";
        try
        {
            bool all = MallOpt(ArenaMax, 1) == 1 & MallOpt(MmapThreshold, KeptBelowBytes) == 1
                       & MallOpt(TrimThreshold, TrimAboveBytes) == 1 & MallOpt(TopPad, GrowByBytes) == 1;
            return all ? "kept" : "partly kept (glibc refused a setting)";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "C library defaults (not glibc)";
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
