namespace AdaFtr.Model.Distributed;

/// <summary>
/// Names of the non-parameter tensors in a parameter-server shard's saved state. They start with
/// '@', which no PyTorch parameter name does, so they never collide with the model's own names.
/// </summary>
public static class ShardStateNames
{
    /// <summary>[End − Start, E] the shard's embedding rows.</summary>
    public const string Rows = "@rows";
    /// <summary>[End − Start, 2, E]: each row's Adam m and v side by side.</summary>
    public const string RowMoments = "@adam.rows.moments";
    /// <summary>int64 [End − Start]: updates each row has had (its own bias correction).</summary>
    public const string RowSteps = "@adam.rows.steps";
    /// <summary>[N] over the shard's dense parameters flattened in layout order.</summary>
    public const string DenseMoment1 = "@adam.dense.m";
    public const string DenseMoment2 = "@adam.dense.v";
    /// <summary>int64 [1].</summary>
    public const string DenseStep = "@adam.dense.step";
    /// <summary>int64 [1]: steps applied.</summary>
    public const string Version = "@version";
}
