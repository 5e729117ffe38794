namespace AdaFtr.Grains.Jobs;

/// <summary>A push held NaN or Inf: the step is rejected and the job pauses. The message names worker, tensor and step.</summary>
[GenerateSerializer, Alias("adaftr.NonFiniteGradientException")]
public sealed class NonFiniteGradientException : Exception
{
    public NonFiniteGradientException(string message) : base(message) { }
}
