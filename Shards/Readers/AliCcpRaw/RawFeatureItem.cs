namespace AdaFtr.Shards.Readers.AliCcpRaw;

/// <summary>One item of a raw Ali-CCP <c>feature_list</c>: <c>field_id 0x02 feature_id 0x03 value</c>.</summary>
internal readonly record struct RawFeatureItem(int Slot, long FeatureId, float Value);
