using AdaFtr.Model.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// The rows of the shared embedding table that one batch uses and each sample's view of them.
/// <paramref name="Embedded"/> is the leaf that gradients reach (one row per lookup, no
/// accumulation in backward); <see cref="RowGradients"/> then sums them per row with
/// <paramref name="Index"/>'s fixed order, so the gradient is [U, E] and not a dense [rows, E]
/// (what lazy Adam and the parameter server consume) and is the same bits on every run.
/// </summary>
/// <param name="RowIds">int64 [U], sorted, unique rows of the table.</param>
/// <param name="Rows">[U, E] the rows' values.</param>
/// <param name="Embedded">[B, F, E] each sample's field embeddings, gathered from <paramref name="Rows"/>; requires grad while training.</param>
public sealed record EmbeddingLookup(Tensor RowIds, Tensor Rows, Tensor Embedded, LookupIndex Index)
{
    /// <summary>[U, E] the gradient of <see cref="Rows"/> after backward (zeros when nothing reached it).</summary>
    public Tensor RowGradients() => Embedded.grad is { } grad ? Index.SumPerRow(grad.view(-1, Rows.shape[1])) : torch.zeros_like(Rows);
}

/// <summary>
/// One embedding table for every sparse field (<c>weight</c> [Σ vocab, E]), rows offset per field,
/// so a batch is one lookup. Hashed fields are folded into their bucket count first. A worker
/// replica builds it without the table (<c>table: false</c>): it looks up the rows it pulled.
/// </summary>
public sealed class FeatureEmbedding : Module<Tensor, EmbeddingLookup>
{
    private readonly Parameter? weight;
    private readonly Tensor offsets;
    private readonly Tensor moduli;
    private readonly long[] fieldOffsets;
    private readonly long[] fieldModuli;

    public FeatureEmbedding(FeatureSchema schema, int dim, bool table = true) : base(nameof(FeatureEmbedding))
    {
        // Small normal init: the L2 term and the dot-product similarity both start near zero.
        if (table) weight = new Parameter(torch.randn(schema.EmbeddingRows, dim) * 0.01);
        fieldOffsets = schema.FieldRowOffsets();
        fieldModuli = schema.FieldIdModuli();
        offsets = torch.tensor(fieldOffsets, dtype: ScalarType.Int64);
        moduli = torch.tensor(fieldModuli, dtype: ScalarType.Int64);
        register_buffer("offsets", offsets, persistent: false);
        register_buffer("moduli", moduli, persistent: false);
        RegisterComponents();
    }

    /// <summary>The whole table, [rows, E]; updated in place by the optimizer.</summary>
    public Parameter Weight => weight ?? throw new InvalidOperationException("this embedding holds no table: it looks up rows pulled from the parameter server");

    /// <summary>Table rows of each sample's fields: int64 [B, F].</summary>
    public Tensor TableRows(Tensor sparse) => sparse.remainder(moduli) + offsets;

    /// <summary>The lookup index of a batch's sparse ids ([B, F]), computed where they are (a worker's CPU), whatever this module's device.</summary>
    public LookupIndex Index(Tensor sparse)
    {
        using var moduliThere = torch.tensor(fieldModuli, device: sparse.device);
        using var offsetsThere = torch.tensor(fieldOffsets, device: sparse.device);
        using var rows = sparse.remainder(moduliThere);
        rows.add_(offsetsThere);                                                                 // [B, F]
        return LookupIndex.Of(rows);
    }

    /// <summary>Looks a batch up in <paramref name="rows"/> ([U, E], the values of <paramref name="index"/>'s rows).</summary>
    /// <param name="fields">F, the sparse fields per sample.</param>
    public static EmbeddingLookup Lookup(LookupIndex index, Tensor rows, long fields)
    {
        bool tracking = torch.is_grad_enabled();
        Tensor embedded;
        using (torch.no_grad()) embedded = rows.index_select(0, index.Inverse).view(-1, fields, rows.shape[1]); // [B, F, E]
        embedded.requires_grad_(tracking);
        return new EmbeddingLookup(index.RowIds, rows, embedded, index);
    }

    public override EmbeddingLookup forward(Tensor sparse)
    {
        var index = LookupIndex.Of(TableRows(sparse));
        Tensor rows;
        using (torch.no_grad()) rows = Weight.index_select(0, index.RowIds);                 // [U, E]
        return Lookup(index, rows, sparse.shape[1]);
    }
}
