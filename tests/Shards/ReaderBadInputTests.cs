using System.Text;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Readers.AliCcpRaw;
using static AdaFtr.Shards.Tests.RawAliCcpTests;

namespace AdaFtr.Shards.Tests;

/// <summary>Malformed text inputs: each must fail with <c>path:line: what is wrong</c>, or be read right when it is merely unusual (BOM, CRLF).</summary>
[Trait("Category", "BadInput")]
public sealed class ReaderBadInputTests : IDisposable
{
    private const string Header = "click,purchase,101,121,122,124,125,126,127,128,129,205,206,207,210,216,508,509,702,853,301,109_14,110_14,127_14,150_14,D109_14,D110_14,D127_14,D150_14,D508,D509,D702,D853";
    private const string Row = "0,0,1,1,1,1,1,0,1,1,1,0,1,1,1,0,1,0,0,0,1,1,1,1,1,0.4734,0.562,0.0856,0.1902,0.07556,0.0,0.0,0.0";
    private readonly TempFolder _temp = new();

    private string AliCcp(string text) => _temp.Write("data.csv", text);

    private static string WithCell(int column, string value)
    {
        var cells = Row.Split(',');
        cells[column] = value;
        return string.Join(',', cells);
    }

    private static List<ColumnarRows> ReadAll(IRowSource source) => source.ReadChunks(16).ToList();

    private void FailsAt(string path, Action read, int line, string problem)
    {
        read.Should().Throw<DataFormatException>().WithMessage($"{path}:{line}: {problem}");
    }

    private void AliCcpFails(string text, int line, string problem)
    {
        var path = AliCcp(text);
        FailsAt(path, () => ReadAll(AliCcpCsvReader.Open(path)), line, problem);
    }

    [Fact] public void Empty_file() => AliCcpFails("", 1, "the file is empty*");
    [Fact] public void Header_without_rows() { var p = AliCcp(Header + "\n"); FailsAt(p, () => AliCcpCsvReader.Read(p), 2, "no data rows after the header"); }
    [Fact] public void Wrong_label_columns() => AliCcpFails(Header.Replace("purchase", "buy") + "\n" + Row, 1, "header must start with click,purchase*");
    [Fact] public void Tab_separated_file_read_as_csv() => AliCcpFails(Header.Replace(',', '\t') + "\n" + Row.Replace(',', '\t'), 1, "header has one column: is the separator ',' right*");
    [Fact] public void Semicolon_separated_file() => AliCcpFails(Header.Replace(',', ';') + "\n" + Row.Replace(',', ';'), 1, "header must start with click,purchase*");
    [Fact] public void Duplicate_header_column() => AliCcpFails(Header.Replace("D853", "D702") + "\n" + Row, 1, "column 'D702' appears twice*");
    [Fact] public void Too_few_columns() => AliCcpFails(Header + "\n" + Row + "\n" + Row[..Row.LastIndexOf(',')], 3, "32 columns, expected 33*");
    [Fact] public void Too_many_columns() => AliCcpFails(Header + "\n" + Row + ",0.5", 2, "34 columns, expected 33*");
    [Fact] public void Truncated_last_line() => AliCcpFails(Header + "\n" + Row + "\n" + Row + "\n" + Row[..40], 4, "* columns, expected 33*");
    [Fact] public void Non_numeric_id() => AliCcpFails(Header + "\n" + WithCell(5, "abc"), 2, "column 124: 'abc' is not a non-negative integer id*");
    [Fact] public void Negative_id() => AliCcpFails(Header + "\n" + WithCell(3, "-3"), 2, "column 121: '-3' is not a non-negative integer id*");
    [Fact] public void Fractional_id() => AliCcpFails(Header + "\n" + WithCell(3, "1.5"), 2, "column 121: '1.5' is not a non-negative integer id*");
    [Fact] public void Dense_not_a_number() => AliCcpFails(Header + "\n" + WithCell(26, "NaN"), 2, "column D110_14: 'NaN' is not a finite number");
    [Fact] public void Dense_overflows_to_infinity() => AliCcpFails(Header + "\n" + WithCell(26, "1e999"), 2, "column D110_14: '1e999' is not a finite number");
    [Fact] public void Decimal_comma() => AliCcpFails(Header + "\n" + WithCell(26, "0\"5"), 2, "column D110_14: '0\"5' is not a finite number");
    [Fact] public void Label_two() => AliCcpFails(Header + "\n" + WithCell(0, "2"), 2, "column click: label '2' must be 0 or 1");
    [Fact] public void Empty_cell() => AliCcpFails(Header + "\n" + WithCell(4, ""), 2, "column 122: empty value; expected an id");
    [Fact] public void Binary_garbage() => AliCcpFails(Header + "\n" + WithCell(2, "\0\u0001\u00ff"), 2, "column 101: * is not a non-negative integer id*");
    [Fact] public void Huge_line_without_newline() => AliCcpFails(Header + "\n" + new string('7', TextLineReader.DefaultMaxLineChars + 10), 2, "line longer than * characters*");

    [Fact]
    public void Bom_and_crlf_are_read_right()
    {
        var path = _temp.WriteBytes("data.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Header + "\r\n" + WithCell(0, "1") + "\r\n" + Row + "\r\n")]);
        var rows = AliCcpCsvReader.Read(path);
        rows.Rows.Should().Be(2);
        rows.Labels.Should().Equal(1, 0, 0, 0);
        rows.Dense[7].Should().Be(0f);
        rows.Dense[4].Should().Be(0.07556f);
    }

    [Fact]
    public void Bad_rows_within_the_budget_are_skipped_and_counted()
    {
        var path = AliCcp(string.Join('\n', Header, Row, WithCell(0, "x"), Row, WithCell(5, "y"), Row));
        var budget = new BadRowBudget(2);
        var rows = ColumnarRowsConcat.Of(ReadAll(AliCcpCsvReader.Open(path, budget)));
        rows.Rows.Should().Be(3);
        budget.Skipped.Should().Be(2);
        budget.FirstProblems.Should().HaveCount(2).And.Contain(p => p.StartsWith($"{path}:3: column click"));
    }

    [Fact]
    public void One_bad_row_past_the_budget_fails_naming_that_row()
    {
        var path = AliCcp(string.Join('\n', Header, Row, WithCell(0, "x"), Row, WithCell(5, "y"), Row));
        FailsAt(path, () => ReadAll(AliCcpCsvReader.Open(path, new BadRowBudget(1))), 5, "column 124: 'y' is not a non-negative integer id* (more than --max-bad-rows 1 bad rows)");
    }

    [Fact]
    public void AliExpress_unexpected_column()
    {
        var path = _temp.Write("ae.csv", "search_id,categorical_1,price,click,conversion\n1,2,3,0,0\n");
        FailsAt(path, () => ReadAll(AliExpressCsvReader.Open(path)), 1, "unexpected column 'price'*");
    }

    [Fact]
    public void AliExpress_missing_label_column()
    {
        var path = _temp.Write("ae.csv", "search_id,categorical_1,numerical_1,click\n1,2,0.5,0\n");
        FailsAt(path, () => ReadAll(AliExpressCsvReader.Open(path)), 1, "no 'conversion' column*");
    }

    // Raw Ali-CCP: skeleton + common features.

    private void RawFails(string[] skeleton, string[] common, bool inSkeleton, int line, string problem)
    {
        var s = _temp.Write("skeleton.csv", string.Join('\n', skeleton) + "\n");
        var c = _temp.Write("common.csv", string.Join('\n', common) + "\n");
        FailsAt(inSkeleton ? s : c, () => ReadAll(new AliCcpRawReader(s, c)), line, problem);
    }

    private static readonly string[] GoodCommon = [Common("u1", Item("101", 5), Item("121", 3))];
    private static readonly string GoodSkeleton = Skeleton(1, 0, 0, "u1", Item("205", 9), Item("301", 1));

    [Fact] public void Raw_missing_common_feature_key() => RawFails([GoodSkeleton, Skeleton(2, 0, 0, "u9", Item("205", 9))], GoodCommon, true, 2, "common_feature_index 'u9' is not in common.csv");
    [Fact] public void Raw_wrong_item_separators() => RawFails([GoodSkeleton, "2,0,0,u1,1,205:9:1.0"], GoodCommon, true, 2, "item 1 '205:9:1.0' is not field_id\\x02feature_id\\x03value*");
    [Fact] public void Raw_feature_num_disagrees() => RawFails([GoodSkeleton, $"2,0,0,u1,3,{List(Item("205", 9), Item("301", 1))}"], GoodCommon, true, 2, "feature_num says 3 items, the feature list has 2");
    [Fact] public void Raw_feature_num_not_a_number() => RawFails([GoodSkeleton, $"2,0,0,u1,two,{List(Item("205", 9))}"], GoodCommon, true, 2, "feature_num 'two' is not a non-negative integer");
    [Fact] public void Raw_feature_id_not_an_integer() => RawFails([$"1,0,0,u1,1,205\u0002x9\u00031.0"], GoodCommon, true, 1, "item 1: feature id 'x9' is not a non-negative integer");
    [Fact] public void Raw_item_value_not_a_number() => RawFails([$"1,0,0,u1,1,205\u00029\u0003one"], GoodCommon, true, 1, "item 1: value 'one' is not a finite number");
    [Fact] public void Raw_skeleton_column_count() => RawFails([GoodSkeleton, "2,0,0,u1"], GoodCommon, true, 2, "4 columns, expected 6*");
    [Fact] public void Raw_conversion_without_click() => RawFails([Skeleton(1, 0, 1, "u1", Item("205", 9))], GoodCommon, true, 1, "conversion 1 without a click");
    [Fact] public void Raw_label_not_binary() => RawFails([Skeleton(1, 0, 0, "u1", Item("205", 9)).Replace("1,0,0,", "1,yes,0,")], GoodCommon, true, 1, "column click: label 'yes' must be 0 or 1");
    [Fact] public void Raw_empty_common_key() => RawFails([Skeleton(1, 0, 0, "", Item("205", 9))], GoodCommon, true, 1, "empty common_feature_index");
    [Fact] public void Raw_duplicate_common_key() => RawFails([GoodSkeleton], [GoodCommon[0], GoodCommon[0]], false, 2, "common_feature_index 'u1' appears twice");
    [Fact] public void Raw_common_column_count() => RawFails([GoodSkeleton], [GoodCommon[0], "u2,1"], false, 2, "2 columns, expected 3*");
    [Fact] public void Raw_empty_common_file() => RawFails([GoodSkeleton], [], false, 1, "the common features file has no rows");
    [Fact] public void Raw_truncated_item() => RawFails([$"1,0,0,u1,1,205\u00029"], GoodCommon, true, 1, "item 1 * is not field_id\\x02feature_id\\x03value*");

    // Schema-driven CSV.

    private void SchemaFails(string schemaJson, string data, bool inSchema, int line, string problem)
    {
        var schema = _temp.Write("schema.json", schemaJson);
        var path = _temp.Write("data.csv", data);
        FailsAt(inSchema ? schema : path, () => ReadAll(SchemaCsvReader.Open(path, schema)), line, problem);
    }

    private const string GoodSchema = """{"labels": [{"column": "c", "task": "ctr"}, {"column": "b", "task": "cvr"}], "sparse": [{"column": "a"}]}""";

    [Fact] public void Schema_not_json() => SchemaFails("{\"labels\": [", "a,c,b\n1,0,0\n", true, 1, "not a valid schema file*");
    [Fact] public void Schema_unknown_property() => SchemaFails(GoodSchema.Replace("\"sparse\"", "\"sparce\""), "a,c,b\n1,0,0\n", true, 1, "not a valid schema file*");
    [Fact] public void Schema_tasks_out_of_order() => SchemaFails(GoodSchema.Replace("\"ctr\"", "\"x\"").Replace("\"cvr\"", "\"ctr\"").Replace("\"x\"", "\"cvr\""), "a,c,b\n1,0,0\n", true, 1, "labels: tasks must be in the order ctr, cvr*");
    [Fact] public void Schema_separator_of_two_characters() => SchemaFails("{\"separator\": \";;\", " + GoodSchema[1..], "a,c,b\n1,0,0\n", true, 1, "separator must be one character*");
    [Fact] public void Schema_names_a_missing_column() => SchemaFails(GoodSchema, "a,c,buy\n1,0,0\n", false, 1, "no column 'b'*");
    [Fact] public void Schema_without_header_or_columns() => SchemaFails("{\"has_header\": false, " + GoodSchema[1..], "1,0,0\n", true, 1, "has_header is false: list the column names*");
    [Fact] public void Schema_string_ids_without_hashing() => SchemaFails(GoodSchema, "a,c,b\nParis,0,0\n", false, 2, "column a: 'Paris' is not a non-negative integer id (set hash_buckets*");
    [Fact] public void Schema_column_with_two_roles() => SchemaFails(GoodSchema.Replace("\"column\": \"a\"", "\"column\": \"c\""), "a,c,b\n1,0,0\n", true, 1, "column 'c' is given two roles");

    public void Dispose() => _temp.Dispose();
}
