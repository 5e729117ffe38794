using AdaFtr.Model.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Distributed;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class NonFiniteGradientTests
{
    private static WorkerGradients Gradients(float a, float b, float row) => new(
        new Dictionary<string, Tensor> { ["tower.w"] = torch.tensor(new[] { 1f, a }), ["expert.b"] = torch.tensor(new[] { b, 2f }) },
        torch.tensor(new long[] { 3 }), torch.tensor(new[] { 0.5f, row }).reshape(1, 2), Loss: torch.tensor(1.0));

    [Fact]
    public void Finite_gradients_name_nothing()
    {
        using var scope = torch.NewDisposeScope();
        Gradients(1f, -1e30f, 3f).FirstNonFinite("@rows").Should().BeNull();
    }

    [Theory]
    [InlineData(float.NaN, 0f, 0f, "tower.w")]
    [InlineData(0f, float.NegativeInfinity, 0f, "expert.b")]
    [InlineData(0f, float.NaN, float.PositiveInfinity, "expert.b")]   // the first in order: dense parameters as listed, then the rows
    [InlineData(0f, 0f, float.NaN, "@rows")]
    public void The_first_non_finite_gradient_is_named(float a, float b, float row, string expected)
    {
        using var scope = torch.NewDisposeScope();
        Gradients(a, b, row).FirstNonFinite("@rows").Should().Be(expected);
    }
}
