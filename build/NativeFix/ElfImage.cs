using System.Buffers.Binary;
using System.Text;

namespace AdaFtr.NativeFix;

/// <summary>
/// The parts of a 64-bit little-endian ELF shared object that symbol versioning lives in:
/// section headers, <c>.gnu.version_r</c> (versions needed), <c>.gnu.version_d</c> (versions
/// defined), <c>.gnu.version</c> (one version index per dynamic symbol) and <c>.dynsym</c>.
/// Every offset read from the file is bounds-checked, so a truncated or hostile file gives an
/// <see cref="InvalidDataException"/> naming what is wrong, never an out-of-range read.
/// </summary>
internal sealed class ElfImage
{
    internal const uint ShtRela = 4;
    internal const uint ShtDynSym = 11;
    internal const uint ShtGnuVerDef = 0x6ffffffd;
    internal const uint ShtGnuVerNeed = 0x6ffffffe;
    internal const uint ShtGnuVerSym = 0x6fffffff;
    internal const ushort VerFlagWeak = 0x2;
    internal const ushort VerIndexGlobal = 1;

    private readonly byte[] _bytes;
    private readonly string _path;
    private readonly IReadOnlyList<Section> _sections;

    private ElfImage(byte[] bytes, string path)
    {
        _bytes = bytes;
        _path = path;
        _sections = ReadSections();
    }

    public byte[] Bytes => _bytes;

    public static ElfImage Load(string path) => Parse(File.ReadAllBytes(path), path);

    public static ElfImage Parse(byte[] bytes, string path)
    {
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF is supported (class {bytes[4]}, data {bytes[5]})");
        return new ElfImage(bytes, path);
    }

    /// <summary>One <c>Vernaux</c> entry: a version this object needs from <see cref="File"/>.</summary>
    internal sealed record NeededVersion(string File, string Name, ushort Flags, ushort Index, int FlagsOffset)
    {
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>An undefined dynamic symbol bound to a needed version, with where its version index lives.</summary>
    internal sealed record VersionedSymbol(int SymbolIndex, string Name, ushort VersionIndex, int VersymOffset);

    public IReadOnlyList<NeededVersion> NeededVersions()
    {
        var result = new List<NeededVersion>();
        var section = SingleOrNone(ShtGnuVerNeed);
        if (section is null) return result;
        var strings = StringTableOf(section);
        long entry = section.Offset;
        for (uint i = 0; i < section.Info; i++)
        {
            Require(entry, 16, "Verneed entry");
            ushort count = U16(entry + 2);
            string file = ReadString(strings, U32(entry + 4));
            long aux = entry + U32(entry + 8);
            for (ushort j = 0; j < count; j++)
            {
                Require(aux, 16, "Vernaux entry");
                ushort flags = U16(aux + 4);
                ushort index = U16(aux + 6);
                string name = ReadString(strings, U32(aux + 8));
                result.Add(new NeededVersion(file, name, flags, index, checked((int)(aux + 4))));
                uint nextAux = U32(aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = U32(entry + 12);
            if (next == 0) break;
            entry += next;
        }
        return result;
    }

    public IReadOnlyList<string> DefinedVersions()
    {
        var result = new List<string>();
        var section = SingleOrNone(ShtGnuVerDef);
        if (section is null) return result;
        var strings = StringTableOf(section);
        long entry = section.Offset;
        for (uint i = 0; i < section.Info; i++)
        {
            Require(entry, 20, "Verdef entry");
            ushort count = U16(entry + 6);
            if (count > 0)
            {
                long aux = entry + U32(entry + 12);
                Require(aux, 8, "Verdaux entry");
                result.Add(ReadString(strings, U32(aux)));
            }
            uint next = U32(entry + 16);
            if (next == 0) break;
            entry += next;
        }
        return result;
    }

    public IReadOnlyList<VersionedSymbol> SymbolsWithVersion(ushort versionIndex)
    {
        var result = new List<VersionedSymbol>();
        var versym = SingleOrNone(ShtGnuVerSym);
        var dynsym = SingleOrNone(ShtDynSym);
        if (versym is null || dynsym is null) return result;
        var strings = StringTableOf(dynsym);
        long count = versym.Size / 2;
        for (int i = 0; i < count; i++)
        {
            long at = versym.Offset + 2L * i;
            Require(at, 2, "version index");
            ushort index = U16(at);
            if ((index & 0x7fff) != versionIndex) continue;
            long symbol = dynsym.Offset + 24L * i;
            Require(symbol, 24, "dynamic symbol");
            result.Add(new VersionedSymbol(i, ReadString(strings, U32(symbol)), index, checked((int)at)));
        }
        return result;
    }

    /// <summary>Indices of the dynamic symbols that some relocation (<c>.rela.dyn</c>, <c>.rela.plt</c>) refers to.</summary>
    public IReadOnlySet<int> RelocatedSymbolIndices()
    {
        var result = new HashSet<int>();
        foreach (var section in _sections.Where(s => s.Type == ShtRela))
            for (long at = section.Offset; at + 24 <= section.Offset + section.Size; at += 24)
                result.Add((int)(U64(at + 8) >> 32));
        return result;
    }

    internal void WriteU16(int offset, ushort value)
    {
        Require(offset, 2, "patched field");
        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(offset), value);
    }

    private sealed record Section(uint Type, long Offset, long Size, uint Link, uint Info);

    private List<Section> ReadSections()
    {
        long sectionHeaders = (long)U64(0x28);
        ushort entrySize = U16(0x3a);
        ushort count = U16(0x3c);
        if (entrySize < 64) throw new InvalidDataException($"{_path}: section header size {entrySize} is too small");
        var sections = new List<Section>(count);
        for (int i = 0; i < count; i++)
        {
            long at = sectionHeaders + (long)i * entrySize;
            Require(at, 64, "section header");
            var section = new Section(U32(at + 4), (long)U64(at + 24), (long)U64(at + 32), U32(at + 40), U32(at + 44));
            if (section.Type != 8 /* SHT_NOBITS */) Require(section.Offset, section.Size, "section contents");
            sections.Add(section);
        }
        return sections;
    }

    private Section? SingleOrNone(uint type) => _sections.FirstOrDefault(s => s.Type == type);

    private Section StringTableOf(Section section)
    {
        if (section.Link >= _sections.Count)
            throw new InvalidDataException($"{_path}: section link {section.Link} points past the {_sections.Count} sections");
        return _sections[(int)section.Link];
    }

    private string ReadString(Section table, uint offset)
    {
        long start = table.Offset + offset;
        if (offset >= table.Size) throw new InvalidDataException($"{_path}: string offset {offset} is outside its table");
        int end = Array.IndexOf(_bytes, (byte)0, checked((int)start), (int)(table.Size - offset));
        if (end < 0) throw new InvalidDataException($"{_path}: unterminated string at {start}");
        return Encoding.ASCII.GetString(_bytes, (int)start, end - (int)start);
    }

    private void Require(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset + length > _bytes.Length)
            throw new InvalidDataException($"{_path}: {what} at offset {offset} (+{length}) lies outside the {_bytes.Length}-byte file");
    }

    private ushort U16(long at) { Require(at, 2, "field"); return BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)at)); }
    private uint U32(long at) { Require(at, 4, "field"); return BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)at)); }
    private ulong U64(long at) { Require(at, 8, "field"); return BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)at)); }
}
