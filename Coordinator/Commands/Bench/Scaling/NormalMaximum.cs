namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// E[max of n independent standard normal variables]: how far, in standard deviations, the
/// slowest of n workers with jittery step times lags their mean, so what a synchronous barrier waits.
/// </summary>
public static class NormalMaximum
{
    /// <summary>∫ x · n φ(x) Φ(x)^(n−1) dx by the trapezoid rule over [−10, 10] (the tails beyond add under 1e-20 for n ≤ 10⁶).</summary>
    public static double Expected(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "at least one variable");
        if (n == 1) return 0;
        const double from = -10, to = 10;
        const int intervals = 20_000;
        double h = (to - from) / intervals, sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double x = from + i * h;
            double density = x * n * Phi(x) * Math.Pow(Cdf(x), n - 1);
            sum += i == 0 || i == intervals ? density / 2 : density;
        }
        return sum * h;
    }

    private static double Phi(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    private static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
