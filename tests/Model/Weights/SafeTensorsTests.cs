using System.Buffers.Binary;
using System.Text;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Weights;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("adaftr-st-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Every_supported_dtype_round_trips_bit_for_bit()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new (string, Tensor)[]
        {
            ("a.weight", torch.randn(3, 4)),
            ("b", torch.randn(2, dtype: ScalarType.Float64)),
            ("ids", torch.tensor(new long[] { 1, -2, long.MaxValue })),
            ("small", torch.tensor(new[] { 7, 8 }, dtype: ScalarType.Int32)),
            ("scalar", torch.tensor(3.5f)),
            ("empty", torch.zeros(0, 5)),
        };
        var path = Path.Combine(folder, "t.safetensors");
        SafeTensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var read = SafeTensorsReader.Read(path);
        read.Keys.Should().BeEquivalentTo(tensors.Select(t => t.Item1));
        foreach (var (name, tensor) in tensors)
        {
            read[name].dtype.Should().Be(tensor.dtype);
            read[name].shape.Should().Equal(tensor.shape);
            read[name].bytes.ToArray().Should().Equal(tensor.bytes.ToArray());
            read[name].Dispose();
        }
    }

    [Fact]
    public void Streamed_in_small_pieces_the_file_equals_the_array_path_byte_for_byte_and_reads_back_the_same()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new (string, Tensor)[]
        {
            ("rows", torch.randn(37, 5)),
            ("ids", torch.arange(11, dtype: ScalarType.Int64)),
            ("empty", torch.zeros(0, 3)),
            ("scalar", torch.tensor(2.5)),
        };
        var metadata = new Dictionary<string, string> { ["step"] = "4" };
        var path = Path.Combine(folder, "t.safetensors");
        SafeTensorsWriter.Write(path, tensors, metadata);
        var file = File.ReadAllBytes(path);

        using var streamed = new MemoryStream();
        SafeTensorsWriter.Write(streamed, tensors, metadata, pieceBytes: 7);
        streamed.ToArray().Should().Equal(file);

        var fromArray = SafeTensorsReader.Read("t.safetensors", file);
        var fromStream = SafeTensorsReader.Read("t.safetensors", new MemoryStream(file), file.Length, pieceBytes: 5);
        fromStream.Keys.Should().BeEquivalentTo(fromArray.Keys);
        foreach (var (name, tensor) in fromArray)
        {
            fromStream[name].dtype.Should().Be(tensor.dtype);
            fromStream[name].shape.Should().Equal(tensor.shape);
            fromStream[name].bytes.ToArray().Should().Equal(tensor.bytes.ToArray(), name);
        }
    }

    [Fact]
    public void A_stream_that_ends_before_its_length_is_refused_as_truncated_naming_the_source()
    {
        using var scope = torch.NewDisposeScope();
        using var streamed = new MemoryStream();
        SafeTensorsWriter.Write(streamed, [("rows", torch.randn(40, 8))]);
        var file = streamed.ToArray();
        var act = () => SafeTensorsReader.Read("cut.safetensors", new MemoryStream(file[..^100]), file.Length, pieceBytes: 64);
        act.Should().Throw<SafeTensorsFormatException>().Which.Message.Should().StartWith("cut.safetensors: not a valid safetensors file").And.Contain("truncated");
    }

    [Fact]
    public void Model_weights_load_back_into_a_fresh_model()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        using var saved = new AdaFtrModel(TinyModels.Config());
        torch.manual_seed(2);
        using var loaded = new AdaFtrModel(TinyModels.Config());
        var path = Path.Combine(folder, "w.safetensors");
        ModelWeights.Save(saved, path);
        ModelWeights.Load(loaded, path);
        foreach (var ((name, a), (_, b)) in saved.named_parameters().Zip(loaded.named_parameters()))
            a.eq(b).all().item<bool>().Should().BeTrue(name);
    }

    [Fact]
    public void Loading_weights_of_another_architecture_names_the_differences()
    {
        using var scope = torch.NewDisposeScope();
        using var mmoe = new AdaFtrModel(TinyModels.Config());
        using var ple = new AdaFtrModel(TinyModels.Config(AdaFtr.Model.Configuration.BackboneKind.Ple));
        var path = Path.Combine(folder, "w.safetensors");
        ModelWeights.Save(mmoe, path);
        var act = () => ModelWeights.Load(ple, path);
        act.Should().Throw<SafeTensorsFormatException>().WithMessage("*missing*backbone.levels.0*unexpected*backbone.experts.0*");
    }

    public static TheoryData<string, byte[]> Malformed()
    {
        static byte[] File(string header, int dataBytes = 0, ulong? declaredLength = null)
        {
            var json = Encoding.UTF8.GetBytes(header);
            var bytes = new byte[8 + json.Length + dataBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
            json.CopyTo(bytes, 8);
            return bytes;
        }
        return new TheoryData<string, byte[]>
        {
            { "8-byte header length", new byte[5] },
            { "exceeds the 100000000-byte limit", File("{}", 0, 1UL << 40) },
            { "runs past the end", File("{}", 0, 500) },
            { "not valid UTF-8 JSON", File("{\"a\": ", 0) },
            { "must be a JSON object", File("[1, 2]") },
            { "dtype 'F16' is not supported", File("""{"a": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}}""", 4) },
            { "missing string field dtype", File("""{"a": {"shape": [2], "data_offsets": [0, 8]}}""", 8) },
            { "outside the 8-byte data section", File("""{"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}""", 8) },
            { "data_offsets must be [begin, end]", File("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0]}}""", 8) },
            { "needs 12 bytes but data_offsets span 8", File("""{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}""", 8) },
            { "shape entries must be non-negative", File("""{"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}""", 8) },
            { "needs more bytes", File("""{"a": {"dtype": "F64", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}}""", 8) },
            { "must not overlap", File("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", 8) },
            { "the data section holds 12", File("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}""", 12) },
            { "appears twice", File("""{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", 8) },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Hostile_headers_are_rejected_with_a_clear_message(string problem, byte[] file)
    {
        var act = () => SafeTensorsReader.Read("hostile.safetensors", file);
        act.Should().Throw<SafeTensorsFormatException>()
            .Which.Message.Should().StartWith("hostile.safetensors: not a valid safetensors file").And.Contain(problem);
    }
}
