using AdaFtr.Model.Configuration;

namespace AdaFtr.Model.Tests.Configuration;

[Trait("Category", "Model")]
public sealed class ModelConfigJsonTests
{
    internal static string Example(string name) =>
        Path.Combine(AppContext.BaseDirectory, "examples", name);

    [Fact]
    public void The_shipped_AliCcp_example_loads_with_the_papers_settings()
    {
        var config = ModelConfigJson.Load(Example("adaftr-mmoe-aliccp.json"));
        config.Schema.SparseFields.Should().HaveCount(23);
        config.Schema.DenseFields.Should().HaveCount(8);
        config.Schema.Tasks.Should().Equal("ctr", "cvr");
        config.EmbeddingDim.Should().Be(8);
        config.Backbone.Kind.Should().Be(BackboneKind.Mmoe);
        config.Backbone.Experts.Should().Be(3);
        config.TowerLayers.Should().Equal(64, 32, 16);
        config.Objective.Should().BeEquivalentTo(new ObjectiveConfig { Alpha = 1, Beta = 0.01, TauUpper = 1, TauLower = 0.05, Lambda = config.Objective.Lambda });
        config.Optimizer.LearningRate.Should().Be(5e-4);
        config.Training.BatchSize.Should().Be(1024);
    }

    [Fact]
    public void Every_shipped_example_is_valid()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json");
        files.Should().NotBeEmpty();
        foreach (var file in files) ModelConfigJson.Load(file);
    }

    [Fact]
    public void A_round_trip_through_json_keeps_every_setting()
    {
        var config = ModelConfigJson.Load(Example("adaftr-mmoe-aliccp.json"));
        ModelConfigJson.Parse(ModelConfigJson.Serialize(config)).Should().BeEquivalentTo(config);
    }

    [Fact]
    public void The_objective_readings_default_to_algorithm_1_and_embedding_rows_and_parse_by_their_snake_case_names()
    {
        var schema = """{"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["ctr", "cvr"]}""";
        var defaults = ModelConfigJson.Parse($$$"""{"schema": {{{schema}}}}""").Objective;
        defaults.RelatednessTrainsBackbone.Should().BeFalse();
        defaults.L2Scope.Should().Be(L2Scope.Embeddings);
        defaults.Lambda.Should().Be(1e-6);
        var joint = ModelConfigJson.Parse($$$"""{"schema": {{{schema}}}, "objective": {"relatedness_trains_backbone": true, "l2_scope": "all", "lambda": 1e-5}}""").Objective;
        joint.RelatednessTrainsBackbone.Should().BeTrue();
        joint.L2Scope.Should().Be(L2Scope.All);
        joint.Lambda.Should().Be(1e-5);
    }

    [Theory]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["ctr", "cvr"]}, "tower_layerz": [4]}""", "tower_layerz")]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 0}], "dense_fields": [], "tasks": ["ctr", "cvr"]}}""", "schema.sparse_fields[0].vocabulary_size")]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["cvr", "ctr"]}}""", "schema.tasks")]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["ctr", "cvr"]}, "objective": {"tau_lower": 2}}""", "objective.tau_upper")]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["ctr", "cvr"]}, "objective": {"temperature": "hot"}}""", "objective.temperature")]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["ctr", "cvr"]}, "training": {"micro_batches": 0}}""", "training.micro_batches")]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["ctr", "cvr"]}, "objective": {"l2_scope": "everything"}}""", "objective.l2_scope")]
    [InlineData("""{"schema": {"sparse_fields": [{"name": "a", "vocabulary_size": 3}], "dense_fields": [], "tasks": ["ctr", "cvr"]}, "objective": {"relatedness_trains_backbone": "yes"}}""", "objective.relatedness_trains_backbone")]
    [InlineData("""{"embedding_dim": 8}""", "schema")]
    public void A_bad_config_names_the_field(string json, string field)
    {
        var act = () => ModelConfigJson.Parse(json);
        act.Should().Throw<ModelConfigException>().Which.Message.Should().Contain(field);
    }
}
