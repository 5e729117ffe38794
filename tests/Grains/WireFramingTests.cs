using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AdaFtr.Grains.Tests;

/// <summary>
/// Why the step's tensor packets use Orleans' own serializer and not MessagePack (named in the design): a push is
/// its payload bytes plus framing of a few dozen bytes, since a byte[] is written as one length-prefixed block.
/// No framing could save more than that (docs/benchmarks.md, "Wire format").
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Grains")]
public sealed class WireFramingTests(ClusterFixture fixture)
{
    [Fact]
    public void A_push_costs_its_payload_plus_framing_under_a_hundred_bytes_per_tensor()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer<GradientChunk>>();
        var random = new Random(7);
        byte[] Bytes(int n) { var b = new byte[n]; random.NextBytes(b); return b; }
        // The default MMoE's gradient slice for one shard: a dozen dense tensors, 1 024 rows of 8 floats, their ids.
        var pieces = Enumerable.Range(0, 12).Select(i => new TensorPiece($"backbone.expert{i}.weight", [64, 32], 4, 0, Bytes(64 * 32 * 4)))
            .Append(new TensorPiece(GradientChunk.RowIdsName, [1024], 8, 0, Bytes(1024 * 8)))
            .Append(new TensorPiece(GradientChunk.RowGradientsName, [1024, 8], 4, 0, Bytes(1024 * 8 * 4)))
            .ToList();
        var report = new StepReport(1, 9, 0.5, new DataCursor(0, 1, 2, 3), null, "S127.0.0.1:11111:1", "cpu", 1, 2, new StepPhases(1, 2, 3), 2, 3);
        var push = new GradientChunk(9, 1, 0, 1, pieces, 0, Enumerable.Range(0, 1024).Select(i => (long)i).ToArray(), report);

        var wire = serializer.SerializeToArray(push);

        long payload = pieces.Sum(p => (long)p.Data.Length) + push.NextRowIds.Length * sizeof(long);
        (wire.Length - payload).Should().BeLessThan(100 * (pieces.Count + 2), "framing: names, shapes, offsets and the report, not the payload again");
        var back = serializer.Deserialize(wire);
        back!.Pieces.Select(p => p.Data).Should().BeEquivalentTo(push.Pieces.Select(p => p.Data), o => o.WithStrictOrdering());
        back.NextRowIds.Should().Equal(push.NextRowIds);
        back.Report.Should().Be(report);
    }
}
