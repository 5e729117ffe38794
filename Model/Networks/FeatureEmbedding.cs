using AdaFtr.Model.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AdaFtr.Model.Networks;

/// <summary>
/// The rows of the shared embedding table that one batch uses, pulled out as their own leaf so
/// that their gradient is [U, E] and not a dense [rows, E] (what lazy Adam and, later, the
/// parameter server consume).
/// </summary>
/// <param name="RowIds">int64 [U], sorted, unique rows of the table.</param>
/// <param name="Rows">[U, E] the rows' values; a leaf that requires grad while training.</param>
/// <param name="Embedded">[B, F, E] each sample's field embeddings, gathered from <paramref name="Rows"/>.</param>
public sealed record EmbeddingLookup(Tensor RowIds, Tensor Rows, Tensor Embedded);

/// <summary>
/// One embedding table for every sparse field (<c>weight</c> [Σ vocab, E]), rows offset per field,
/// so a batch is one lookup. Hashed fields are folded into their bucket count first.
/// </summary>
public sealed class FeatureEmbedding : Module<Tensor, EmbeddingLookup>
{
    private readonly Parameter weight;
    private readonly Tensor offsets;
    private readonly Tensor moduli;

    public FeatureEmbedding(FeatureSchema schema, int dim) : base(nameof(FeatureEmbedding))
    {
        // Small normal init: the L2 term and the dot-product similarity both start near zero.
        weight = new Parameter(torch.randn(schema.EmbeddingRows, dim) * 0.01);
        offsets = torch.tensor(schema.FieldRowOffsets(), dtype: ScalarType.Int64);
        moduli = torch.tensor(schema.FieldIdModuli(), dtype: ScalarType.Int64);
        register_buffer("offsets", offsets, persistent: false);
        register_buffer("moduli", moduli, persistent: false);
        RegisterComponents();
    }

    /// <summary>The whole table, [rows, E]; updated in place by the optimizer.</summary>
    public Parameter Weight => weight;

    /// <summary>Table rows of each sample's fields: int64 [B, F].</summary>
    public Tensor TableRows(Tensor sparse) => sparse.remainder(moduli) + offsets;

    public override EmbeddingLookup forward(Tensor sparse)
    {
        var rows = TableRows(sparse);                                          // [B, F]
        var (unique, inverse, _) = torch.unique(rows.flatten(), sorted: true, return_inverse: true); // [U], [B*F]
        bool tracking = torch.is_grad_enabled();
        Tensor leaf;
        using (torch.no_grad()) leaf = weight.index_select(0, unique);         // [U, E]
        leaf.requires_grad_(tracking);
        var embedded = leaf.index_select(0, inverse!).view(sparse.shape[0], sparse.shape[1], -1); // [B, F, E]
        return new EmbeddingLookup(unique, leaf, embedded);
    }
}
