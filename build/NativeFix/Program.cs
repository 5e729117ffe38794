using System.Text.Json;
using AdaFtr.NativeFix;

// Usage: AdaFtr.NativeFix <output-folder>
// Finds every libLibTorchSharp.so under the folder and makes it loadable against this machine's
// libstdc++, writing beside each a <name>.glibcxx-fix.json that `adaftr doctor` reads.
if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: AdaFtr.NativeFix <build-or-publish-output-folder>");
    return 2;
}
var libraries = Directory.EnumerateFiles(Path.GetFullPath(args[0]), "libLibTorchSharp.so", SearchOption.AllDirectories).ToList();
if (libraries.Count == 0) return 0;

var libStdCxx = SystemLibStdCxx.Locate();
if (libStdCxx is null)
{
    Console.Error.WriteLine($"adaftr native fix: error: no libstdc++.so.6 found; install it (apt-get install libstdc++6) or set {SystemLibStdCxx.OverrideVariable} to its path.");
    return 1;
}
var provided = SystemLibStdCxx.VersionsDefinedBy(libStdCxx);
var failed = false;
foreach (var path in libraries)
{
    var outcome = LibraryFixer.FixInPlace(path, provided);
    var report = new FixReport(outcome.Outcome.ToString(), outcome.Outcome is FixOutcome.Applied or FixOutcome.AlreadyApplied,
        outcome.Reason, outcome.MissingVersions, libStdCxx);
    File.WriteAllText(path + FixReport.Suffix, JsonSerializer.Serialize(report, FixReport.JsonOptions));
    var line = $"adaftr native fix: {path}: {outcome.Outcome}: {outcome.Reason} (libstdc++: {libStdCxx})";
    if (outcome.Outcome == FixOutcome.CannotFix) { Console.Error.WriteLine("error: " + line); failed = true; }
    else if (outcome.Outcome == FixOutcome.Applied) Console.WriteLine(line);
}
return failed ? 1 : 0;
