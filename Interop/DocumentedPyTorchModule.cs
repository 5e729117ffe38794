using System.Text.RegularExpressions;

namespace AdaFtr.Model.Interop;

/// <summary>
/// The PyTorch module that docs/tensor-names.md prints (its first ```python block): what the parity
/// tests, the export check and the PyTorch eager benchmark run, so the page cannot drift from them.
/// </summary>
public static partial class DocumentedPyTorchModule
{
    /// <summary>Where builds copy the page: docs/tensor-names.md beside the binary.</summary>
    public static string PagePath => Path.Combine(AppContext.BaseDirectory, "docs", "tensor-names.md");

    /// <summary>The module's python source, read from the page at <see cref="PagePath"/>.</summary>
    /// <exception cref="InvalidDataException">The page holds no ```python block.</exception>
    public static string Read() => Extract(File.ReadAllText(PagePath), PagePath);

    /// <param name="page">The markdown of docs/tensor-names.md.</param>
    /// <param name="source">Where the page came from, for the error message.</param>
    /// <exception cref="InvalidDataException">The page holds no ```python block.</exception>
    public static string Extract(string page, string source)
    {
        var match = PythonBlock().Match(page);
        if (!match.Success) throw new InvalidDataException($"{source} must hold the PyTorch module in a ```python block");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("```python\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
