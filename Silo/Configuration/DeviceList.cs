namespace AdaFtr.Silo.Configuration;

/// <summary>The <c>Devices</c> setting: <c>auto</c>, <c>cpu</c>, or <c>cuda:N[,cuda:M...]</c>.</summary>
public static class DeviceList
{
    /// <returns>null when <paramref name="text"/> is valid, else what is wrong.</returns>
    public static string? TryParse(string text, out IReadOnlyList<string> devices)
    {
        devices = [];
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0) return "empty: use auto, cpu, or cuda:0[,cuda:1...]";
        if (items is ["auto"] or ["cpu"]) { devices = items; return null; }
        foreach (var item in items)
            if (!item.StartsWith("cuda:", StringComparison.Ordinal) || !int.TryParse(item.AsSpan(5), out var index) || index < 0)
                return $"'{item}' is not auto, cpu or cuda:N";
        if (items.Distinct().Count() != items.Length) return $"'{text}' names a device twice";
        devices = items;
        return null;
    }

    /// <summary>What <c>auto</c> means on this machine: every CUDA device, else the CPU.</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> devices, int cudaDeviceCount) =>
        devices is ["auto"]
            ? cudaDeviceCount > 0 ? Enumerable.Range(0, cudaDeviceCount).Select(i => $"cuda:{i}").ToList() : ["cpu"]
            : devices;
}
