namespace AdaFtr.Model.Configuration;

/// <summary>A model config that cannot be used; the message starts with the offending field's JSON path.</summary>
public sealed class ModelConfigException(string message, Exception? inner = null) : Exception(message, inner);
