using System.Text.RegularExpressions;
using AdaFtr.Silo.Health;
using YamlDotNet.RepresentationModel;

namespace AdaFtr.Infra.Tests;

/// <summary>
/// How the deployment's processes are confined: non-root, read-only root filesystem, no capabilities, the runtime's
/// seccomp profile, probes that ask the silo's health, limited egress, and no secret on a command line. Each check
/// returns problems, one line each naming the file and container.
/// </summary>
public static partial class PodSecurityChecks
{
    /// <summary>Every pod template: seccomp RuntimeDefault and non-root; every container (init ones too): read-only root, no privilege gain, all capabilities dropped.</summary>
    public static IEnumerable<string> KubernetesContainers(Deployment d)
    {
        foreach (var (source, template, workload) in PodTemplates(d))
        {
            var pod = template.Path("spec", "securityContext");
            foreach (var c in template.Path("spec", "containers").Items().Concat(template.Path("spec", "initContainers").Items()))
            {
                var where = $"{source} ({workload}) {c.Get("name").Str()}";
                var own = c.Get("securityContext");
                if ((own.Path("seccompProfile", "type") ?? pod.Path("seccompProfile", "type")).Str() != "RuntimeDefault")
                    yield return $"{where}: seccompProfile.type is not RuntimeDefault";
                if ((own.Get("runAsNonRoot") ?? pod.Get("runAsNonRoot")).Str() != "true")
                    yield return $"{where}: runAsNonRoot is not true";
                if (own.Get("readOnlyRootFilesystem").Str() != "true")
                    yield return $"{where}: readOnlyRootFilesystem is not true (mount an emptyDir where it must write)";
                if (own.Get("allowPrivilegeEscalation").Str() != "false")
                    yield return $"{where}: allowPrivilegeEscalation is not false";
                if (!own.Path("capabilities", "drop").Items().Any(x => x.Str() == "ALL"))
                    yield return $"{where}: capabilities.drop does not contain ALL";
            }
        }
    }

    /// <summary>Every compose service: read-only root, all capabilities dropped, no privilege gain.</summary>
    public static IEnumerable<string> ComposeServices(Deployment d)
    {
        foreach (var (source, name, service) in d.ComposeServices)
        {
            if (service.Get("read_only").Str() != "true") yield return $"{source} {name}: read_only is not true (use tmpfs for what it writes)";
            if (!service.Get("cap_drop").Items().Any(x => x.Str() == "ALL")) yield return $"{source} {name}: cap_drop does not contain ALL";
            if (!service.Get("security_opt").Items().Any(x => x.Str() == "no-new-privileges:true")) yield return $"{source} {name}: security_opt lacks no-new-privileges:true";
        }
    }

    /// <summary>Kubernetes silos are probed over HTTP(S) on the silo's health endpoint, ready and alive; Redis has a liveness probe.</summary>
    public static IEnumerable<string> Probes(Deployment d)
    {
        foreach (var (source, template, workload) in PodTemplates(d))
            foreach (var c in template.Path("spec", "containers").Items())
            {
                var where = $"{source} ({workload}) {c.Get("name").Str()}";
                var image = c.Get("image").Str() ?? "";
                if (image.StartsWith("adaftr/silo-", StringComparison.Ordinal))
                    foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
                    {
                        var get = c.Path(probe, "httpGet");
                        if (get is null) yield return $"{where}: {probe} is not an httpGet";
                        else if (get.Get("path").Str() != HealthEndpoint.Path) yield return $"{where}: {probe} asks {get.Get("path").Str()}, not {HealthEndpoint.Path}";
                        else if (get.Get("scheme").Str() != "HTTPS") yield return $"{where}: {probe} is not over HTTPS, which the dashboard port serves";
                    }
                if (image.StartsWith("redis:", StringComparison.Ordinal) && c.Get("livenessProbe") is null)
                    yield return $"{where}: Redis has no livenessProbe";
            }
    }

    /// <summary>A NetworkPolicy limits the egress of the project's pods, with no rule that allows everything.</summary>
    public static IEnumerable<string> Egress(Deployment d)
    {
        var policies = d.Manifests.Where(m => m.Document.Get("kind").Str() == "NetworkPolicy"
            && m.Document.Path("spec", "policyTypes").Items().Any(t => t.Str() == "Egress")).ToList();
        if (policies.Count == 0 && d.Containers.Any(c => c.PodLabels.Count > 0))
            yield return "no NetworkPolicy has policyTypes Egress: every pod may connect anywhere";
        foreach (var (source, policy) in policies)
            foreach (var rule in policy.Path("spec", "egress").Items())
                if (rule.Get("to") is null && rule.Get("ports") is null)
                    yield return $"{source} NetworkPolicy {policy.Path("metadata", "name").Str()}: an egress rule with neither to nor ports allows everything";
    }

    /// <summary>No command line carries a secret: a password, or a reference that the runtime expands into one (compose <c>${...}</c>, Kubernetes <c>$(...)</c>).</summary>
    public static IEnumerable<string> SecretsOffCommandLines(Deployment d)
    {
        foreach (var (source, template, workload) in PodTemplates(d))
            foreach (var c in template.Path("spec", "containers").Items().Concat(template.Path("spec", "initContainers").Items()))
                foreach (var problem in SecretsIn(c.Get("command").Items().Concat(c.Get("args").Items())))
                    yield return $"{source} ({workload}) {c.Get("name").Str()}: {problem}";
        foreach (var (source, name, service) in d.ComposeServices)
            foreach (var problem in SecretsIn(new[] { "command", "entrypoint" }.SelectMany(k => service.Get(k).Items())))
                yield return $"{source} {name}: {problem}";
    }

    private static IEnumerable<string> SecretsIn(IEnumerable<YamlNode> arguments) =>
        from a in arguments.Select(a => a.Str() ?? "")
        where SecretOnCommandLine().IsMatch(a)
        select $"the argument '{a}' puts a secret on the command line, where `ps` shows it to every user; pass it in the environment or a file";

    // password=..., or ${...PASSWORD...} (compose interpolates it; $${...} stays literal), or $(...PASSWORD...) (Kubernetes expands it).
    [GeneratedRegex(@"(?i)password=|(?<!\$)\$\{[^}]*(password|secret|token)[^}]*\}|\$\([^)]*(password|secret|token)[^)]*\)")]
    private static partial Regex SecretOnCommandLine();

    private static IEnumerable<(string Source, YamlNode Template, string Workload)> PodTemplates(Deployment d) =>
        from m in d.Manifests
        let kind = m.Document.Get("kind").Str()
        let template = kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => m.Document.Path("spec", "template"),
            "CronJob" => m.Document.Path("spec", "jobTemplate", "spec", "template"),
            _ => null,
        }
        where template is not null
        select (m.Source, template, $"{kind} {m.Document.Path("metadata", "name").Str()}");
}
