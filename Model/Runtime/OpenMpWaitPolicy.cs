using System.Runtime.InteropServices;

namespace AdaFtr.Model.Runtime;

/// <summary>
/// libtorch's CPU kernels run on OpenMP (libgomp), whose idle threads spin by default. When the
/// machine's cores are shared with other processes, a spinning thread holds the core its partner
/// needs and every small parallel op waits a scheduler slice: measured here, a training step ran
/// 20× slower. <c>OMP_WAIT_POLICY=PASSIVE</c> makes idle threads sleep instead. libgomp reads it
/// once, when libtorch loads, from the native environment (which .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change on Unix), so
/// this must run before the first TorchSharp call. A value the user already set wins.
/// </summary>
public static class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <returns>The policy libgomp will use.</returns>
    public static string PreferPassive()
    {
        var current = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(current)) return current;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv(Variable, "PASSIVE", 0);
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return "PASSIVE";
    }

    // DllImport, not LibraryImport: the generated marshaller needs unsafe code, which this project does not allow.
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
