using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Networks;

/// <summary>AITM's information transfer: its shapes, one forward by hand, and where it sits in the model.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class InformationTransferTests
{
    [Fact]
    public void It_maps_two_rows_of_width_d_to_one_row_of_width_d()
    {
        using var scope = torch.NewDisposeScope();
        using var transfer = new InformationTransfer(4);
        var z = transfer.call(torch.randn(5, 4), torch.randn(5, 4));
        z.shape.Should().Equal(5, 4);
        transfer.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]").Should().BeEquivalentTo(
            "info.weight [4, 4]", "info.bias [4]", "h1.weight [4, 4]", "h1.bias [4]", "h2.weight [4, 4]", "h2.bias [4]", "h3.weight [4, 4]", "h3.bias [4]");
    }

    [Fact]
    public void One_forward_equals_the_hand_computation()
    {
        using var scope = torch.NewDisposeScope();
        using var transfer = new InformationTransfer(2);
        using (torch.no_grad())
            foreach (var (name, parameter) in transfer.named_parameters())
                parameter.copy_(name.EndsWith("weight") ? torch.eye(2) : torch.zeros(2));

        var z = transfer.call(torch.tensor(new float[] { 1, -2 }).view(1, 2), torch.tensor(new float[] { 1, 1 }).view(1, 2));

        // p = ReLU([1, −2]) = [1, 0], q = [1, 1]; scores ⟨u, u⟩/√2 = [1/√2, 2/√2];
        // softmax = [0.3302385, 0.6697615]; z = 0.3302385·[1, 0] + 0.6697615·[1, 1] = [1, 0.6697615].
        var values = z.data<float>().ToArray();
        values[0].Should().BeApproximately(1f, 1e-6f);
        values[1].Should().BeApproximately(0.6697615f, 1e-6f);
    }

    [Theory]
    [InlineData(TowerTransfer.None)]
    [InlineData(TowerTransfer.Aitm)]
    public void With_aitm_the_cvr_logit_depends_on_the_click_tower_and_without_it_it_does_not(TowerTransfer transfer)
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config() with { TowerTransfer = transfer };
        torch.manual_seed(5);
        using var model = new AdaFtrModel(config);
        using var batch = TinyModels.RandomBatch(6, seed: 3);

        var outputs = model.call(batch.Sparse, batch.Dense);
        outputs.Logits[1].shape.Should().Equal(6);
        outputs.Logits[1].sum().backward();

        var clickTower = model.named_parameters().Single(p => p.name == "towers.0.hidden.layers.0.weight").parameter;
        double largest = clickTower.grad is null ? 0 : clickTower.grad.abs().max().ToDouble();
        if (transfer == TowerTransfer.Aitm) largest.Should().BeGreaterThan(0);
        else largest.Should().Be(0);
        model.named_parameters().Any(p => p.name.StartsWith("transfer.0.")).Should().Be(transfer == TowerTransfer.Aitm);
    }
}
