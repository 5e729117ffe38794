using AdaFtr.Silo.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace AdaFtr.Silo.Tests;

[Trait("Category", "Silo")]
public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string?> Redis = new()
    {
        ["ADAFTR_SILO__CLUSTERING"] = "redis",
        ["ADAFTR_SILO__REDIS"] = "adaftr-redis:6379,password=p",
    };

    [Fact]
    public void Kubernetes_hosting_is_off_by_default_and_on_from_the_environment_or_the_flag()
    {
        SiloConfiguration.Read([], Redis).KubernetesHosting.Should().BeFalse();
        SiloConfiguration.Read([], new Dictionary<string, string?>(Redis) { ["ADAFTR_SILO__KUBERNETESHOSTING"] = "true" }).KubernetesHosting.Should().BeTrue();
        SiloConfiguration.Read(["--kubernetes-hosting", "true"], Redis).KubernetesHosting.Should().BeTrue();
    }

    [Fact]
    public void Kubernetes_hosting_needs_redis_clustering()
    {
        var read = () => SiloConfiguration.Read(["--kubernetes-hosting", "true"], new Dictionary<string, string?>());
        read.Should().Throw<SiloConfigurationException>().Which.Errors.Should().ContainSingle().Which.Should().Contain("KubernetesHosting").And.Contain("redis");
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task The_silo_watches_pods_only_when_asked(bool kubernetesHosting, int expected)
    {
        var settings = SiloConfiguration.Read(["--kubernetes-hosting", kubernetesHosting ? "true" : "false"], Redis);
        await using var app = SiloHost.Build(settings);   // built, never started: no Redis or Kubernetes API needed
        app.Services.GetServices<IConfigureOptions<KubernetesHostingOptions>>().Should().HaveCount(expected);
        SiloHost.Describe(settings).Contains("Kubernetes hosting").Should().Be(kubernetesHosting);
    }
}
