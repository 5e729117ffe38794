using AdaFtr.Shards.Format;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Tests.Data;

[Trait("Category", "Cli")]
public sealed class DataSynthCommandTests
{
    [Fact]
    public async Task Instance_related_writes_the_shards_and_one_flag_per_row_beside_them()
    {
        var folder = Directory.CreateTempSubdirectory("adaftr-synth-").FullName;
        try
        {
            var run = await CliRun.Invoke("data", "synth", "--kind", "instance-related", "--rows", "3000", "--related-share", "0.25",
                "--click-rate", "0.039", "--conversion-rate", "0.0051", "--out", folder, "--shards", "2");
            run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
            run.Output.Should().Contain(PlantedRelatedness.FileName);
            File.Exists(Path.Combine(folder, ShardManifest.FileName)).Should().BeTrue();
            var flags = PlantedRelatedness.Read(new LocalDirectoryStore(folder));
            flags.Should().HaveCount(3000);
            ((double)flags.Count(f => f) / flags.Length).Should().BeApproximately(0.25, 0.04);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Related_share_on_another_kind_is_refused_by_name()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"adaftr-synth-{Guid.NewGuid():N}");
        var run = await CliRun.Invoke("data", "synth", "--kind", "aliccp-like", "--rows", "10", "--related-share", "0.3", "--out", folder);
        run.ExitCode.Should().NotBe(ExitCodes.Ok);
        run.Error.Should().Contain("--related-share").And.Contain("instance-related");
        Directory.Exists(folder).Should().BeFalse("nothing is written when the options are refused");
    }
}
