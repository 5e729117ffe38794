using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdaFtr.Coordinator.Checkpoints;
using AdaFtr.Coordinator.Console;
using AdaFtr.Silo;
using AdaFtr.Silo.Configuration;
using TorchSharp;

namespace AdaFtr.Coordinator.Commands;

/// <summary><c>adaftr doctor</c>: what this machine can run, and what to fix when it cannot.</summary>
public static class DoctorCommand
{
    private const string FixReportSuffix = ".glibcxx-fix.json";

    private static readonly Option<DirectoryInfo> CheckpointDir = new("--checkpoint-dir")
    {
        Description = "The checkpoint folder to check for write access.",
        DefaultValueFactory = _ => new DirectoryInfo("checkpoints"),
    };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object instead of text." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("doctor", """
            Check what this machine can run, and say what to fix when it cannot.

            Checks .NET, TorchSharp and libtorch, the backend, CUDA devices, threads, the libstdc++
            fix for TorchSharp, and the checkpoint store. Exits 3 when something is missing.

            Examples:
              adaftr doctor
              adaftr doctor --checkpoint-dir /mnt/ckpt --json
            """)
        { CheckpointDir, Json };
        command.SetAction(parsed => Run(parsed.GetValue(CheckpointDir)!, parsed.GetValue(Json), output));
        return command;
    }

    private static int Run(DirectoryInfo checkpointDir, bool json, TextWriter output)
    {
        var report = new JsonObject
        {
            ["dotnet"] = Environment.Version.ToString(),
            ["torchsharp"] = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0],
            ["backend"] = typeof(DoctorCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value,
        };
        var problems = new List<string>();

        try
        {
            report["libtorch"] = torch.__version__;
            report["cuda_available"] = torch.cuda.is_available();
            report["cuda_devices"] = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
            report["threads"] = torch.get_num_threads();
            report["devices_auto"] = DevicesAuto(problems);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException)
        {
            report["libtorch"] = null;
            problems.Add($"libtorch did not load ({(e.InnerException ?? e).Message.Split('\n')[0]}). Rebuild with ./adaftr.sh (the build fixes " +
                         "libLibTorchSharp.so for an older libstdc++), or see docs/native-loading.md.");
        }

        var fix = ReadFixReport();
        report["native_fix"] = fix?.DeepClone();
        if (OperatingSystem.IsLinux() && fix is null)
            problems.Add("no native-fix report beside libLibTorchSharp.so: this program was not built by this repository's build; rebuild with ./adaftr.sh.");

        var root = checkpointDir.FullName;
        try
        {
            CheckpointFolderProbe.CheckWritable(root, "--checkpoint-dir");
            report["checkpoint_store"] = new JsonObject { ["kind"] = "directory", ["path"] = root, ["writable"] = true };
        }
        catch (UserError e)
        {
            report["checkpoint_store"] = new JsonObject { ["kind"] = "directory", ["path"] = root, ["writable"] = false };
            problems.Add(e.Message);
        }
        report["problems"] = new JsonArray(problems.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray());

        if (json)
            output.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            var console = CliConsole.For(output);
            var checks = new ListTable(console, "check", "result");
            foreach (var (key, value) in report.Where(kv => kv.Key is not ("problems" or "native_fix" or "checkpoint_store")))
            {
                if (value is null) checks.Alarm(key, "not loaded");
                else checks.Row(key, value.ToJsonString().Trim('"'));
            }
            checks.Row("native fix", DescribeFix(fix));
            bool writable = !problems.Any(p => p.Contains(root));
            if (writable) checks.Row("checkpoints", $"{root} (writable)");
            else checks.Alarm("checkpoints", $"{root} (NOT writable)");
            checks.Write();
            foreach (var problem in problems) console.Line($"problem: {problem}");
            console.Line(problems.Count == 0 ? "ok: ready to train" : $"{problems.Count} problem(s): fix them, then run adaftr doctor again");
        }
        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Environment;
    }

    /// <summary>What a silo started here with <c>--devices auto</c> would train on; a start that would fail is a problem.</summary>
    private static string? DevicesAuto(List<string> problems)
    {
        try { return string.Join(",", SiloHost.ResolveDevices("auto")); }
        catch (SiloConfigurationException e)
        {
            problems.Add(e.Message);
            return null;
        }
    }

    private static JsonNode? ReadFixReport()
    {
        var path = Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so" + FixReportSuffix, SearchOption.AllDirectories).FirstOrDefault();
        return path is null ? null : JsonNode.Parse(File.ReadAllText(path));
    }

    private static string DescribeFix(JsonNode? fix) => fix switch
    {
        null => OperatingSystem.IsLinux() ? "no report (not built by this repository?)" : "not needed on this OS",
        _ when fix["applied"]?.GetValue<bool>() == true => $"applied: {fix["reason"]} (libstdc++ {fix["system_libstdcxx"]})",
        _ => $"not applied: {fix["reason"]}",
    };
}
