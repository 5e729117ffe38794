using System.IO.Compression;
using System.Text;

namespace AdaFtr.Shards.Readers;

/// <summary>
/// Reads a text file line by line (LF or CRLF, UTF-8 with or without BOM; gzip when the name ends
/// in .gz) with a bound on line length, so a file with a wrong separator or no newlines fails with
/// a message instead of reading gigabytes into one string.
/// </summary>
internal sealed class TextLineReader : IDisposable
{
    public const int DefaultMaxLineChars = 4 << 20;
    private readonly StreamReader _reader;
    private readonly int _maxLineChars;
    private char[] _buffer = new char[64 << 10];
    private int _start, _end;
    private bool _endOfFile;

    public TextLineReader(string path, int maxLineChars = DefaultMaxLineChars)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        Path = path;
        _maxLineChars = maxLineChars;
        _reader = Open(path);
    }

    /// <summary>A reader of the file's text, decompressing .gz files on the fly.</summary>
    public static StreamReader Open(string path)
    {
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipStream(stream, CompressionMode.Decompress);
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    public string Path { get; }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its line break, or null at the end of the file.</summary>
    public string? ReadLine()
    {
        int searchFrom = _start;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, '\n', searchFrom, _end - searchFrom);
            if (newline >= 0)
            {
                LineNumber++;
                int length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r') length--;
                if (length > _maxLineChars) throw TooLong(LineNumber);
                var line = new string(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }
            if (_end - _start > _maxLineChars) throw TooLong(LineNumber + 1);
            if (_endOfFile)
            {
                if (_start == _end) return null;
                LineNumber++;
                int length = _end - _start;
                if (_buffer[_end - 1] == '\r') length--;
                var last = new string(_buffer, _start, length);
                _start = _end;
                return last;
            }
            searchFrom = Fill();
        }
    }

    private DataFormatException TooLong(long line) =>
        new(Path, line, $"line longer than {_maxLineChars} characters: wrong separator, binary data, or a file without line breaks?");

    /// <summary>Moves the unread tail to the front, grows the buffer when a line needs it, reads more; returns where to resume the search.</summary>
    private int Fill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, pending);
            _start = 0; _end = pending;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxLineChars + 2));
        int read;
        try { read = _reader.Read(_buffer, _end, _buffer.Length - _end); }
        catch (InvalidDataException e) { throw new DataFormatException(Path, LineNumber + 1, $"cannot decompress the gzip data ({e.Message}); is it really a .gz file, and complete?"); }
        if (read == 0) _endOfFile = true;
        _end += read;
        return pending;
    }

    public void Dispose() => _reader.Dispose();
}
