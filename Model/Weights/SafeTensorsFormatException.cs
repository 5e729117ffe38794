namespace AdaFtr.Model.Weights;

/// <summary>A safetensors file that cannot be read; the message names the file and what is wrong.</summary>
public sealed class SafeTensorsFormatException(string message, Exception? inner = null) : Exception(message, inner);
