using System.Text;
using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class TextLineReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private static List<string> ReadAll(string path, int maxLineChars = TextLineReader.DefaultMaxLineChars)
    {
        using var reader = new TextLineReader(path, maxLineChars);
        var lines = new List<string>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine()) lines.Add(line);
        reader.LineNumber.Should().Be(lines.Count);
        return lines;
    }

    [Fact]
    public void Lines_around_and_beyond_the_buffer_size_come_back_whole()
    {
        // Lengths straddle the 64 Ki-char initial buffer and its doublings; endings mix LF and CRLF; the last has none.
        int[] lengths = [0, 1, 65_535, 65_536, 65_537, 131_071, 200_000, 3, 65_534];
        var lines = lengths.Select((n, i) => new string((char)('a' + i), n)).ToList();
        var text = new StringBuilder();
        for (int i = 0; i < lines.Count; i++) text.Append(lines[i]).Append(i == lines.Count - 1 ? "" : i % 2 == 0 ? "\n" : "\r\n");
        var path = _temp.Write("long.txt", text.ToString());

        ReadAll(path).Should().Equal(lines);
    }

    [Fact]
    public void Multibyte_characters_and_a_bom_are_decoded()
    {
        var path = _temp.WriteBytes("utf8.txt", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("é,ü\n中文,x\r\n")]);
        ReadAll(path).Should().Equal("é,ü", "中文,x");
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_line_over_the_limit_names_its_line_number()
    {
        var path = _temp.Write("big.txt", "short\nok\n" + new string('x', 5000) + "\nafter\n");
        var read = () => ReadAll(path, maxLineChars: 4096);
        read.Should().Throw<DataFormatException>().WithMessage($"{path}:3: line longer than 4096 characters*");
    }

    public void Dispose() => _temp.Dispose();
}
