namespace AdaFtr.Shards;

/// <summary>
/// A small, fast, seedable random generator (SplitMix64) whose sequence is fixed by its seed on
/// every platform and .NET version, which <see cref="Random"/> does not promise. Used for block
/// order, synthetic data, and for deriving sub-seeds.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        return Mix(z);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int NextInt(int n) => (int)((Next() >> 33) * (ulong)n >> 31);

    /// <summary>The SplitMix64 finaliser: a bijective scramble of 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A seed derived from several values (seed, epoch, window...), well mixed.</summary>
    public static ulong Combine(long a, long b, long c = 0) => Mix(Mix(Mix((ulong)a) ^ (ulong)b) ^ (ulong)c);
}
