using AdaFtr.Model.Features;

namespace AdaFtr.Model.Configuration;

/// <summary>Checks a <see cref="ModelConfig"/> once, before anything is built; every error names the field and the fix.</summary>
public static class ModelConfigValidator
{
    public static ModelConfig Validate(ModelConfig config)
    {
        ValidateSchema(config.Schema);
        AtLeast("embedding_dim", config.EmbeddingDim, 1);
        Sizes("tower_layers", config.TowerLayers);
        Sizes("relatedness_layers", config.RelatednessLayers);
        if (!Enum.IsDefined(config.TowerTransfer))
            throw new ModelConfigException($"tower_transfer: {(int)config.TowerTransfer} must be none or aitm");
        Sizes("backbone.expert_layers", config.Backbone.ExpertLayers);
        AtLeast("backbone.experts", config.Backbone.Experts, 1);
        AtLeast("backbone.shared_experts", config.Backbone.SharedExperts, 1);
        AtLeast("backbone.task_experts", config.Backbone.TaskExperts, 1);

        var o = config.Objective;
        NonNegative("objective.alpha", o.Alpha);
        NonNegative("objective.beta", o.Beta);
        NonNegative("objective.lambda", o.Lambda);
        NonNegative("objective.pairwise_weight", o.PairwiseWeight);
        if (!Enum.IsDefined(o.L2Scope))
            throw new ModelConfigException($"objective.l2_scope: {(int)o.L2Scope} must be embeddings or all");
        Positive("objective.tau_lower", o.TauLower);
        Positive("objective.fixed_tau", o.FixedTau);
        if (!(o.TauUpper > o.TauLower) || !double.IsFinite(o.TauUpper))
            throw new ModelConfigException($"objective.tau_upper: {o.TauUpper} must be a finite number above objective.tau_lower ({o.TauLower})");
        if (o.CvrSpace != CvrSpace.All && !config.Schema.Tasks.Contains("cvr"))
            throw new ModelConfigException($"objective.cvr_space: '{o.CvrSpace}' needs a 'cvr' task in schema.tasks");

        var p = config.Optimizer;
        Positive("optimizer.learning_rate", p.LearningRate);
        Positive("optimizer.epsilon", p.Epsilon);
        NonNegative("optimizer.weight_decay", p.WeightDecay);
        if (!(p.Beta1 >= 0 && p.Beta1 < 1)) throw new ModelConfigException($"optimizer.beta1: {p.Beta1} must be in [0, 1)");
        if (!(p.Beta2 >= 0 && p.Beta2 < 1)) throw new ModelConfigException($"optimizer.beta2: {p.Beta2} must be in [0, 1)");

        AtLeast("training.batch_size", config.Training.BatchSize, 1);
        AtLeast("training.micro_batches", config.Training.MicroBatches, 1);
        if (config.Training.MicroBatches > config.Training.BatchSize)
            throw new ModelConfigException($"training.micro_batches: {config.Training.MicroBatches} exceeds training.batch_size ({config.Training.BatchSize}); each micro-batch needs at least one row");
        return config;
    }

    private static void ValidateSchema(FeatureSchema? schema)
    {
        if (schema is null) throw new ModelConfigException("schema: missing; give sparse_fields, dense_fields and tasks");
        if (schema.SparseFields is null || schema.SparseFields.Count == 0)
            throw new ModelConfigException("schema.sparse_fields: empty; a model needs at least one categorical field");
        var names = new HashSet<string>();
        for (int i = 0; i < schema.SparseFields.Count; i++)
        {
            var field = schema.SparseFields[i];
            if (string.IsNullOrWhiteSpace(field.Name)) throw new ModelConfigException($"schema.sparse_fields[{i}].name: must be a non-empty name");
            if (!names.Add(field.Name)) throw new ModelConfigException($"schema.sparse_fields[{i}].name: '{field.Name}' appears twice");
            if (field.VocabularySize < 1) throw new ModelConfigException($"schema.sparse_fields[{i}].vocabulary_size: {field.VocabularySize} must be at least 1");
        }
        if (schema.DenseFields is null) throw new ModelConfigException("schema.dense_fields: missing; use [] when there are none");
        for (int i = 0; i < schema.DenseFields.Count; i++)
            if (!names.Add(schema.DenseFields[i])) throw new ModelConfigException($"schema.dense_fields[{i}]: '{schema.DenseFields[i]}' is empty or repeats another field's name");
        var expected = FeatureSchema.KnownTasks;
        if (schema.Tasks is null || schema.Tasks.Count is < 2 or > 3 || !schema.Tasks.SequenceEqual(expected.Take(schema.Tasks.Count)))
            throw new ModelConfigException($"schema.tasks: [{string.Join(", ", schema.Tasks ?? [])}] must be [\"ctr\", \"cvr\"] or [\"ctr\", \"cvr\", \"view\"], in that order (the label columns' order)");
        if (schema.UserField is not null && !schema.SparseFields.Any(f => f.Name == schema.UserField))
            throw new ModelConfigException($"schema.user_field: '{schema.UserField}' is not one of schema.sparse_fields");
    }

    private static void Sizes(string field, int[]? sizes)
    {
        if (sizes is null || sizes.Length == 0) throw new ModelConfigException($"{field}: give at least one layer size, e.g. [64]");
        for (int i = 0; i < sizes.Length; i++)
            if (sizes[i] < 1) throw new ModelConfigException($"{field}[{i}]: {sizes[i]} must be at least 1");
    }

    private static void AtLeast(string field, long value, long minimum)
    {
        if (value < minimum) throw new ModelConfigException($"{field}: {value} must be at least {minimum}");
    }

    private static void Positive(string field, double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ModelConfigException($"{field}: {value} must be a finite number above 0");
    }

    private static void NonNegative(string field, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value)) throw new ModelConfigException($"{field}: {value} must be a finite number, 0 or more");
    }
}
