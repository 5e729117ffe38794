using System.Text.Json;

namespace AdaFtr.Integration.Tests;

/// <summary>
/// <c>adaftr</c> keeps freed native memory for reuse (NativeHeapPolicy): a training step then maps no fresh pages.
/// Page faults are counted by the kernel, not timed, so the comparison holds on a loaded machine.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class NativeHeapPolicyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Training_steps_fault_in_far_fewer_pages_than_with_glibc_defaults()
    {
        double kept = await PageFaultsPerStep(new Dictionary<string, string>());
        // Any MALLOC_* variable is the user's choice and turns the policy off; 16 arenas is glibc's own limit on 2 cores.
        double defaults = await PageFaultsPerStep(new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "16" });
        defaults.Should().BeGreaterThan(500, "a step's 4 MB score matrices are fresh mappings under glibc's defaults");
        kept.Should().BeLessThan(defaults / 2, $"with freed memory kept a step should reuse it ({kept:F0} against {defaults:F0} faults per step)");
    }

    private static async Task<double> PageFaultsPerStep(IReadOnlyDictionary<string, string> environment)
    {
        var run = await AdaftrProcess.Run(Limit, environment, "bench", "model", "--seconds", "1", "--json");
        run.ExitCode.Should().Be(0, run.ToString());
        return JsonDocument.Parse(run.Output).RootElement.GetProperty("figures").GetProperty("page_faults_per_step").GetDouble();
    }
}
