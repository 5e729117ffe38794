using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Optim;

/// <summary>
/// Adam over many dense parameters as one flat vector: a handful of tensor ops per step instead
/// of a handful per parameter (the model has dozens of small ones). Identical, element for
/// element, to a <see cref="DenseAdamSlot"/> per parameter, except that an absent gradient
/// counts as zero (a parameter server also sees one flat gradient).
/// </summary>
public sealed class DenseAdamGroup : IDisposable
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly AdamSettings settings;
    private readonly AdamMoments moments;

    public DenseAdamGroup(IReadOnlyList<Tensor> parameters, AdamSettings settings)
    {
        if (parameters.Count == 0) throw new ArgumentException("a dense Adam group needs at least one parameter");
        this.parameters = parameters;
        this.settings = settings;
        moments = new AdamMoments(parameters.Sum(p => p.numel()), parameters[0].dtype, settings);
    }

    public long Step => moments.Step;

    /// <summary>Updates every parameter in place from its <c>.grad</c>.</summary>
    public void Apply()
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var gradient = torch.cat(parameters.Select(p => (p.grad ?? torch.zeros_like(p)).flatten()).ToList());   // [N]
        if (settings.WeightDecay > 0)
            gradient = gradient + torch.cat(parameters.Select(p => p.flatten()).ToList()) * settings.WeightDecay;
        var update = moments.Update(gradient);                                                                  // [N]
        long offset = 0;
        foreach (var parameter in parameters)
        {
            long n = parameter.numel();
            parameter.add_(update.narrow(0, offset, n).view_as(parameter));
            offset += n;
        }
    }

    public void Dispose() => moments.Dispose();
}
