using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace AdaFtr.Shards.Readers;

/// <summary>
/// The hashing option for categorical values: the same string gives the same bucket on every
/// machine and run (unlike <see cref="string.GetHashCode()"/>, which is randomised per process).
/// </summary>
public static class StableHash
{
    public static ulong Of(ReadOnlySpan<char> value) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value));

    /// <summary>A bucket in [1, buckets): 0 stays reserved for missing or rare values.</summary>
    public static long Bucket(ReadOnlySpan<char> value, long buckets) => buckets <= 1 ? 0 : 1 + (long)(Of(value) % (ulong)(buckets - 1));
}
