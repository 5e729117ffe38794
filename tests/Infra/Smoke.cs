namespace AdaFtr.Infra.Tests;
public class Smoke { [Fact] public void Builds() => new YamlDotNet.RepresentationModel.YamlStream().Should().NotBeNull(); }
