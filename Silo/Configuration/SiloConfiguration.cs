using Microsoft.Extensions.Configuration;

namespace AdaFtr.Silo.Configuration;

/// <summary>Reads <see cref="SiloSettings"/> from file, environment and flags, in that order of precedence (last wins).</summary>
public static class SiloConfiguration
{
    public const string EnvironmentPrefix = "ADAFTR_";

    /// <summary>Flags, and the setting each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        ["--clustering"] = nameof(SiloSettings.Clustering),
        ["--redis"] = nameof(SiloSettings.Redis),
        ["--azure-storage"] = nameof(SiloSettings.AzureStorage),
        ["--azure-storage-file"] = nameof(SiloSettings.AzureStorageFile),
        ["--kubernetes-hosting"] = nameof(SiloSettings.KubernetesHosting),
        ["--cluster-id"] = nameof(SiloSettings.ClusterId),
        ["--service-id"] = nameof(SiloSettings.ServiceId),
        ["--listen-address"] = nameof(SiloSettings.ListenAddress),
        ["--silo-port"] = nameof(SiloSettings.SiloPort),
        ["--gateway-port"] = nameof(SiloSettings.GatewayPort),
        ["--primary-silo-port"] = nameof(SiloSettings.PrimarySiloPort),
        ["--devices"] = nameof(SiloSettings.Devices),
        ["--checkpoints"] = nameof(SiloSettings.CheckpointStore),
        ["--probe-timeout"] = nameof(SiloSettings.ProbeTimeoutSeconds),
        ["--dashboard-url"] = nameof(SiloSettings.DashboardUrl),
        ["--dashboard-user"] = nameof(SiloSettings.DashboardUser),
        ["--dashboard-password"] = nameof(SiloSettings.DashboardPassword),
        ["--tls-certificate"] = nameof(SiloSettings.TlsCertificate),
        ["--tls-key"] = nameof(SiloSettings.TlsKey),
        ["--tls-password-file"] = nameof(SiloSettings.TlsPasswordFile),
    };

    /// <param name="args">Command-line flags; <c>--config FILE</c> names the JSON file.</param>
    /// <param name="environment">Environment variables (injectable for tests).</param>
    public static SiloSettings Read(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        var unknown = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !Flags.ContainsKey(a.Split('=')[0]) && a.Split('=')[0] != "--config").ToList();
        if (unknown.Count > 0)
            throw new SiloConfigurationException([$"unknown flag {unknown[0]}; known: --config, {string.Join(", ", Flags.Keys)}"]);

        // A flag's value is in the process's command line, which every user of the machine can read (ps).
        if (FlagValue(args, "--redis") is { } redisFlag && redisFlag.Contains("password=", StringComparison.OrdinalIgnoreCase))
            throw new SiloConfigurationException([$"{SiloSettings.Section}:{nameof(SiloSettings.Redis)}: a password in --redis is visible to every user of the machine; set it in the environment (ADAFTR_SILO__REDIS) or the --config file"]);

        var builder = new ConfigurationBuilder();
        var file = ConfigFile(args);
        if (file is not null)
        {
            if (!File.Exists(file)) throw new SiloConfigurationException([$"--config: {Path.GetFullPath(file)} does not exist"]);
            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }
        builder.AddInMemoryCollection(environment
            .Where(kv => kv.Key.StartsWith(EnvironmentPrefix + SiloSettings.Section + "__", StringComparison.OrdinalIgnoreCase))
            .Select(kv => KeyValuePair.Create(kv.Key[EnvironmentPrefix.Length..].Replace("__", ":"), kv.Value)));
        builder.AddCommandLine(args.Where(a => a.Split('=')[0] != "--config" && !IsConfigValue(args, a)).ToArray(),
            Flags.ToDictionary(kv => kv.Key, kv => $"{SiloSettings.Section}:{kv.Value}"));

        var settings = new SiloSettings();
        try
        {
            builder.Build().GetSection(SiloSettings.Section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new SiloConfigurationException([e.InnerException?.Message ?? e.Message]);
        }
        var errors = SiloSettingsValidator.Validate(settings);
        if (errors.Count > 0) throw new SiloConfigurationException(errors);
        return settings;
    }

    private static string? ConfigFile(string[] args) => FlagValue(args, "--config");

    private static string? FlagValue(string[] args, string flag)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(flag + "=", StringComparison.Ordinal)) return args[i][(flag.Length + 1)..];
            if (args[i] == flag && i + 1 < args.Length) return args[i + 1];
        }
        return null;
    }

    private static bool IsConfigValue(string[] args, string arg)
    {
        int index = Array.IndexOf(args, arg);
        return index > 0 && args[index - 1] == "--config";
    }
}
