using System.Text.Json;

namespace AdaFtr.Integration.Tests;

/// <summary>
/// The product as a separate process: libtorch must load through the build's own native fix
/// (nothing preloaded by a test host), exit codes and messages must be what a script sees.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class FreshProcessTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-process-").FullName;

    [Fact]
    public async Task Doctor_in_a_fresh_process_loads_libtorch()
    {
        var run = await AdaftrProcess.Run(Limit, "doctor", "--json", "--checkpoint-dir", _folder);
        run.ExitCode.Should().Be(0, run.ToString());
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("libtorch").GetString().Should().StartWith("2.");
        report.GetProperty("problems").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Train_in_a_fresh_process_writes_a_checkpoint()
    {
        var run = await AdaftrProcess.Run(Limit, "train", "--steps", "60", "--checkpoint-dir", _folder, "--job", "p");
        run.ExitCode.Should().Be(0, run.ToString());
        File.Exists(Path.Combine(_folder, "p", "0000000060", "manifest.json")).Should().BeTrue();
    }

    [Fact]
    public async Task A_bad_flag_exits_non_zero_without_a_stack_trace()
    {
        var run = await AdaftrProcess.Run(Limit, "train", "--steps", "many");
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("many").And.NotContain("   at ");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
