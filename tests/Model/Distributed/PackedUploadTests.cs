using AdaFtr.Model.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Distributed;

/// <summary>
/// A batch and its index cross to a device packed, one copy per dtype. No device is at hand here, so the packing and
/// the views are checked on the CPU, where <see cref="PackedUpload.To"/> itself copies nothing.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Equivalence")]
public sealed class PackedUploadTests
{
    [Fact]
    public void Packed_parts_come_back_as_views_with_their_values_and_shapes()
    {
        using var scope = torch.NewDisposeScope();
        var parts = new[]
        {
            torch.arange(12, dtype: ScalarType.Int64).view(3, 4),
            torch.tensor(new long[] { 40, 41 }),
            torch.arange(6, dtype: ScalarType.Int64).view(2, 3).t(),   // not contiguous: packed in its logical order
        };

        using var flat = PackedUpload.Pack(parts, pinned: false);
        var views = PackedUpload.Split(flat, parts);

        flat.shape.Should().Equal(12 + 2 + 6);
        for (int i = 0; i < parts.Length; i++)
        {
            views[i].shape.Should().Equal(parts[i].shape);
            views[i].data<long>().ToArray().Should().Equal(parts[i].contiguous().data<long>().ToArray());
        }
        views[2].data<long>().ToArray().Should().Equal(0, 3, 1, 4, 2, 5);
        flat[12].item<long>().Should().Be(40, "each part starts where the one before ends");
    }

    [Fact]
    public void On_the_cpu_the_parts_stay_where_they_are_and_nothing_is_copied()
    {
        using var scope = torch.NewDisposeScope();
        var ids = torch.arange(6, dtype: ScalarType.Int64);
        var features = torch.ones(2, 3);

        var (moved, copies) = PackedUpload.To(torch.CPU, [ids, features]);

        copies.Should().Be(0);
        moved[1].dtype.Should().Be(ScalarType.Float32);
        moved[0].fill_(7);
        ids.data<long>().ToArray().Should().AllBeEquivalentTo(7L, "the same memory, not a copy");
    }
}
