using YamlDotNet.RepresentationModel;

namespace AdaFtr.Infra.Tests;

public sealed record EnvVar(string Name, string? Value, string? FieldPath, bool FromSecret);

public sealed record ContainerPort(string? Name, int Number);

/// <summary>One container as compose or a Kubernetes workload declares it.</summary>
public sealed record Container(
    string Source, string Name, string Image, string? Dockerfile, string? BuildContext,
    IReadOnlyList<EnvVar> Env, IReadOnlyList<string> Args, bool OverridesEntrypoint,
    IReadOnlyList<ContainerPort> Ports, IReadOnlyDictionary<string, string> PodLabels, string? ServiceAccount = null, int Replicas = 1, int Gpus = 0)
{
    /// <summary>The compose file or the manifests folder this container belongs to: one deployment.</summary>
    public string Group => Path.GetDirectoryName(Source.Split(" (")[0]) ?? "";

    public string ImageName => Image.Split(':')[0];
    public bool IsSilo => ImageName.StartsWith("adaftr/silo-", StringComparison.Ordinal);
    public bool IsCoordinator => ImageName == "adaftr/coordinator";
}

public sealed record ServicePort(int Port, string TargetPort);

public sealed record Service(string Source, string Name, IReadOnlyDictionary<string, string> Selector, IReadOnlyList<ServicePort> Ports);

/// <summary>Everything infra/ deploys, read from docker-compose files and Kubernetes manifests.</summary>
public sealed class Deployment
{
    public List<Container> Containers { get; } = [];
    public List<Service> Services { get; } = [];
    /// <summary>Host names containers can reach: compose service names and Kubernetes Service names.</summary>
    public HashSet<string> HostNames { get; } = [];
    public List<(string Source, YamlMappingNode Document)> Manifests { get; } = [];
    /// <summary>Compose services as written, for the checks that read their hardening keys.</summary>
    public List<(string Source, string Name, YamlMappingNode Service)> ComposeServices { get; } = [];
    /// <summary>Compose port publications as written (<c>HOST_IP:HOST:CONTAINER</c>).</summary>
    public List<(string Source, string PortSpec)> ComposePorts { get; } = [];

    public static Deployment FromRepo()
    {
        var deployment = new Deployment();
        foreach (var file in Repo.YamlFiles()) deployment.Add(file, Repo.Read(file));
        return deployment;
    }

    public static Deployment FromText(string source, string text)
    {
        var deployment = new Deployment();
        deployment.Add(source, text);
        return deployment;
    }

    public void Add(string source, string text)
    {
        foreach (var doc in Yaml.Documents(text, source))
        {
            if (doc.Get("services") is YamlMappingNode services) AddCompose(source, services);
            else if (doc.Get("kind") is not null) AddKubernetes(source, doc);
        }
    }

    private void AddCompose(string source, YamlMappingNode services)
    {
        foreach (var (name, service) in services.Entries())
        {
            HostNames.Add(name);
            if (service is YamlMappingNode mapping) ComposeServices.Add((source, name, mapping));
            ComposePorts.AddRange(service.Get("ports").Items().Select(p => ($"{source} {name}", p.Str()!)));
            var image = service.Get("image").Str();
            if (image is null) continue;
            var environment = service.Get("environment") switch
            {
                YamlMappingNode map => map.Entries().Select(kv => new EnvVar(kv.Key, kv.Value.Str(), null, false)),
                YamlSequenceNode list => list.Items().Select(i => i.Str()!.Split('=', 2)).Select(p => new EnvVar(p[0], p.ElementAtOrDefault(1), null, false)),
                _ => [],
            };
            var command = service.Get("command") switch
            {
                YamlSequenceNode list => list.Items().Select(i => i.Str() ?? "").ToList(),
                YamlScalarNode line => line.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
                _ => [],
            };
            // "127.0.0.1:8080:8080" or "8080": the container's side is the last part.
            var ports = service.Get("ports").Items().Select(p => p.Str()!.Split('/')[0].Split(':')[^1])
                .Select(p => new ContainerPort(null, int.Parse(p))).ToList();
            Containers.Add(new Container(source, name, image, service.Path("build", "dockerfile").Str(), service.Path("build", "context").Str(),
                environment.ToList(), command, service.Get("entrypoint") is not null, ports, new Dictionary<string, string>()));
        }
    }

    private void AddKubernetes(string source, YamlMappingNode doc)
    {
        Manifests.Add((source, doc));
        string kind = doc.Get("kind").Str()!, name = doc.Path("metadata", "name").Str() ?? "?";
        if (kind == "Service")
        {
            HostNames.Add(name);
            Services.Add(new Service(source, name, Labels(doc.Path("spec", "selector")),
                doc.Path("spec", "ports").Items().Select(p => new ServicePort(int.Parse(p.Get("port").Str()!),
                    p.Get("targetPort").Str() ?? p.Get("port").Str()!)).ToList()));
            return;
        }
        var template = kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => doc.Path("spec", "template"),
            "CronJob" => doc.Path("spec", "jobTemplate", "spec", "template"),
            _ => null,
        };
        if (template is null) return;
        var labels = Labels(template.Path("metadata", "labels"));
        foreach (var c in template.Path("spec", "containers").Items().Concat(template.Path("spec", "initContainers").Items()))
        {
            var env = c.Get("env").Items().Select(e => new EnvVar(e.Get("name").Str()!, e.Get("value").Str(),
                e.Path("valueFrom", "fieldRef", "fieldPath").Str(), e.Path("valueFrom", "secretKeyRef") is not null)).ToList();
            var ports = c.Get("ports").Items().Select(p => new ContainerPort(p.Get("name").Str(), int.Parse(p.Get("containerPort").Str()!))).ToList();
            Containers.Add(new Container($"{source} ({kind} {name})", c.Get("name").Str()!, c.Get("image").Str()!, null, null,
                env, c.Get("args").Items().Select(a => a.Str() ?? "").ToList(), c.Get("command") is not null, ports, labels,
                template.Path("spec", "serviceAccountName").Str(),
                int.Parse(doc.Path("spec", "replicas").Str() ?? "1"),
                int.Parse(c.Path("resources", "limits", "nvidia.com/gpu").Str() ?? "0")));
        }
    }

    private static Dictionary<string, string> Labels(YamlNode? node) => node.Entries().ToDictionary(kv => kv.Key, kv => kv.Value.Str() ?? "");
}
