using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Distributed;

/// <summary>
/// Host tensors moved to a device in one copy per dtype: packed side by side into one flat host tensor (pinned where
/// the target is an accelerator), copied up once without blocking, and handed back as views of the device copy in
/// their own shapes. A batch and its lookup index (two dtypes, a dozen tensors) so cross in two copies instead of one
/// each. On the CPU the parts come back as they are and nothing is copied.
/// </summary>
public static class PackedUpload
{
    /// <returns>The parts on <paramref name="device"/>, in order (the caller's dispose scope), and the copies made across the host boundary.</returns>
    public static (Tensor[] Parts, int Copies) To(Device device, IReadOnlyList<Tensor> parts)
    {
        var result = new Tensor[parts.Count];
        if (device.type == DeviceType.CPU)
        {
            for (int i = 0; i < parts.Count; i++) result[i] = parts[i].alias();
            return (result, 0);
        }
        int copies = 0;
        foreach (var group in Enumerable.Range(0, parts.Count).GroupBy(i => parts[i].dtype))
        {
            var members = group.ToList();
            using var host = Pack(members.Select(i => parts[i]).ToList(), pinned: true);
            // non_blocking is safe: the source is pinned, the copy is queued on the stream every later use runs on, and the
            // caching host allocator keeps the pinned block until the copy is done although `host` is disposed first.
            using var there = host.to(device, non_blocking: true);
            var views = Split(there, members.Select(i => parts[i]).ToList());
            for (int m = 0; m < members.Count; m++) result[members[m]] = views[m];
            copies++;
        }
        return (result, copies);
    }

    /// <summary>The parts (one dtype) flattened one after another into one new host tensor.</summary>
    internal static Tensor Pack(IReadOnlyList<Tensor> parts, bool pinned)
    {
        var flat = HostBuffer([parts.Sum(p => p.numel())], parts[0].dtype, pinned);
        long offset = 0;
        foreach (var part in parts)
        {
            using var slot = flat.narrow(0, offset, part.numel());
            using var values = part.reshape(-1);
            slot.copy_(values);
            offset += part.numel();
        }
        return flat;
    }

    /// <summary>An uninitialised host tensor, in page-locked memory when <paramref name="pinned"/> (what a device copies from without blocking).</summary>
    internal static Tensor HostBuffer(long[] shape, ScalarType dtype, bool pinned)
    {
        using var pageable = torch.empty(shape, dtype);
        return pinned ? pageable.pin_memory() : pageable.alias();
    }

    /// <summary>Views of <paramref name="flat"/> in the shapes of <paramref name="parts"/>, in order (each keeps <paramref name="flat"/>'s storage alive).</summary>
    internal static Tensor[] Split(Tensor flat, IReadOnlyList<Tensor> parts)
    {
        var views = new Tensor[parts.Count];
        long offset = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            long n = parts[i].numel();
            using var slice = flat.narrow(0, offset, n);
            views[i] = slice.view(parts[i].shape);
            offset += n;
        }
        return views;
    }
}
