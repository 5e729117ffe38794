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

    /// <summary>
    /// What the setting means on this machine, checked: <c>auto</c> is every CUDA device libtorch sees, else the CPU;
    /// a GPU that is named must exist.
    /// </summary>
    /// <param name="cudaBuild">The program was built with TorchSharp's CUDA backend: there <c>auto</c> must find a GPU, since
    /// falling back to the CPU would hide a broken driver or CUDA install behind a slow job.</param>
    /// <exception cref="SiloConfigurationException">naming the setting, when it cannot be met.</exception>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> devices, bool cudaBuild, int cudaDeviceCount)
    {
        const string Setting = $"{SiloSettings.Section}:{nameof(SiloSettings.Devices)} (--devices)";
        string seen = cudaDeviceCount == 0 ? "no CUDA device" : $"{cudaDeviceCount} CUDA device(s), cuda:0..cuda:{cudaDeviceCount - 1}";
        if (devices is ["auto"])
        {
            if (cudaDeviceCount > 0) return Enumerable.Range(0, cudaDeviceCount).Select(i => $"cuda:{i}").ToList();
            if (cudaBuild)
                throw new SiloConfigurationException([$"{Setting}: 'auto' in a CUDA build, but libtorch sees {seen} (driver, CUDA libraries or GPU missing); fix CUDA, or set --devices cpu to train on the CPU"]);
            return ["cpu"];
        }
        foreach (var device in devices.Where(d => d.StartsWith("cuda:", StringComparison.Ordinal)))
            if (int.Parse(device.AsSpan(5)) >= cudaDeviceCount)
                throw new SiloConfigurationException([$"{Setting}: '{device}', but libtorch sees {seen}" +
                    (cudaBuild ? "" : " (this is a CPU build: build with -p:TorchBackend=cuda)") + "; name a device that exists, or use auto or cpu"]);
        return devices;
    }
}
