namespace AdaFtr.Shards.Readers.AliCcpRaw;

/// <summary>
/// Which raw Ali-CCP fields the reader keeps, in the order of the preprocessed CSV: 23 sparse
/// fields (the feature id becomes a vocabulary id) and 8 dense ones (the item's value for those
/// fields). Field 101 is the user. A field with several items in one row keeps its first.
/// </summary>
public sealed class AliCcpRawFields
{
    public static readonly string[] Sparse =
        ["101", "121", "122", "124", "125", "126", "127", "128", "129", "205", "206", "207", "210", "216", "508", "509", "702", "853", "301", "109_14", "110_14", "127_14", "150_14"];
    public static readonly string[] DenseSources = ["109_14", "110_14", "127_14", "150_14", "508", "509", "702", "853"];
    public const string UserField = "101";

    private readonly Dictionary<string, int> _slots;

    public AliCcpRawFields()
    {
        _slots = Sparse.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        DenseSlot = DenseSources.Select(name => _slots[name]).ToArray();
    }

    public static DatasetSchema Schema { get; } =
        new(Sparse, DenseSources.Select(d => $"D{d}").ToArray(), ["click", "purchase"], ["ctr", "cvr"], UserField);

    /// <summary>For dense field j, the sparse slot whose item carries its value.</summary>
    public int[] DenseSlot { get; }

    public int UserSlot => _slots[UserField];

    /// <summary>The sparse slot of a raw field id, or -1 when the schema does not use it.</summary>
    public int SlotOf(ReadOnlySpan<char> field) =>
        _slots.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(field, out var slot) ? slot : -1;
}
