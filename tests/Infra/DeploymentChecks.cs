using AdaFtr.Coordinator;
using AdaFtr.Coordinator.Training;
using AdaFtr.Silo.Configuration;

namespace AdaFtr.Infra.Tests;

/// <summary>
/// What the compose file and the manifests say, checked against the real programs: the silo's
/// settings binding and validator, and the adaftr CLI parser. Each check returns problems, one
/// line each naming the file and container, so a failing test says what to fix.
/// </summary>
public static class DeploymentChecks
{
    /// <summary>Every variable SiloConfiguration binds: ADAFTR_SILO__ + a SiloSettings property, in any case.</summary>
    public static readonly HashSet<string> SiloVariables = typeof(SiloSettings).GetProperties()
        .Where(p => p.CanWrite)
        .Select(p => $"{SiloConfiguration.EnvironmentPrefix}{SiloSettings.Section}__{p.Name}".ToUpperInvariant()).ToHashSet();

    /// <summary>Variables a silo container may carry besides its settings, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> OtherSiloVariables = new Dictionary<string, string>
    {
        ["AZURE_STORAGE_CONNECTION_STRING"] = "read by the shard and checkpoint stores for az:// locations",
        ["REDIS_PASSWORD"] = "a Kubernetes secret spliced into ADAFTR_SILO__REDIS as $(REDIS_PASSWORD)",
        ["POD_NAME"] = "read by Orleans' Kubernetes hosting (KubernetesHosting)",
        ["POD_NAMESPACE"] = "read by Orleans' Kubernetes hosting (KubernetesHosting)",
    };

    /// <summary>Variables the adaftr client reads for a remote cluster (<see cref="ClientCredentials"/>): its secrets stay off its command line.</summary>
    public static readonly HashSet<string> ClientVariables = typeof(ClientCredentials).GetFields()
        .Where(f => f.IsLiteral && f.Name.EndsWith("Variable", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    private const string PodIpStandIn = "10.1.2.3";

    public static IEnumerable<string> SiloEnvironmentNames(Deployment d)
    {
        foreach (var c in d.Containers)
            foreach (var e in c.Env)
            {
                var upper = e.Name.ToUpperInvariant();
                if (c.IsCoordinator && ClientVariables.Contains(e.Name)) continue;
                if (upper.StartsWith(SiloConfiguration.EnvironmentPrefix, StringComparison.Ordinal) && !SiloVariables.Contains(upper))
                    yield return $"{c.Source} {c.Name}: {e.Name} is not read by the silo; it reads {string.Join(", ", SiloVariables.Order())}";
                else if (c.IsSilo && !upper.StartsWith(SiloConfiguration.EnvironmentPrefix, StringComparison.Ordinal) && !OtherSiloVariables.ContainsKey(upper))
                    yield return $"{c.Source} {c.Name}: {e.Name} is set on a silo but nothing there reads it";
            }
    }

    /// <summary>The settings a silo container gets, as the silo itself binds and validates them.</summary>
    public static IEnumerable<string> SiloSettingsValid(Deployment d)
    {
        foreach (var c in d.Containers.Where(c => c.IsSilo))
        {
            if (c.OverridesEntrypoint) yield return $"{c.Source} {c.Name}: overrides the image's entrypoint (adaftr-silo)";
            string? error = null;
            try
            {
                SettingsOf(c);
            }
            catch (SiloConfigurationException e)
            {
                error = string.Join("; ", e.Errors);
            }
            if (error is not null) yield return $"{c.Source} {c.Name}: the silo would refuse to start: {error}";
        }
    }

    public static SiloSettings SettingsOf(Container c) =>
        SiloConfiguration.Read(c.Args.Select(a => Yaml.Substitute(a)).ToArray(), c.Env.ToDictionary(e => e.Name, e => (string?)(
            e.FieldPath == "status.podIP" ? PodIpStandIn
            : StandInCertificate.For(e.Name) is { } standIn ? standIn
            : e.FromSecret ? "secret"
            : e.Value is null ? null : Yaml.Substitute(e.Value))));

    public static IEnumerable<string> SiloFlags(Deployment d) =>
        from c in d.Containers.Where(c => c.IsSilo)
        from a in c.Args
        where a.StartsWith("--", StringComparison.Ordinal)
        let flag = a.Split('=')[0]
        where flag != "--config" && !SiloConfiguration.Flags.ContainsKey(flag)
        select $"{c.Source} {c.Name}: {flag} is not a silo flag; known: --config, {string.Join(", ", SiloConfiguration.Flags.Keys)}";

    public static IEnumerable<string> CoordinatorCommands(Deployment d)
    {
        foreach (var c in d.Containers.Where(c => c.IsCoordinator))
        {
            if (c.OverridesEntrypoint) yield return $"{c.Source} {c.Name}: overrides the image's entrypoint (adaftr)";
            if (c.Args.Count == 0) { yield return $"{c.Source} {c.Name}: runs adaftr with no verb"; continue; }
            var args = c.Args.Select(a => Yaml.Substitute(a)).ToArray();
            foreach (var error in AdaftrCli.Build(TextWriter.Null).Parse(args).Errors)
                yield return $"{c.Source} {c.Name}: adaftr {string.Join(' ', c.Args)}: {error.Message}";
            int cluster = Array.IndexOf(args, "--cluster");
            if (cluster >= 0 && cluster + 1 < args.Length)
            {
                string? error = null;
                try { ClusterAddress.CheckSyntax(args[cluster + 1]); }
                catch (UserError e) { error = e.Message; }
                if (error is not null) yield return $"{c.Source} {c.Name}: {error}";
            }
        }
    }

    /// <summary>Redis as silos and coordinators name it must be a host the deployment defines.</summary>
    public static IEnumerable<string> RedisHosts(Deployment d)
    {
        foreach (var c in d.Containers)
        {
            var hosts = new List<string>();
            if (c.IsSilo && c.Env.FirstOrDefault(e => e.Name.Equals("ADAFTR_SILO__REDIS", StringComparison.OrdinalIgnoreCase))?.Value is { } redis)
                hosts.Add(redis.Split(',')[0].Split(':')[0]);
            int cluster = c.IsCoordinator ? c.Args.ToList().IndexOf("--cluster") : -1;
            if (cluster >= 0 && cluster + 1 < c.Args.Count && Uri.TryCreate(Yaml.Substitute(c.Args[cluster + 1]), UriKind.Absolute, out var uri))
                hosts.Add(uri.Host);
            foreach (var host in hosts.Where(h => !d.HostNames.Contains(h)))
                yield return $"{c.Source} {c.Name}: Redis host '{host}' is none of the deployment's services ({string.Join(", ", d.HostNames.Order())})";
        }
    }

    /// <summary>A silo's ports are the ones its settings bind: silo, gateway, dashboard (by name in Kubernetes).</summary>
    public static IEnumerable<string> SiloPorts(Deployment d)
    {
        foreach (var c in d.Containers.Where(c => c.IsSilo))
        {
            SiloSettings settings;
            try { settings = SettingsOf(c); }
            catch (SiloConfigurationException) { continue; }   // reported by SiloSettingsValid
            var bound = new Dictionary<string, int>
            {
                ["silo"] = settings.SiloPort,
                ["gateway"] = settings.GatewayPort,
                ["dashboard"] = new Uri(settings.DashboardUrl).Port,
            };
            foreach (var p in c.Ports)
            {
                if (p.Name is not null && bound.TryGetValue(p.Name, out var expected) && expected != p.Number)
                    yield return $"{c.Source} {c.Name}: port '{p.Name}' is {p.Number} but the silo binds {p.Name} on {expected}";
                else if (!bound.ContainsValue(p.Number))
                    yield return $"{c.Source} {c.Name}: port {p.Number} is not one the silo binds ({string.Join(", ", bound.Select(kv => $"{kv.Key} {kv.Value}"))})";
            }
        }
    }

    /// <summary>Each Service selects pods, and each of its target ports is a port those pods declare.</summary>
    public static IEnumerable<string> ServicePorts(Deployment d)
    {
        foreach (var s in d.Services)
        {
            var pods = d.Containers.Where(c => c.PodLabels.Count > 0 && s.Selector.All(kv => c.PodLabels.TryGetValue(kv.Key, out var v) && v == kv.Value)).ToList();
            if (s.Selector.Count == 0 || pods.Count == 0) { yield return $"{s.Source} Service {s.Name}: its selector matches no pod template"; continue; }
            foreach (var p in s.Ports)
            {
                bool found = int.TryParse(p.TargetPort, out var number)
                    ? pods.Any(c => c.Ports.Any(cp => cp.Number == number))
                    : pods.Any(c => c.Ports.Any(cp => cp.Name == p.TargetPort));
                if (!found) yield return $"{s.Source} Service {s.Name}: targetPort {p.TargetPort} is no container port of {string.Join(", ", pods.Select(c => c.Name).Distinct())}";
            }
        }
    }

    /// <summary>Our images are the ones infra/docker builds, and every image is pinned to a version.</summary>
    public static IEnumerable<string> Images(Deployment d, IReadOnlyCollection<string> builtImages)
    {
        foreach (var c in d.Containers)
        {
            var tag = c.Image.Contains(':') ? c.Image[(c.Image.LastIndexOf(':') + 1)..] : null;
            if (tag is null or "latest") yield return $"{c.Source} {c.Name}: image {c.Image} is not pinned to a version";
            if (c.ImageName.StartsWith("adaftr/", StringComparison.Ordinal) && !builtImages.Contains(c.ImageName))
                yield return $"{c.Source} {c.Name}: image {c.ImageName} is built by no Dockerfile in infra/docker ({string.Join(", ", builtImages)})";
            if (c.Dockerfile is not null)
            {
                // compose: the context is relative to the compose file, the Dockerfile to the context.
                var context = Path.GetFullPath(Path.Combine(Repo.Root, Path.GetDirectoryName(c.Source) ?? "", c.BuildContext ?? "."));
                var path = Path.Combine(context, c.Dockerfile);
                if (context.TrimEnd('/') != Repo.Root.TrimEnd('/'))
                    yield return $"{c.Source} {c.Name}: build context {c.BuildContext} is not the repository root, which the Dockerfiles COPY from";
                if (!File.Exists(path)) yield return $"{c.Source} {c.Name}: {c.Dockerfile} does not exist";
                else if (DockerfileChecks.ImageOf(File.ReadAllText(path)) != c.ImageName)
                    yield return $"{c.Source} {c.Name}: {c.Dockerfile} builds {DockerfileChecks.ImageOf(File.ReadAllText(path))}, not {c.ImageName}";
            }
        }
    }

    /// <summary>Nothing is published beyond this machine by compose, and no Kubernetes Service faces outside the cluster: the dashboard speaks basic auth over plain HTTP.</summary>
    public static IEnumerable<string> Exposure(Deployment d)
    {
        foreach (var (source, spec) in d.ComposePorts.Where(p => !p.PortSpec.StartsWith("127.0.0.1:", StringComparison.Ordinal)))
            yield return $"{source}: port {spec} is published on every interface of the host; bind it to 127.0.0.1";
        foreach (var (source, doc) in d.Manifests.Where(m => m.Document.Get("kind").Str() == "Service"))
            if (doc.Path("spec", "type").Str() is "LoadBalancer" or "NodePort")
                yield return $"{source} Service {doc.Path("metadata", "name").Str()}: type {doc.Path("spec", "type").Str()} exposes it outside the cluster; use ClusterIP behind an Ingress with TLS";
    }

    /// <summary>A silo with Kubernetes hosting runs as a service account that may get, list, watch and patch pods, with the orleans/* labels of its cluster.</summary>
    public static IEnumerable<string> KubernetesHosting(Deployment d)
    {
        string[] needed = ["get", "list", "watch", "patch"];
        foreach (var c in d.Containers.Where(c => c.IsSilo))
        {
            SiloSettings settings;
            try { settings = SettingsOf(c); }
            catch (SiloConfigurationException) { continue; }   // reported by SiloSettingsValid
            if (!settings.KubernetesHosting) continue;
            foreach (var (label, expected) in new[] { ("orleans/serviceId", settings.ServiceId), ("orleans/clusterId", settings.ClusterId) })
                if (!c.PodLabels.TryGetValue(label, out var value) || value != expected)
                    yield return $"{c.Source} {c.Name}: Kubernetes hosting selects pods by {label}={expected}, but the pod template has {label}={value ?? "(none)"}";
            if (c.ServiceAccount is null) { yield return $"{c.Source} {c.Name}: Kubernetes hosting needs a serviceAccountName with a role on pods"; continue; }
            var roles = d.Manifests.Where(m => m.Document.Get("kind").Str() == "RoleBinding"
                    && m.Document.Get("subjects").Items().Any(s => s.Get("kind").Str() == "ServiceAccount" && s.Get("name").Str() == c.ServiceAccount))
                .Select(m => m.Document.Path("roleRef", "name").Str()).ToHashSet();
            var verbs = d.Manifests.Where(m => m.Document.Get("kind").Str() == "Role" && roles.Contains(m.Document.Path("metadata", "name").Str()))
                .SelectMany(m => m.Document.Get("rules").Items())
                .Where(r => r.Get("resources").Items().Any(x => x.Str() == "pods") && r.Get("apiGroups").Items().Any(g => g.Str() == ""))
                .SelectMany(r => r.Get("verbs").Items().Select(v => v.Str())).ToHashSet();
            foreach (var verb in needed.Where(v => !verbs.Contains(v)))
                yield return $"{c.Source} {c.Name}: service account {c.ServiceAccount} may not {verb} pods, which Kubernetes hosting does";
        }
    }

    /// <summary>
    /// A training command's --workers equals the devices its deployment's silos offer
    /// (replicas × devices): more would queue on devices, fewer would leave GPUs idle.
    /// </summary>
    public static IEnumerable<string> WorkersMatchDevices(Deployment d)
    {
        foreach (var group in d.Containers.GroupBy(c => c.Group))
        {
            int slots = 0;
            foreach (var silo in group.Where(c => c.IsSilo))
            {
                SiloSettings settings;
                try { settings = SettingsOf(silo); }
                catch (SiloConfigurationException) { continue; }   // reported by SiloSettingsValid
                int devices = silo.Gpus > 0 ? silo.Gpus : settings.Devices is "cpu" or "auto" ? 1 : settings.Devices.Split(',').Length;
                slots += silo.Replicas * devices;
            }
            foreach (var c in group.Where(c => c.IsCoordinator && c.Args.FirstOrDefault() == "train" && c.Args.Contains("--cluster")))
            {
                int flag = c.Args.ToList().FindIndex(a => a is "--workers" or "-k");
                var workers = flag >= 0 && flag + 1 < c.Args.Count ? c.Args[flag + 1] : "1";
                if (workers != slots.ToString())
                    yield return $"{c.Source} {c.Name}: --workers {workers}, but the silos of {group.Key}/ offer {slots} devices";
            }
        }
    }
}
