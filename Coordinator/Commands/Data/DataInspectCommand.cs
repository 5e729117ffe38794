using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaFtr.Coordinator.Console;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Inspection;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary>
/// <c>adaftr data inspect</c>: schema, row count, label rates, per-field summaries and a few rows of
/// any input (reading a shard set verifies every block's checksum). A folder of daily partitions
/// (<c>day=YYYY-MM-DD</c>) is inspected as a whole, with rows per day.
/// </summary>
public static class DataInspectCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object: {\"rows\": n, \"label_rates\": {label: rate}, \"fields\": [...], ...}." };
    private static readonly Option<int> ShowRows = new("--rows")
    {
        Description = "How many rows to show.",
        DefaultValueFactory = _ => 5,
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create(TextWriter output)
    {
        var command = new Command("inspect", """
            Show the schema, row count, label rates, field summaries and first rows of a data file or shard set.

            Examples:
              adaftr data inspect data/ali-ccp/ali_ccp_train_sample.csv
              adaftr data inspect shards/train --json
              adaftr data inspect raw/sample_skeleton_train.csv --common-features raw/common_features_train.csv
              adaftr data inspect data/ecomm            (a folder of day=YYYY-MM-DD partitions)
            """)
        { Json, ShowRows };
        var input = new DataInputOptions();
        input.AddTo(command);
        ShowRows.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--rows must be 0 or more"); });
        command.SetAction((parsed, cancellationToken) => Task.FromResult(ShardsErrors.Translate(() => Run(parsed, input, output, cancellationToken))));
        return command;
    }

    private sealed record Partition(string Name, long Rows);

    private sealed record Report(
        string Format, string Source, long Rows, IReadOnlyDictionary<string, double> LabelRates, IReadOnlyList<string> Tasks, string? UserField,
        IReadOnlyList<FieldProfile> Fields, IReadOnlyDictionary<string, double?>? OracleAuc, long BadRowsSkipped, IReadOnlyList<Partition>? Partitions, IReadOnlyList<IReadOnlyDictionary<string, double>> FirstRows);

    private static int Run(ParseResult parsed, DataInputOptions input, TextWriter output, CancellationToken cancellationToken)
    {
        var spec = input.Spec(parsed);
        var budget = input.Budget(parsed);
        var partitions = DayPartitions(spec.Path);
        var sources = partitions.Count > 0
            ? partitions.Select(p => (Name: (string?)p.Name, Source: (IRowSource)new ShardSetSource(ShardSet.Open(p.Store)))).ToList()
            : [(Name: null, Source: spec.Open(budget))];

        DataProfile? profile = null;
        var perPartition = new List<Partition>();
        foreach (var (name, source) in sources)
        {
            profile ??= new DataProfile(source.Schema, parsed.GetValue(ShowRows));
            if (!profile.Schema.SameColumns(source.Schema)) throw new UserError($"{name}: its schema differs from the first partition's; inspect the partitions one by one");
            long before = profile.Rows;
            RowProgress.Run($"reading {name ?? spec.Path}", parsed.InvocationConfiguration.Error, total: null, progress =>
            {
                foreach (var chunk in new CancellableSource(source, cancellationToken).ReadChunks(1 << 16))
                {
                    profile.Add(chunk);
                    progress.Report(profile.Rows - before);
                }
                return profile.Rows;
            });
            if (name is not null) perPartition.Add(new Partition(name, profile.Rows - before));
        }

        var report = new Report(partitions.Count > 0 ? "shards (daily partitions)" : InputFormatNames.NameOf(spec.Resolve()), sources[0].Source.Description, profile!.Rows,
            profile.LabelRates(), profile.Schema.Tasks, profile.Schema.UserField, profile.Fields(), profile.OracleAuc(), budget.Skipped,
            partitions.Count > 0 ? perPartition : null, RowsOf(profile));
        if (parsed.GetValue(Json)) output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
        else Print(report, budget, output);
        return ExitCodes.Ok;
    }

    /// <summary>The <c>day=YYYY-MM-DD</c> shard sets under a folder (local or blob) that is not a shard set itself.</summary>
    private static List<(string Name, IShardStore Store)> DayPartitions(string path)
    {
        if (!ShardStores.IsBlob(path) && !Directory.Exists(path)) return [];
        var store = ShardStores.Open(path);
        if (ShardSet.Exists(store)) return [];
        return store.Folders().Where(f => f.StartsWith("day=", StringComparison.Ordinal))
            .Select(f => (Name: f, Store: store.Child(f))).Where(p => ShardSet.Exists(p.Store)).ToList();
    }

    private static List<IReadOnlyDictionary<string, double>> RowsOf(DataProfile profile)
    {
        var rows = profile.FirstRows();
        var list = new List<IReadOnlyDictionary<string, double>>();
        if (rows is null) return list;
        var schema = profile.Schema;
        for (int r = 0; r < rows.Rows; r++)
        {
            var row = new Dictionary<string, double>();
            for (int k = 0; k < rows.Tasks; k++) row[schema.Labels[k]] = rows.Labels[r * rows.Tasks + k];
            if (rows.Truth is not null) for (int k = 0; k < rows.Tasks; k++) row[$"p_{schema.Labels[k]}"] = rows.Truth[r * rows.Tasks + k];
            for (int f = 0; f < rows.SparseFields; f++) row[schema.SparseFields[f]] = rows.Sparse[r * rows.SparseFields + f];
            for (int j = 0; j < rows.DenseFields; j++) row[schema.DenseFields[j]] = rows.Dense[r * rows.DenseFields + j];
            list.Add(row);
        }
        return list;
    }

    private static void Print(Report report, BadRowBudget budget, TextWriter output)
    {
        var console = CliConsole.For(output);
        console.Line(report.Source);
        var summary = new ListTable(console, "", "");
        summary.Row("format", report.Format);
        summary.Row("rows", report.Rows.ToString("N0", CultureInfo.InvariantCulture));
        summary.Row("labels", $"{string.Join(", ", report.LabelRates.Select(kv => $"{kv.Key} {kv.Value:P3}"))} (tasks {string.Join(", ", report.Tasks)})");
        summary.Row("user field", report.UserField ?? "(none)");
        if (report.OracleAuc is not null)
            summary.Row("oracle AUC", $"{string.Join(", ", report.OracleAuc.Select(kv => $"{kv.Key} {(kv.Value is double auc ? auc.ToString("F4", CultureInfo.InvariantCulture) : "n/a (one class)")}"))} (the generating probabilities: the best a model can reach here)");
        if (report.Partitions is not null)
            foreach (var p in report.Partitions) summary.Row(p.Name, $"{p.Rows:N0} rows");
        summary.Write();

        var fields = new ListTable(console, "field", "kind", "ids", "min", "max", "mean").Numeric(2, 3, 4, 5);
        foreach (var f in report.Fields)
            fields.Row(f.Name, f.Kind, f.VocabularySize?.ToString(CultureInfo.InvariantCulture) ?? "", Figure(f.Min), Figure(f.Max), Figure(f.Mean));
        fields.Write();

        if (report.BadRowsSkipped > 0)
        {
            console.Line($"skipped {report.BadRowsSkipped:N0} bad row(s); the first:");
            foreach (var problem in budget.FirstProblems) console.Line($"  {problem}");
        }
        // Rows stay key=value lines: a table of 100+ columns is unreadable at any width.
        foreach (var row in report.FirstRows)
            console.Line("  " + string.Join(",", row.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:G6}"))));
    }

    private static string Figure(double? value) => value is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";
}
