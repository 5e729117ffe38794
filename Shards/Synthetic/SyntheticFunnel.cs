using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Synthetic;

/// <summary>
/// The generating model shared by the synthetic sets (see <see cref="SyntheticOptions"/>): ids per
/// field drawn log-uniformly from [1, V) (a few ids are frequent, most are rare, like real
/// categorical data), hidden weights per (task, field, id) computed from a hash (so vocabularies can
/// be any size without tables), a click → conversion (and → view) funnel. Row r of day d depends
/// only on (seed, d, r). With <c>instanceRelated</c> the coupling ρ holds only on a planted subset
/// of rows, those whose gate score (hidden weights of its own, from the same features) is in the
/// top <see cref="SyntheticOptions.RelatedShare"/>; on the rest the conversion score is its own.
/// </summary>
internal sealed class SyntheticFunnel
{
    private const int Click = 0, Conversion = 1, View = 2, Gate = 3;
    private readonly SyntheticOptions _options;
    private readonly long[] _vocabulary;
    private readonly int _denseFields;
    private readonly bool _view, _instanceRelated;
    private readonly double[] _logVocabulary;
    private readonly double _fieldScale, _denseScale;
    private readonly double[] _bias;
    private readonly double _gateThreshold;

    public SyntheticFunnel(SyntheticOptions options, long[] vocabularySizes, int denseFields, bool view, bool instanceRelated = false)
    {
        options.Validate();
        _options = options; _vocabulary = vocabularySizes; _denseFields = denseFields; _view = view; _instanceRelated = instanceRelated;
        _logVocabulary = vocabularySizes.Select(v => Math.Log(v)).ToArray();
        // Scores have variance strength²: fields carry 90% of it, dense values 10%.
        _fieldScale = options.SignalStrength * Math.Sqrt(0.9 / vocabularySizes.Length);
        _denseScale = denseFields == 0 ? 0 : options.SignalStrength * Math.Sqrt(0.1 * 12 / denseFields);
        _gateThreshold = instanceRelated ? GateQuantile(1 - options.RelatedShare) : double.NegativeInfinity;
        _bias = Calibrate();
    }

    /// <summary>The gate score below which a share <paramref name="q"/> of the calibration rows lies.</summary>
    private double GateQuantile(double q)
    {
        if (q <= 0) return double.NegativeInfinity;
        if (q >= 1) return double.PositiveInfinity;
        var gates = CalibrationRows().Select(score => score[Gate]).Order().ToArray();
        return gates[(int)Math.Floor(q * gates.Length)];
    }

    /// <summary>The fixed sample of rows that calibration is solved on: their scores, one array per row.</summary>
    private IEnumerable<double[]> CalibrationRows()
    {
        const int sample = 8192;
        var sparse = new long[_vocabulary.Length];
        var dense = new float[_denseFields];
        for (int i = 0; i < sample; i++)
        {
            var random = new SplitMix64(SplitMix64.Combine(_options.Seed, -1, i));
            var score = new double[4];
            Draw(ref random, sparse, dense, score);
            yield return score;
        }
    }

    /// <summary>ρ for a row: everywhere in the plain model, only on the planted subset with instance-level relatedness.</summary>
    private double Coupling(ReadOnlySpan<double> score) => !_instanceRelated || score[Gate] >= _gateThreshold ? _options.Relatedness : 0;

    /// <summary>The conversion (or view) score of a row: <c>ρ·s_ctr + √(1−ρ²)·s_own</c> with the row's ρ.</summary>
    private double Coupled(ReadOnlySpan<double> score, int task)
    {
        double rho = Coupling(score);
        return rho * score[Click] + Math.Sqrt(1 - rho * rho) * score[task];
    }

    /// <summary>True when a row with these features is in the planted related subset (always true without instance-level relatedness).</summary>
    public bool IsRelated(ReadOnlySpan<long> sparse, ReadOnlySpan<float> dense)
    {
        if (!_instanceRelated) return true;
        double gate = 0;
        for (int f = 0; f < sparse.Length; f++) gate += Weight(Gate, f, sparse[f]);
        for (int j = 0; j < dense.Length; j++) gate += (dense[j] - 0.5) * DenseWeight(Gate, j);
        return gate >= _gateThreshold;
    }

    /// <summary>
    /// Biases that make the expected rates hit their targets, solved on a fixed sample of rows:
    /// with few-valued fields the scores are far from normal, so no closed form is accurate.
    /// </summary>
    private double[] Calibrate()
    {
        var rows = CalibrationRows().ToList();
        var scores = new double[3][];
        scores[Click] = rows.Select(score => score[Click]).ToArray();
        scores[Conversion] = rows.Select(score => Coupled(score, Conversion)).ToArray();
        scores[View] = rows.Select(score => Coupled(score, View)).ToArray();
        double click = Solve(scores[Click], null, _options.ClickRate);
        var clickProbability = scores[Click].Select(x => Sigmoid(click + x)).ToArray();
        // Conversion and view rates are per click: weight each row by its click probability.
        return [click, Solve(scores[Conversion], clickProbability, _options.ConversionRate), Solve(scores[View], clickProbability, _options.ViewRate)];
    }

    /// <summary>The bias b with weighted mean σ(b + score) = target, by bisection (the mean is increasing in b).</summary>
    private static double Solve(double[] scores, double[]? weights, double target)
    {
        double low = -30, high = 30;
        double totalWeight = weights?.Sum() ?? scores.Length;
        for (int step = 0; step < 60; step++)
        {
            double mid = (low + high) / 2, mean = 0;
            for (int i = 0; i < scores.Length; i++) mean += (weights?[i] ?? 1) * Sigmoid(mid + scores[i]);
            if (mean / totalWeight < target) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>Draws one row's ids and dense values and sums its task scores (and the gate score when relatedness is per row).</summary>
    private void Draw(ref SplitMix64 random, Span<long> sparse, Span<float> dense, Span<double> score)
    {
        score.Clear();
        for (int f = 0; f < sparse.Length; f++)
        {
            long id = Math.Min(_vocabulary[f] - 1, (long)Math.Exp(random.NextDouble() * _logVocabulary[f]));
            sparse[f] = id;
            for (int t = 0; t < Tasks; t++) score[t] += Weight(t, f, id);
            if (_instanceRelated) score[Gate] += Weight(Gate, f, id);
        }
        for (int j = 0; j < dense.Length; j++)
        {
            double x = random.NextDouble();
            dense[j] = (float)x;
            for (int t = 0; t < Tasks; t++) score[t] += (x - 0.5) * DenseWeight(t, j);
            if (_instanceRelated) score[Gate] += ((float)x - 0.5) * DenseWeight(Gate, j);   // the stored float, so IsRelated agrees bit for bit
        }
    }

    public int Tasks => _view ? 3 : 2;

    /// <summary>Generates rows [first, first + count) of day <paramref name="day"/> into <paramref name="buffer"/>; safe to call from several threads with their own buffers.</summary>
    public void Fill(RowBuffer buffer, long first, int count, int day)
    {
        Span<double> score = stackalloc double[4];
        for (int i = 0; i < count; i++)
        {
            var random = new SplitMix64(SplitMix64.Combine(_options.Seed, day, first + i));
            var sparse = buffer.SparseRow;
            Draw(ref random, sparse, buffer.DenseRow, score);
            double pClick = Sigmoid(_bias[Click] + score[Click]);
            double pConversion = Sigmoid(_bias[Conversion] + Coupled(score, Conversion));
            bool clicked = random.NextDouble() < pClick;
            var labels = buffer.LabelRow;
            labels[0] = clicked ? 1 : 0;
            labels[1] = clicked && random.NextDouble() < pConversion ? 1 : 0;
            double pView = 0;
            if (_view)
            {
                pView = Sigmoid(_bias[View] + Coupled(score, View));
                labels[2] = clicked && random.NextDouble() < pView ? 1 : 0;
            }
            if (buffer.HasTruth)
            {
                var truth = buffer.TruthRow;
                truth[0] = (float)pClick;
                truth[1] = (float)(pClick * pConversion);
                if (_view) truth[2] = (float)(pClick * pView);
            }
            buffer.UserOfRow = sparse[0];
            buffer.Commit();
        }
    }

    /// <summary>The hidden weight of id <paramref name="id"/> of field <paramref name="field"/> for task score <paramref name="task"/>: ≈ N(0, scale²), fixed by the seed.</summary>
    private double Weight(int task, int field, long id) =>
        _fieldScale * StandardNormal(SplitMix64.Combine(_options.Seed ^ 0x5EED, ((long)task << 32) | (uint)field, id));

    private double DenseWeight(int task, int field) =>
        _denseScale * StandardNormal(SplitMix64.Combine(_options.Seed ^ 0xDE45E, task, field));

    /// <summary>Approximately standard normal from 64 random bits: the sum of four 16-bit uniforms, centred and scaled (Irwin–Hall).</summary>
    private static double StandardNormal(ulong bits)
    {
        double sum = (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48);
        return (sum / 65536.0 - 2.0) * Math.Sqrt(3.0);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
