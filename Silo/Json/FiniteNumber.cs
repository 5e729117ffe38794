namespace AdaFtr.Silo.Json;

/// <summary>JSON has no NaN or infinity: a metric without a value (one class only, a failed evaluation) is written as null.</summary>
public static class FiniteNumber
{
    public static double? Of(double value) => double.IsFinite(value) ? value : null;

    public static double? Of(double? value) => value is { } v ? Of(v) : null;
}
