namespace AdaFtr.Shards.Format;

/// <summary>How block payloads are stored: raw (fastest to read from the page cache) or LZ4 (smaller, for blob storage).</summary>
public enum ShardCompression { None = 0, Lz4 = 1 }
