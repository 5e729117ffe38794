using AdaFtr.Model;
using AdaFtr.Model.Features;
using AdaFtr.Shards.Inspection;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// A suite's data: training and test rows as tensors, the model's schema, and for synthetic sets
/// the oracle AUC per task (the AUC of the generating probabilities on the test rows: no model can
/// expect to beat it).
/// </summary>
public sealed class ExperimentData : IDisposable
{
    private ExperimentData(string description, FeatureSchema schema, ColumnarRows train, ColumnarRows test)
    {
        Description = description;
        Schema = schema;
        Train = train.ToBatch();
        Test = test.ToBatch();
        PositiveRates = schema.Tasks.Select((_, t) => PositiveRate(train, t)).ToArray();
        OracleAuc = test.Truth is null ? null : schema.Tasks.Select((_, t) => Oracle(test, t)).ToArray();
    }

    public string Description { get; }
    public FeatureSchema Schema { get; }
    public Batch Train { get; }
    public Batch Test { get; }

    /// <summary>Share of training rows with each task's label set, in task order.</summary>
    public double[] PositiveRates { get; }

    /// <summary>Per task, the AUC of the true probabilities on the test rows; null for real data.</summary>
    public double[]? OracleAuc { get; }

    /// <summary>
    /// <c>aliccp-like</c> rows: 80% to train, the last 20% to test. Clicks at 10% of impressions and
    /// conversions at 10% of clicks, denser than Ali-CCP's (≈4%, ≈0.5%), so that a run short enough
    /// for a 2-core machine still sees thousands of conversions.
    /// </summary>
    public static ExperimentData AliCcpLike(long rows, double relatedness)
    {
        var source = new AliCcpLikeGenerator(new SyntheticOptions(rows, Seed: 1, Relatedness: relatedness, ClickRate: 0.1, ConversionRate: 0.1));
        var all = ColumnarRowsConcat.Of(source.ReadChunks(1 << 16).ToList());
        int trainRows = (int)(all.Rows * 0.8);
        return new ExperimentData($"aliccp-like, ρ = {relatedness}, {all.Rows} rows (seed 1, 10% clicks, 10% of clicks convert)", 
            source.Schema.ToFeatureSchema(all.VocabularySizes().Select(v => (long)v).ToArray()),
            all.Slice(0, trainRows), all.Slice(trainRows, all.Rows - trainRows));
    }

    /// <summary>The bundled real Ali-CCP sample: its train file to train, its test file to test.</summary>
    public static ExperimentData AliCcpSample(string trainPath, string testPath)
    {
        var train = AliCcpCsvReader.Read(trainPath);
        var test = AliCcpCsvReader.Read(testPath);
        var vocabulary = train.VocabularySizes().Zip(test.VocabularySizes(), Math.Max).ToArray();
        return new ExperimentData($"aliccp-sample: {train.Rows} training rows ({Path.GetFileName(trainPath)}), {test.Rows} test rows ({Path.GetFileName(testPath)})",
            AliCcpCsvReader.Schema(trainPath, vocabulary), train, test);
    }

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

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
