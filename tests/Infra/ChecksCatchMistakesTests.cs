namespace AdaFtr.Infra.Tests;

/// <summary>Each check, given a test-only file with one deliberate mistake, reports it (and passes the same file without it).</summary>
[Trait("Category", "Infra")]
public sealed class ChecksCatchMistakesTests
{
    private static Deployment Compose(string siloEnvironment, string siloCommand = "[]", string coordinatorCommand = """["train", "--cluster", "redis://redis:6379", "--workers", "2"]""") =>
        Deployment.FromText("test-compose.yml", $$"""
            services:
              redis:
                image: redis:7.4-alpine
              silo:
                image: adaftr/silo-cpu:0.1.0
                command: {{siloCommand}}
                environment:
                  ADAFTR_SILO__CLUSTERING: redis
                  ADAFTR_SILO__REDIS: "redis:6379,password=${REDIS_PASSWORD}"
                  ADAFTR_SILO__LISTENADDRESS: 172.30.0.11
            {{siloEnvironment}}
                ports: ["127.0.0.1:8080:8080"]
              coordinator:
                image: adaftr/coordinator:0.1.0
                command: {{coordinatorCommand}}
            """);

    /// <summary>The cluster certificate a silo beyond loopback needs; the checks stand a generated one in for the mounted files.</summary>
    private const string Tls = """
              ADAFTR_SILO__TLSCERTIFICATE: /etc/adaftr/tls/tls.crt
              ADAFTR_SILO__TLSKEY: /etc/adaftr/tls/tls.key
        """;

    private const string Dashboard = Tls + """

              ADAFTR_SILO__DASHBOARDURL: https://0.0.0.0:8080
              ADAFTR_SILO__DASHBOARDUSER: admin
              ADAFTR_SILO__DASHBOARDPASSWORD: "${DASHBOARD_PASSWORD}"
        """;

    private static string Indent(string lines) => string.Join('\n', lines.Split('\n').Select(l => l.Length > 0 ? "      " + l.TrimStart() : l)).TrimEnd();

    [Fact]
    public void The_correct_sample_passes_every_check()
    {
        var d = Compose(Indent(Dashboard));
        DeploymentChecks.SiloEnvironmentNames(d).Should().BeEmpty();
        DeploymentChecks.SiloSettingsValid(d).Should().BeEmpty();
        DeploymentChecks.SiloFlags(d).Should().BeEmpty();
        DeploymentChecks.CoordinatorCommands(d).Should().BeEmpty();
        DeploymentChecks.RedisHosts(d).Should().BeEmpty();
        DeploymentChecks.SiloPorts(d).Should().BeEmpty();
        DeploymentChecks.Exposure(d).Should().BeEmpty();
        DeploymentChecks.Images(d, ["adaftr/silo-cpu", "adaftr/coordinator"]).Should().BeEmpty();
    }

    [Theory]
    [InlineData("ADAFTR_SILO__REDISHOST: redis")]          // no such setting
    [InlineData("ADAFTR_SILO_DEVICES: cpu")]               // one underscore: never bound
    [InlineData("ADAFTR_SILO__PROBETIMEOUT: \"5\"")]       // the flag's name, not the setting's
    [InlineData("ORLEANS_CLUSTER_ID: adaftr")]             // nothing on a silo reads it
    public void A_wrong_environment_name_is_caught(string line) =>
        DeploymentChecks.SiloEnvironmentNames(Compose(Indent(Dashboard + "\n" + line))).Should().ContainSingle().Which.Should().Contain(line.Split(':')[0]);

    [Fact]
    public void Environment_names_are_case_insensitive_like_the_binding() =>
        DeploymentChecks.SiloEnvironmentNames(Compose(Indent(Dashboard + "\nadaftr_silo__devices: cpu"))).Should().BeEmpty();

    [Fact]
    public void A_dashboard_beyond_loopback_without_basic_auth_is_caught() =>
        DeploymentChecks.SiloSettingsValid(Compose(Indent(Tls + "\nADAFTR_SILO__DASHBOARDURL: https://0.0.0.0:8080")))
            .Should().ContainSingle().Which.Should().Contain("DashboardUser");

    [Fact]
    public void A_silo_beyond_loopback_without_tls_is_caught() =>
        DeploymentChecks.SiloSettingsValid(Compose(Indent(Dashboard.Replace(Tls, ""))))
            .Should().Contain(e => e.Contains("Silo:ListenAddress") && e.Contains("TlsCertificate"));

    [Theory]
    [InlineData("ADAFTR_SILO__PROBETIMEOUTSECONDS: \"0\"")]
    [InlineData("ADAFTR_SILO__SILOPORT: \"30000\"")]       // same as the gateway port
    [InlineData("ADAFTR_SILO__DEVICES: gpu0")]
    public void A_setting_the_silo_rejects_is_caught(string line) =>
        DeploymentChecks.SiloSettingsValid(Compose(Indent(Dashboard + "\n" + line))).Should().NotBeEmpty();

    [Fact]
    public void An_unknown_silo_flag_is_caught()
    {
        var d = Compose(Indent(Dashboard), siloCommand: """["--devices", "cpu", "--gpus", "all"]""");
        DeploymentChecks.SiloFlags(d).Should().ContainSingle().Which.Should().Contain("--gpus");
        DeploymentChecks.SiloFlags(Compose(Indent(Dashboard), siloCommand: """["--devices=cpu", "--probe-timeout", "5"]""")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""["trian", "--cluster", "redis://redis:6379"]""")]           // verb typo
    [InlineData("""["train", "--cluster", "redis://redis:6379", "--worker", "2"]""")]   // flag typo
    [InlineData("""["train", "--workers", "two"]""")]                           // not a number
    [InlineData("""["train", "--cluster", "http://redis:6379"]""")]             // not redis://
    [InlineData("""[]""")]                                                      // no verb
    public void A_wrong_adaftr_command_is_caught(string command) =>
        DeploymentChecks.CoordinatorCommands(Compose(Indent(Dashboard), coordinatorCommand: command)).Should().NotBeEmpty();

    [Fact]
    public void A_redis_host_the_deployment_does_not_define_is_caught() =>
        DeploymentChecks.RedisHosts(Compose(Indent(Dashboard), coordinatorCommand: """["train", "--cluster", "redis://cache:6379"]"""))
            .Should().ContainSingle().Which.Should().Contain("'cache'");

    [Fact]
    public void A_dashboard_published_on_every_interface_is_caught()
    {
        var text = Repo.Read("infra/docker-compose.yml").Replace("\"127.0.0.1:8080:8080\"", "\"8080:8080\"");
        DeploymentChecks.Exposure(Deployment.FromText("infra/docker-compose.yml", text)).Should().ContainSingle();
    }

    [Fact]
    public void A_published_port_the_silo_does_not_bind_is_caught()
    {
        var text = Repo.Read("infra/docker-compose.yml").Replace("\"127.0.0.1:8080:8080\"", "\"127.0.0.1:8080:9090\"");
        DeploymentChecks.SiloPorts(Deployment.FromText("infra/docker-compose.yml", text)).Should().ContainSingle().Which.Should().Contain("9090");
    }

    private static Deployment Kubernetes(string containerPort, string targetPort, string serviceType = "ClusterIP") =>
        Deployment.FromText("test-k8s.yaml", $$"""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: { name: adaftr-silo, namespace: adaftr }
            spec:
              template:
                metadata: { labels: { app: silo } }
                spec:
                  containers:
                    - name: silo
                      image: adaftr/silo-cuda:0.1.0
                      env:
                        - name: ADAFTR_SILO__LISTENADDRESS
                          valueFrom: { fieldRef: { fieldPath: status.podIP } }
                        - { name: ADAFTR_SILO__TLSCERTIFICATE, value: /etc/adaftr/tls/tls.crt }
                        - { name: ADAFTR_SILO__TLSKEY, value: /etc/adaftr/tls/tls.key }
                        - { name: ADAFTR_SILO__DASHBOARDURL, value: "https://0.0.0.0:8080" }
                        - name: ADAFTR_SILO__DASHBOARDPASSWORD
                          valueFrom: { secretKeyRef: { name: s, key: p } }
                        - name: ADAFTR_SILO__DASHBOARDUSER
                          valueFrom: { secretKeyRef: { name: s, key: u } }
                      ports:
                        - { name: dashboard, containerPort: {{containerPort}} }
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: dash, namespace: adaftr }
            spec:
              type: {{serviceType}}
              selector: { app: silo }
              ports:
                - { port: 8080, targetPort: {{targetPort}} }
            """);

    [Fact]
    public void Kubernetes_sample_passes_when_right()
    {
        var d = Kubernetes("8080", "dashboard");
        DeploymentChecks.ServicePorts(d).Should().BeEmpty();
        DeploymentChecks.SiloPorts(d).Should().BeEmpty();
        DeploymentChecks.SiloSettingsValid(d).Should().BeEmpty();
        DeploymentChecks.ServicePorts(Kubernetes("8080", "8080")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("dashbord")]    // no container port of that name
    [InlineData("8081")]        // no container port of that number
    public void A_service_target_port_that_no_container_has_is_caught(string targetPort) =>
        DeploymentChecks.ServicePorts(Kubernetes("8080", targetPort)).Should().ContainSingle();

    [Fact]
    public void A_service_selecting_no_pods_is_caught() =>
        DeploymentChecks.ServicePorts(Deployment.FromText("x.yaml", "apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  selector: { app: nothing }\n  ports: [{ port: 1 }]\n"))
            .Should().ContainSingle().Which.Should().Contain("matches no pod");

    [Fact]
    public void A_container_port_that_disagrees_with_the_dashboard_url_is_caught() =>
        DeploymentChecks.SiloPorts(Kubernetes("9090", "dashboard")).Should().ContainSingle().Which.Should().Contain("dashboard");

    [Fact]
    public void A_load_balancer_for_the_dashboard_is_caught() =>
        DeploymentChecks.Exposure(Kubernetes("8080", "dashboard", "LoadBalancer")).Should().ContainSingle();

    [Fact]
    public void Images_not_built_here_or_not_pinned_are_caught()
    {
        var d = Deployment.FromText("x.yml", "services:\n  a: { image: adaftr/silo-rocm:0.1.0 }\n  b: { image: redis }\n  c: { image: 'redis:latest' }\n");
        DeploymentChecks.Images(d, ["adaftr/silo-cpu"]).Should().HaveCount(3);
    }

    [Fact]
    public void A_compose_build_whose_dockerfile_builds_another_image_is_caught()
    {
        var text = Repo.Read("infra/docker-compose.yml").Replace("image: adaftr/coordinator:0.1.0", "image: adaftr/silo-cpu:0.1.0");
        DeploymentChecks.Images(Deployment.FromText("infra/docker-compose.yml", text), ["adaftr/silo-cpu", "adaftr/coordinator"])
            .Should().ContainSingle().Which.Should().Contain("coordinator.Dockerfile builds adaftr/coordinator");
    }

    [Fact]
    public void Broken_yaml_names_the_file_and_line()
    {
        var parse = () => Yaml.Documents("a: 1\nb: [unclosed\n", "broken.yaml");
        parse.Should().Throw<InvalidDataException>().WithMessage("broken.yaml:*");
    }

    private const string SiloDockerfile = "infra/docker/silo-cpu.Dockerfile";

    [Theory]
    [InlineData("COPY Silo/ Silo/", "COPY Silo/ Silo/\nCOPY Sillo/ Sillo/", "Sillo/: no such file")]
    [InlineData("COPY Shards/ Shards/\n", "", "built from Shards, but nothing COPYs it")]
    [InlineData("COPY build/NativeFix/ build/NativeFix/\n", "", "built from build/NativeFix")]
    [InlineData("\"adaftr-silo.dll\"", "\"AdaFtr.Silo.dll\"", "ENTRYPOINT runs AdaFtr.Silo.dll")]
    [InlineData("# image: adaftr/silo-cpu", "# image: adaftr/silo", "first line")]
    [InlineData("-p:TorchBackend=cpu", "-p:TorchBackend=cuda", "disagree")]
    public void A_dockerfile_mistake_is_caught(string find, string replace, string problem)
    {
        var text = Repo.Read(SiloDockerfile);
        text.Should().Contain(find, "the sample mistake must apply to the real file");
        DockerfileChecks.Check(SiloDockerfile, text.Replace(find, replace)).Should().Contain(p => p.Contains(problem));
    }

    [Fact]
    public void The_coordinator_dockerfile_must_copy_the_bundled_data()
    {
        const string file = "infra/docker/coordinator.Dockerfile";
        DockerfileChecks.Check(file, Repo.Read(file).Replace("COPY data/ali-ccp/ data/ali-ccp/", ""))
            .Should().Contain(p => p.Contains("data/ali-ccp"));
    }

    [Fact]
    public void A_cuda_build_on_a_plain_base_image_is_caught()
    {
        const string file = "infra/docker/silo-cuda.Dockerfile";
        DockerfileChecks.Check(file, Repo.Read(file).Replace("FROM nvidia/cuda:12.8.1-base-ubuntu24.04", "FROM mcr.microsoft.com/dotnet/aspnet:10.0"))
            .Should().Contain(p => p.Contains("not an nvidia/cuda image"));
    }

    [Theory]
    [InlineData("verbs: [get, list, watch, patch]", "verbs: [get, list]", "may not watch pods")]
    [InlineData("  - kind: ServiceAccount\n    name: adaftr-silo\n", "  - kind: ServiceAccount\n    name: default\n", "may not get pods")]
    [InlineData("orleans/clusterId: adaftr }", "orleans/clusterId: other }", "orleans/clusterId=adaftr")]
    [InlineData("      serviceAccountName: adaftr-silo\n", "", "needs a serviceAccountName")]
    public void A_kubernetes_hosting_mistake_is_caught(string find, string replace, string problem)
    {
        var rbac = Repo.Read("infra/k8s/rbac.yaml");
        var silo = Repo.Read("infra/k8s/silo.yaml");
        (rbac + silo).Should().Contain(find, "the sample mistake must apply to the real files");
        var d = new Deployment();
        d.Add("rbac.yaml", rbac.Replace(find, replace));
        d.Add("silo.yaml", silo.Replace(find, replace));
        DeploymentChecks.KubernetesHosting(d).Should().Contain(p => p.Contains(problem));
    }

    [Theory]
    [InlineData("infra/k8s/retrain-cronjob.yaml", "\"--workers\", \"4\"", "\"--workers\", \"8\"")]
    [InlineData("infra/k8s/silo.yaml", "replicas: 4", "replicas: 2")]
    [InlineData("infra/k8s/silo.yaml", "nvidia.com/gpu: 1 }\n", "nvidia.com/gpu: 2 }\n")]
    public void Workers_that_do_not_match_the_devices_are_caught(string file, string find, string replace)
    {
        var d = new Deployment();
        foreach (var f in new[] { "infra/k8s/silo.yaml", "infra/k8s/retrain-cronjob.yaml" })
        {
            var text = Repo.Read(f);
            if (f == file) { text.Should().Contain(find); text = text.Replace(find, replace); }
            d.Add(f, text);
        }
        DeploymentChecks.WorkersMatchDevices(d).Should().ContainSingle().Which.Should().Contain("devices");
    }

    [Theory, Trait("Category", "Security")]
    [InlineData("infra/k8s/silo.yaml", "            readOnlyRootFilesystem: true\n", "", "readOnlyRootFilesystem")]
    [InlineData("infra/k8s/silo.yaml", "capabilities: { drop: [ALL] }", "capabilities: { drop: [NET_RAW] }", "capabilities.drop")]
    [InlineData("infra/k8s/silo.yaml", "seccompProfile: { type: RuntimeDefault }", "seccompProfile: { type: Unconfined }", "seccompProfile")]
    [InlineData("infra/k8s/redis.yaml", "        seccompProfile: { type: RuntimeDefault }\n", "", "seccompProfile")]
    public void A_pod_security_mistake_is_caught(string file, string find, string replace, string problem)
    {
        var text = Repo.Read(file);
        text.Should().Contain(find);
        PodSecurityChecks.KubernetesContainers(Deployment.FromText(file, text)).Should().BeEmpty();
        PodSecurityChecks.KubernetesContainers(Deployment.FromText(file, text.Replace(find, replace))).Should().NotBeEmpty().And.Contain(p => p.Contains(problem));
    }

    [Theory, Trait("Category", "Security")]
    [InlineData("path: /healthz, port: dashboard, scheme: HTTPS }\n            periodSeconds: 5", "path: /, port: dashboard, scheme: HTTPS }\n            periodSeconds: 5", "not /healthz")]
    [InlineData("httpGet: { path: /healthz, port: dashboard, scheme: HTTPS }\n            initialDelaySeconds", "tcpSocket: { port: silo }\n            initialDelaySeconds", "livenessProbe is not an httpGet")]
    public void A_silo_probe_that_does_not_ask_health_is_caught(string find, string replace, string problem)
    {
        var text = Repo.Read("infra/k8s/silo.yaml");
        text.Should().Contain(find);
        PodSecurityChecks.Probes(Deployment.FromText("infra/k8s/silo.yaml", text.Replace(find, replace))).Should().ContainSingle().Which.Should().Contain(problem);
    }

    [Fact, Trait("Category", "Security")]
    public void Redis_without_a_liveness_probe_is_caught()
    {
        var text = Repo.Read("infra/k8s/redis.yaml");
        var without = System.Text.RegularExpressions.Regex.Replace(text, @"          livenessProbe:\n(            .*\n)+", "");
        without.Should().NotBe(text);
        PodSecurityChecks.Probes(Deployment.FromText("infra/k8s/redis.yaml", without)).Should().ContainSingle().Which.Should().Contain("livenessProbe");
    }

    [Theory, Trait("Category", "Security")]
    [InlineData("infra/docker-compose.yml", "\"redis://redis:6379\"", "\"redis://redis:6379?password=${REDIS_PASSWORD}\"")]
    [InlineData("infra/k8s/retrain-cronjob.yaml", "\"redis://adaftr-redis:6379\"", "\"redis://adaftr-redis:6379?password=$(REDIS_PASSWORD)\"")]
    [InlineData("infra/k8s/redis.yaml", "[\"/etc/redis-auth/auth.conf\",", "[\"--requirepass\", \"$(REDIS_PASSWORD)\",")]
    public void A_password_on_a_command_line_is_caught(string file, string find, string replace)
    {
        var text = Repo.Read(file);
        text.Should().Contain(find);
        PodSecurityChecks.SecretsOffCommandLines(Deployment.FromText(file, text)).Should().BeEmpty();
        PodSecurityChecks.SecretsOffCommandLines(Deployment.FromText(file, text.Replace(find, replace))).Should().ContainSingle().Which.Should().Contain("command line");
    }

    [Fact, Trait("Category", "Security")]
    public void Compose_without_confinement_or_egress_policy_is_caught()
    {
        var text = Repo.Read("infra/docker-compose.yml");
        PodSecurityChecks.ComposeServices(Deployment.FromText("infra/docker-compose.yml", text.Replace("    read_only: true\n    tmpfs: [/tmp, /data]\n", "")))
            .Should().ContainSingle().Which.Should().Contain("redis: read_only");
        var policy = Repo.Read("infra/k8s/network-policy.yaml");
        PodSecurityChecks.Egress(Deployment.FromText("infra/k8s/network-policy.yaml", policy + "    - {}\n")).Should().ContainSingle().Which.Should().Contain("allows everything");
    }
}
