namespace AdaFtr.Infra.Tests;

/// <summary>The files in infra/ as they are, against the real silo settings, CLI parser and repository.</summary>
[Trait("Category", "Infra")]
public sealed class RepositoryInfraTests
{
    private static readonly Deployment All = Deployment.FromRepo();

    public static TheoryData<string> YamlFiles() => [.. Repo.YamlFiles()];
    public static TheoryData<string> Dockerfiles() => [.. Repo.Dockerfiles()];

    [Theory, MemberData(nameof(YamlFiles))]
    public void Yaml_file_parses(string file) =>
        Yaml.Documents(Repo.Read(file), file).Should().NotBeEmpty();

    [Fact]
    public void Infra_has_the_expected_files()
    {
        Repo.Dockerfiles().Select(Path.GetFileName).Should().BeEquivalentTo("silo-cpu.Dockerfile", "silo-cuda.Dockerfile", "coordinator.Dockerfile");
        Repo.YamlFiles().Should().Contain(["infra/docker-compose.yml", "infra/k8s/kustomization.yaml", "infra/k8s/silo.yaml", "infra/k8s/retrain-cronjob.yaml"]);
    }

    [Fact]
    public void The_checks_see_the_deployment()
    {
        // Guards against checks passing because the reader found nothing.
        All.Containers.Count(c => c.IsSilo).Should().BeGreaterThanOrEqualTo(3, "two compose silos and the Kubernetes StatefulSet");
        All.Containers.Count(c => c.IsCoordinator).Should().BeGreaterThanOrEqualTo(2, "the compose coordinator and the CronJob");
        All.Containers.Should().Contain(c => c.ImageName == "redis").And.Contain(c => c.ImageName.Contains("azurite"));
        All.Services.Select(s => s.Name).Should().Contain(["adaftr-dashboard", "adaftr-redis"]);
        All.Containers.Where(c => c.IsSilo).Should().OnlyContain(c => c.Env.Count > 5);
    }

    [Fact]
    public void Compose_runs_redis_azurite_two_silos_and_the_coordinator()
    {
        var compose = Deployment.FromText("infra/docker-compose.yml", Repo.Read("infra/docker-compose.yml"));
        compose.HostNames.Should().BeEquivalentTo("redis", "azurite", "silo1", "silo2", "coordinator");
        compose.Containers.Count(c => c.IsSilo).Should().Be(2);
        compose.Containers.Where(c => c.IsSilo).Select(c => DeploymentChecks.SettingsOf(c).ListenAddress).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Kubernetes_silos_request_gpus_and_the_retrain_is_scheduled()
    {
        var silo = All.Manifests.Single(m => m.Document.Get("kind").Str() == "StatefulSet" && m.Document.Path("metadata", "name").Str() == "adaftr-silo").Document;
        var container = silo.Path("spec", "template", "spec", "containers").Items().Single();
        container.Path("resources", "limits", "nvidia.com/gpu").Str().Should().Be("1");
        container.Get("image").Str().Should().StartWith("adaftr/silo-cuda:");
        var cron = All.Manifests.Single(m => m.Document.Get("kind").Str() == "CronJob").Document;
        cron.Path("spec", "concurrencyPolicy").Str().Should().Be("Forbid");
        All.Containers.Single(c => c.Source.Contains("CronJob")).Args.Should().StartWith(["train", "--cluster"]);
    }

    [Fact]
    public void Kubernetes_documents_are_named_and_namespaced()
    {
        foreach (var (source, doc) in All.Manifests.Where(m => m.Document.Get("kind").Str() is not ("Namespace" or "Kustomization")))
        {
            doc.Get("apiVersion").Str().Should().NotBeNullOrEmpty(source);
            doc.Path("metadata", "name").Str().Should().NotBeNullOrEmpty(source);
            doc.Path("metadata", "namespace").Str().Should().Be("adaftr", $"{source} {doc.Path("metadata", "name").Str()}");
        }
    }

    [Fact]
    public void Kustomization_lists_every_manifest_and_only_existing_ones()
    {
        var kustomization = Yaml.Documents(Repo.Read("infra/k8s/kustomization.yaml"), "kustomization.yaml")[0];
        var listed = kustomization.Get("resources").Items().Select(i => i.Str()!).ToList();
        listed.Should().OnlyContain(f => File.Exists(Path.Combine(Repo.Infra, "k8s", f)));
        var manifests = Directory.GetFiles(Path.Combine(Repo.Infra, "k8s"), "*.yaml").Select(Path.GetFileName)
            .Where(f => f != "kustomization.yaml" && !f!.EndsWith(".example.yaml", StringComparison.Ordinal));
        listed.Should().BeEquivalentTo(manifests, "every manifest but the secrets example is applied (secrets are created by hand)");
        var used = All.Containers.Select(c => c.ImageName).ToHashSet();
        kustomization.Get("images").Items().Select(i => i.Get("name").Str()).Should().OnlyContain(n => used.Contains(n!));
    }

    [Theory, MemberData(nameof(Dockerfiles))]
    public void Dockerfile_is_consistent_with_the_repository(string file) =>
        DockerfileChecks.Check(file, Repo.Read(file)).Should().BeEmpty();

    [Fact] public void Silo_environment_names_are_settings() => DeploymentChecks.SiloEnvironmentNames(All).Should().BeEmpty();
    [Fact] public void Silo_settings_pass_the_silo_validator() => DeploymentChecks.SiloSettingsValid(All).Should().BeEmpty();
    [Fact] public void Silo_flags_are_known() => DeploymentChecks.SiloFlags(All).Should().BeEmpty();
    [Fact] public void Coordinator_commands_parse() => DeploymentChecks.CoordinatorCommands(All).Should().BeEmpty();
    [Fact] public void Redis_hosts_are_services() => DeploymentChecks.RedisHosts(All).Should().BeEmpty();
    [Fact] public void Silo_ports_match_settings() => DeploymentChecks.SiloPorts(All).Should().BeEmpty();
    [Fact] public void Service_ports_are_container_ports() => DeploymentChecks.ServicePorts(All).Should().BeEmpty();
    [Fact] public void Kubernetes_hosting_has_its_role_and_labels() => DeploymentChecks.KubernetesHosting(All).Should().BeEmpty();
    [Fact] public void Training_workers_match_the_silos_devices() => DeploymentChecks.WorkersMatchDevices(All).Should().BeEmpty();
    [Fact] public void Nothing_is_exposed_beyond_loopback_or_the_cluster() => DeploymentChecks.Exposure(All).Should().BeEmpty();
    [Fact, Trait("Category", "Security")] public void Kubernetes_containers_are_confined() => PodSecurityChecks.KubernetesContainers(All).Should().BeEmpty();
    [Fact, Trait("Category", "Security")] public void Compose_services_are_confined() => PodSecurityChecks.ComposeServices(All).Should().BeEmpty();
    [Fact, Trait("Category", "Security")] public void Silos_are_probed_on_their_health_endpoint_and_redis_has_a_liveness_probe() => PodSecurityChecks.Probes(All).Should().BeEmpty();
    [Fact, Trait("Category", "Security")] public void Egress_is_restricted() => PodSecurityChecks.Egress(All).Should().BeEmpty();
    [Fact, Trait("Category", "Security")] public void No_secret_is_on_a_command_line() => PodSecurityChecks.SecretsOffCommandLines(All).Should().BeEmpty();

    [Fact, Trait("Category", "Security")]
    public void Silos_run_with_tls_and_https_and_the_retrain_holds_the_cluster_certificate()
    {
        foreach (var silo in All.Containers.Where(c => c.IsSilo))
        {
            var settings = DeploymentChecks.SettingsOf(silo);
            settings.TlsCertificate.Should().NotBeNull($"{silo.Source} {silo.Name}");
            settings.DashboardUrl.Should().StartWith("https://", $"{silo.Source} {silo.Name}");
            settings.AllowFaults.Should().BeFalse($"{silo.Source} {silo.Name} is a production silo");
        }
        All.Containers.Where(c => c.IsCoordinator && c.Args.Contains("--cluster"))
            .Should().OnlyContain(c => c.Env.Any(e => e.Name == "ADAFTR_TLS_CERTIFICATE") && c.Env.Any(e => e.Name == "ADAFTR_REDIS_PASSWORD"));
    }

    [Fact]
    public void Images_are_the_ones_the_dockerfiles_build()
    {
        var built = Repo.Dockerfiles().Select(f => DockerfileChecks.ImageOf(Repo.Read(f))!).ToList();
        DeploymentChecks.Images(All, built).Should().BeEmpty();
    }

    [Fact]
    public void Operations_page_is_linked_and_names_only_real_silo_variables()
    {
        Repo.Read("README.md").Should().Contain("docs/operations.md");
        Repo.Read("docs/README.md").Should().Contain("(operations.md)");
        var named = System.Text.RegularExpressions.Regex.Matches(Repo.Read("docs/operations.md"), @"ADAFTR_SILO__[A-Z]+").Select(m => m.Value).ToHashSet();
        named.Should().NotBeEmpty().And.OnlyContain(v => DeploymentChecks.SiloVariables.Contains(v));
    }
}
