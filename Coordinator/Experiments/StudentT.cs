namespace AdaFtr.Coordinator.Experiments;

/// <summary>The quantile of Student's t that a two-sided 95 % interval needs (no statistics package is referenced for one number).</summary>
public static class StudentT
{
    // t_{0.975, ν} for ν = 1..30, to 4 decimals (standard tables).
    private static readonly double[] Table =
    [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];

    /// <summary>t_{0.975, ν}: from the table up to ν = 30, beyond it the Cornish–Fisher expansion around z = 1.959964 (error below 1e-4 there).</summary>
    public static double Quantile975(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "at least 1 degree of freedom");
        if (degreesOfFreedom <= Table.Length) return Table[degreesOfFreedom - 1];
        const double z = 1.959964;
        double v = degreesOfFreedom, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }
}
