using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AdaFtr.Infra.Tests;

/// <summary>
/// A Dockerfile checked against the repository: what it COPYs exists, it copies every project (and
/// file) that the project it publishes is built from, its entrypoint is that project's assembly,
/// and its header names the image it builds. Returns problems, one line each.
/// </summary>
public static partial class DockerfileChecks
{
    /// <summary>The image a Dockerfile says it builds, from its first line <c># image: NAME</c>.</summary>
    public static string? ImageOf(string dockerfile) => ImageHeader().Match(dockerfile) is { Success: true } m ? m.Groups[1].Value : null;

    public static IEnumerable<string> Check(string relativePath, string text)
    {
        var stem = Path.GetFileName(relativePath)[..^".Dockerfile".Length];
        if (ImageOf(text) != $"adaftr/{stem}")
            yield return $"{relativePath}: the first line must be '# image: adaftr/{stem}' (the image compose and the manifests use), not '{ImageOf(text)}'";
        if (!File.Exists(Path.Combine(Repo.Root, relativePath + ".dockerignore")))
            yield return $"{relativePath}: no {Path.GetFileName(relativePath)}.dockerignore beside it: bin/, obj/ and .git would enter the build context";

        var lines = Instructions(text);
        var copied = new List<string>();
        foreach (var args in lines.Where(l => l.Op == "COPY").Select(l => l.Args))
        {
            if (args.Any(a => a.StartsWith("--from", StringComparison.Ordinal))) continue;
            foreach (var source in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
            {
                copied.Add(source.TrimEnd('/'));
                if (!File.Exists(Path.Combine(Repo.Root, source)) && !Directory.Exists(Path.Combine(Repo.Root, source)))
                    yield return $"{relativePath}: COPY {source}: no such file or folder in the repository";
            }
        }

        var publish = lines.Where(l => l.Op == "RUN").SelectMany(l => l.Args.SkipWhile(a => a != "publish").Skip(1).Take(1)).FirstOrDefault();
        if (publish is null) { yield return $"{relativePath}: no 'dotnet publish PROJECT'"; yield break; }
        foreach (var needed in BuildInputs(publish).Where(n => !copied.Any(c => n == c || n.StartsWith(c + "/", StringComparison.Ordinal))))
            yield return $"{relativePath}: publishes {publish}, which is built from {needed}, but nothing COPYs it";

        var entry = lines.LastOrDefault(l => l.Op == "ENTRYPOINT");
        var dll = entry is null ? null : JsonSerializer.Deserialize<string[]>(entry.Raw)?.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
        var assembly = AssemblyName(publish) + ".dll";
        if (dll is null || Path.GetFileName(dll) != assembly)
            yield return $"{relativePath}: ENTRYPOINT runs {dll ?? "nothing"}, but {publish} builds {assembly}";

        bool cuda = text.Contains("-p:TorchBackend=cuda", StringComparison.Ordinal);
        var runtimeBase = lines.Last(l => l.Op == "FROM").Args[0];
        if (stem.Contains("cuda") != cuda)
            yield return $"{relativePath}: the name and -p:TorchBackend disagree (cuda in the name: {stem.Contains("cuda")}, TorchBackend=cuda: {cuda})";
        if (cuda && !runtimeBase.StartsWith("nvidia/cuda:", StringComparison.Ordinal))
            yield return $"{relativePath}: a CUDA build runs on {runtimeBase}, not an nvidia/cuda image";
    }

    /// <summary>Repository-relative paths a project is built from: itself, its project references (transitively), linked files, and the root build files.</summary>
    public static IReadOnlySet<string> BuildInputs(string project)
    {
        var inputs = new SortedSet<string>(StringComparer.Ordinal) { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" };
        var pending = new Stack<string>([project]);
        // Directory.Build.targets references the native fix for every program.
        foreach (var reference in References(Path.Combine(Repo.Root, "Directory.Build.targets")))
            pending.Push(reference);
        while (pending.TryPop(out var current))
        {
            if (!current.EndsWith("proj", StringComparison.Ordinal)) { inputs.Add(current); continue; }   // a linked file or folder
            if (!inputs.Add(Path.GetDirectoryName(current)!)) continue;
            foreach (var reference in References(Path.Combine(Repo.Root, current)))
                pending.Push(reference);
        }
        return inputs;
    }

    private static IEnumerable<string> References(string msbuildFile)
    {
        var folder = Path.GetDirectoryName(msbuildFile)!;
        foreach (var item in XDocument.Load(msbuildFile).Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "None" or "Content" or "Compile"))
        {
            var include = item.Attribute("Include")?.Value.Replace("$(RepoRoot)", Repo.Root + "/");
            if (include is null || !(include.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(include))) continue;   // inside the project's own folder
            var path = Path.GetRelativePath(Repo.Root, Path.GetFullPath(Path.Combine(folder, include)));
            // A wildcard item stands for its folder.
            yield return path.Contains('*') ? Path.GetDirectoryName(path[..path.IndexOf('*')])! : path;
        }
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(Path.Combine(Repo.Root, project)).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);

    private sealed record Instruction(string Op, string[] Args, string Raw);

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static List<Instruction> Instructions(string text)
    {
        var joined = Regex.Replace(string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))), @"\\\s*\n", " ");
        return joined.Split('\n').Where(l => l.Trim().Length > 0).Select(l =>
        {
            var raw = l.Trim();
            var op = raw.Split(' ', 2)[0].ToUpperInvariant();
            var rest = raw.Length > op.Length ? raw[op.Length..].Trim() : "";
            return new Instruction(op, rest.Split(' ', StringSplitOptions.RemoveEmptyEntries), rest);
        }).ToList();
    }

    [GeneratedRegex(@"\A# image: (\S+)")]
    private static partial Regex ImageHeader();
}
