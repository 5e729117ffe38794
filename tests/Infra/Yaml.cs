using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdaFtr.Infra.Tests;

/// <summary>YAML as compose and kubectl read it: several documents per file, anchors and merge keys (<c>&lt;&lt;:</c>) resolved.</summary>
public static partial class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new MergingParser(new Parser(new StringReader(text))));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source}:{e.Start.Line}: {e.Message}", e);
        }
        return stream.Documents.Select((d, i) => d.RootNode as YamlMappingNode
            ?? throw new InvalidDataException($"{source}: document {i + 1} is not a mapping")).ToList();
    }

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? Path(this YamlNode? node, params string[] keys) => keys.Aggregate(node, (n, k) => n.Get(k));

    public static string? Str(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => (node as YamlSequenceNode)?.Children ?? [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        (node as YamlMappingNode)?.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, kv.Value)) ?? [];

    /// <summary>
    /// A value with its deploy-time references replaced by a stand-in: compose's <c>${VAR...}</c> and
    /// Kubernetes' <c>$(VAR)</c>. What is checked is the shape around them, not secrets.
    /// </summary>
    public static string Substitute(string value, string standIn = "placeholder") => Reference().Replace(value, standIn);

    [GeneratedRegex(@"\$\{[^}]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)")]
    private static partial Regex Reference();
}
