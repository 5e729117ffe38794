using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using AdaFtr.Model.Weights;

namespace AdaFtr.Model.Tests.Weights;

/// <summary>Crafted safetensors headers: too many entries, or the same name twice, are refused fast and before any tensor exists.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class SafeTensorsHeaderBoundsTests
{
    /// <summary>A file of <paramref name="entries"/> empty F32 tensors named by <paramref name="name"/>; empty, so no data section is needed.</summary>
    private static byte[] File(int entries, Func<int, string> name)
    {
        var header = new StringBuilder("{");
        for (int i = 0; i < entries; i++)
            header.Append(i == 0 ? "" : ",").Append('"').Append(name(i)).Append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        var json = Encoding.UTF8.GetBytes(header.Append('}').ToString());
        var file = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_header_with_a_million_entries_is_refused_fast()
    {
        var file = File(1_000_000, i => $"t{i}");
        var clock = Stopwatch.StartNew();

        var read = () => SafeTensorsReader.Read("crafted.safetensors", file);

        read.Should().Throw<SafeTensorsFormatException>().WithMessage($"crafted.safetensors: *more than {SafeTensorsReader.MaxTensors} tensors*");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the quadratic duplicate scan took minutes on such a header");
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData(2)]
    [InlineData(SafeTensorsReader.MaxTensors)]
    public void A_name_that_appears_twice_is_refused_naming_it(int entries)
    {
        var file = File(entries, i => i == entries - 1 ? "t0" : $"t{i}");
        var clock = Stopwatch.StartNew();

        var read = () => SafeTensorsReader.Read("twice.safetensors", file);

        read.Should().Throw<SafeTensorsFormatException>().WithMessage("twice.safetensors: *tensor 't0' appears twice*");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_most_entries_allowed_are_read()
    {
        var tensors = SafeTensorsReader.Read("many.safetensors", File(SafeTensorsReader.MaxTensors, i => $"t{i}"));
        try { tensors.Should().HaveCount(SafeTensorsReader.MaxTensors); }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }
}
