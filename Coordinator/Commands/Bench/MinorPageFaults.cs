namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// This process's minor page faults so far (field 10 of /proc/self/stat): each is a kernel entry, and for fresh
/// memory a page zeroed, so faults per step show an allocator that maps and unmaps its blocks every step. Null off Linux.
/// </summary>
internal static class MinorPageFaults
{
    public static long? SoFar()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var stat = File.ReadAllText("/proc/self/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[10 - 3]);
    }
}
