using AdaFtr.Model;
using AdaFtr.Model.Features;
using AdaFtr.Model.Metrics;
using AdaFtr.Shards;
using AdaFtr.Shards.Inspection;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// A suite's data: training, validation (early stopping) and test rows as tensors, the model's
/// schema, and for synthetic sets the oracle AUCs (those of the generating probabilities on the
/// test rows: no model can expect to beat them) and, for <c>instance-related</c>, which test rows
/// are in the planted related subset.
/// </summary>
public sealed class ExperimentData : IDisposable
{
    private const double TrainShare = 0.7, ValidationShare = 0.1;

    private ExperimentData(string description, FeatureSchema schema, ColumnarRows train, ColumnarRows validation, ColumnarRows test, bool[]? testRelated = null)
    {
        Description = description;
        Schema = schema;
        Train = train.ToBatch();
        Validation = validation.ToBatch();
        Test = test.ToBatch();
        TestRelated = testRelated;
        PositiveRates = schema.Tasks.Select((_, t) => PositiveRate(train, t)).ToArray();
        OracleAuc = test.Truth is null ? null : schema.Tasks.Select((_, t) => Oracle(test, t)).ToArray();
        OracleCvrClickedAuc = test.Truth is null ? double.NaN : OracleOnClicks(test);
    }

    public string Description { get; }
    public FeatureSchema Schema { get; }
    public Batch Train { get; }
    public Batch Validation { get; }
    public Batch Test { get; }

    /// <summary>Per test row, true when it is in the planted related subset; null where nothing was planted per row.</summary>
    public bool[]? TestRelated { get; }

    /// <summary>Share of training rows with each task's label set, in task order.</summary>
    public double[] PositiveRates { get; }

    /// <summary>Per task, the AUC of the true probabilities on the test rows; null for real data.</summary>
    public double[]? OracleAuc { get; }

    /// <summary>The AUC of the true p(conversion | click) on the clicked test rows; NaN for real data.</summary>
    public double OracleCvrClickedAuc { get; }

    /// <summary>
    /// <c>aliccp-like</c> rows (one ρ for every row): 70 % to train, 10 % to validate, the last
    /// 20 % to test. Rates denser than Ali-CCP's by default (10 % clicks, 10 % of clicks convert) so
    /// that a run short enough for a 2-core machine still sees thousands of conversions.
    /// </summary>
    public static ExperimentData AliCcpLike(long rows, SyntheticOptions options)
    {
        var source = new AliCcpLikeGenerator(options with { Rows = rows });
        var all = ColumnarRowsConcat.Of(source.ReadChunks(1 << 16).ToList());
        return Split($"aliccp-like, ρ = {options.Relatedness} on every row, {Rates(all.Rows, options)}", source.Schema, all, related: null);
    }

    /// <summary>
    /// <c>instance-related</c> rows: ρ holds only on a latent, feature-determined share of the
    /// impressions (<see cref="SyntheticOptions.RelatedShare"/>); split as <see cref="AliCcpLike"/>.
    /// </summary>
    public static ExperimentData InstanceRelated(long rows, SyntheticOptions options)
    {
        var generator = new InstanceRelatedGenerator(options with { Rows = rows });
        var all = ColumnarRowsConcat.Of(generator.ReadChunks(1 << 16).ToList());
        var related = new bool[all.Rows];
        for (int r = 0; r < all.Rows; r++)
            related[r] = generator.IsRelated(all.Sparse.AsSpan(r * all.SparseFields, all.SparseFields), all.Dense.AsSpan(r * all.DenseFields, all.DenseFields));
        return Split($"instance-related, ρ = {options.Relatedness} on a planted {options.RelatedShare:P0} of rows, {Rates(all.Rows, options)}",
            generator.Schema, all, related);
    }

    /// <summary>The bundled real Ali-CCP sample: its train, validation and test files.</summary>
    public static ExperimentData AliCcpSample(string trainPath, string validationPath, string testPath)
    {
        var train = AliCcpCsvReader.Read(trainPath);
        var validation = AliCcpCsvReader.Read(validationPath);
        var test = AliCcpCsvReader.Read(testPath);
        var vocabulary = train.VocabularySizes().Zip(validation.VocabularySizes(), Math.Max).Zip(test.VocabularySizes(), Math.Max).ToArray();
        return new ExperimentData($"aliccp-sample: {train.Rows} training, {validation.Rows} validation, {test.Rows} test rows (bundled Ali-CCP files)",
            AliCcpCsvReader.Schema(trainPath, vocabulary), train, validation, test);
    }

    /// <summary>
    /// The bundled real AliExpress sample: the last 10 % of its train file validate, its test file
    /// tests. Its search id groups rows for GAUC (the batch's user column) but is not a model
    /// feature, so the model's schema names no user field.
    /// </summary>
    public static ExperimentData AliExpressSample(string trainPath, string testPath)
    {
        var reader = AliExpressCsvReader.Open(trainPath);
        var all = ColumnarRowsConcat.Of(reader.ReadChunks(1 << 16).ToList());
        var test = ColumnarRowsConcat.Of(AliExpressCsvReader.Open(testPath).ReadChunks(1 << 16).ToList());
        var vocabulary = all.VocabularySizes().Zip(test.VocabularySizes(), Math.Max).Select(v => (long)v).ToArray();
        int trainRows = (int)(all.Rows * 0.9);
        return new ExperimentData($"aliexpress-sample: {trainRows} training, {all.Rows - trainRows} validation, {test.Rows} test rows (bundled AliExpress files)",
            reader.Schema.ToFeatureSchema(vocabulary) with { UserField = null }, all.Slice(0, trainRows), all.Slice(trainRows, all.Rows - trainRows), test);
    }

    private static ExperimentData Split(string description, DatasetSchema schema, ColumnarRows all, bool[]? related)
    {
        int train = (int)(all.Rows * TrainShare), validation = (int)(all.Rows * ValidationShare), test = all.Rows - train - validation;
        return new ExperimentData($"{description} ({train} train / {validation} validation / {test} test)",
            schema.ToFeatureSchema(all.VocabularySizes().Select(v => (long)v).ToArray()),
            all.Slice(0, train), all.Slice(train, validation), all.Slice(train + validation, test), related?[(train + validation)..]);
    }

    private static string Rates(int rows, SyntheticOptions options) =>
        FormattableString.Invariant($"{rows} rows (seed {options.Seed}, {options.ClickRate:P1} clicks, {options.ConversionRate:P1} of clicks convert)");

    private static double PositiveRate(ColumnarRows rows, int task)
    {
        long positives = 0;
        for (int i = task; i < rows.Labels.Length; i += rows.Tasks) if (rows.Labels[i] > 0.5f) positives++;
        return rows.Rows == 0 ? 0 : (double)positives / rows.Rows;
    }

    private static double Oracle(ColumnarRows rows, int task)
    {
        var auc = new HistogramAuc();
        for (int i = task; i < rows.Labels.Length; i += rows.Tasks) auc.Add(rows.Truth![i], rows.Labels[i] > 0.5f);
        return auc.Value();
    }

    /// <summary>The truth holds p(click) and p(click ∧ conversion): their ratio is p(conversion | click).</summary>
    private static double OracleOnClicks(ColumnarRows rows)
    {
        var scores = new List<float>(); var labels = new List<float>();
        for (int r = 0; r < rows.Rows; r++)
        {
            if (rows.Labels[r * rows.Tasks] < 0.5f) continue;
            scores.Add(rows.Truth![r * rows.Tasks + 1] / rows.Truth[r * rows.Tasks]);
            labels.Add(rows.Labels[r * rows.Tasks + 1]);
        }
        return AucPartial.From(scores.ToArray(), labels.ToArray()).Value();
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
