using System.Text;

namespace AdaFtr.NativeFix.Tests;

/// <summary>
/// An independent reading of an ELF file's version tables, written apart from the product's
/// <c>ElfImage</c> (a BinaryReader walk, as readelf -V does), so the two check each other.
/// </summary>
internal sealed class VersionTables
{
    public required Dictionary<string, ushort> NeedFlags { get; init; }       // version name -> vna_flags
    public required Dictionary<string, ushort> NeedIndex { get; init; }       // version name -> vna_other
    public required Dictionary<string, ushort> SymbolVersion { get; init; }   // dynamic symbol name -> versym

    public static VersionTables Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var stream = reader.BaseStream;
        stream.Position = 0x28; long shoff = reader.ReadInt64();
        stream.Position = 0x3a; int shentsize = reader.ReadUInt16(); int shnum = reader.ReadUInt16();
        var headers = new List<(uint Type, long Offset, long Size, uint Link, uint Info)>();
        for (int i = 0; i < shnum; i++)
        {
            stream.Position = shoff + i * shentsize + 4;
            uint type = reader.ReadUInt32();
            stream.Position = shoff + i * shentsize + 24;
            long offset = reader.ReadInt64(), size = reader.ReadInt64();
            uint link = reader.ReadUInt32(), info = reader.ReadUInt32();
            headers.Add((type, offset, size, link, info));
        }
        string Str(int table, long at)
        {
            stream.Position = headers[table].Offset + at;
            var bytes = new List<byte>();
            for (int b = reader.ReadByte(); b != 0; b = reader.ReadByte()) bytes.Add((byte)b);
            return Encoding.ASCII.GetString(bytes.ToArray());
        }

        var flags = new Dictionary<string, ushort>(); var index = new Dictionary<string, ushort>();
        var need = headers.Single(h => h.Type == 0x6ffffffe);
        long entry = need.Offset;
        for (int i = 0; i < need.Info; i++)
        {
            stream.Position = entry + 2; int count = reader.ReadUInt16();
            stream.Position = entry + 8; long aux = entry + reader.ReadUInt32(); long next = reader.ReadUInt32();
            for (int j = 0; j < count; j++)
            {
                stream.Position = aux + 4;
                ushort f = reader.ReadUInt16(), other = reader.ReadUInt16(); uint name = reader.ReadUInt32(); uint nextAux = reader.ReadUInt32();
                var n = Str((int)need.Link, name);
                flags[n] = f; index[n] = other;
                aux += nextAux;
            }
            entry += next;
        }

        var symbols = new Dictionary<string, ushort>();
        var versym = headers.Single(h => h.Type == 0x6fffffff);
        int dynsymIndex = headers.FindIndex(h => h.Type == 11);
        var dynsym = headers[dynsymIndex];
        for (int i = 0; i < versym.Size / 2; i++)
        {
            stream.Position = dynsym.Offset + 24L * i; uint name = reader.ReadUInt32();
            stream.Position = versym.Offset + 2L * i; ushort v = reader.ReadUInt16();
            var symbol = Str((int)dynsym.Link, name);
            if (symbol.Length > 0) symbols[symbol] = v;
        }
        return new VersionTables { NeedFlags = flags, NeedIndex = index, SymbolVersion = symbols };
    }
}
