using System.Runtime.InteropServices;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Every row of a loaded scoring chain carries the same model text (MapValue hands out the same text object each row);
/// it is decoded once per thread and recognised on later rows by the identity of that object, so that scoring neither
/// decodes per row nor mistakes one model for another (a damaged copy is another object, and its decoding fails). A
/// thread keeps several models, because a loaded ensemble scores each row with all its members in turn.
/// </summary>
internal static class PredictorCache
{
    private const int Capacity = 16;

    [ThreadStatic] private static Entry[]? t_entries;
    [ThreadStatic] private static int t_nextVictim;

    /// <summary>A model saved as text (formats 2 and 3), decoded by <paramref name="decode"/> when not yet cached.</summary>
    public static (NeuralNetworkModel Model, NetworkPredictor Predictor) For(ReadOnlyMemory<char> text, Func<ReadOnlySpan<char>, NeuralNetworkModel> decode)
    {
        Identity identity;
        if (MemoryMarshal.TryGetString(text, out var s, out int start, out int length))
        {
            identity = new Identity(s, start, length);
        }
        else if (MemoryMarshal.TryGetArray(text, out var segment) && segment.Array is { } array)
        {
            identity = new Identity(array, segment.Offset, segment.Count);
        }
        else
        {
            // Text that is neither a string nor an array (ML.NET does not hand those out): decode it, uncached.
            var model = decode(text.Span);
            return (model, model.CreatePredictor());
        }
        return Find(identity) ?? Add(identity, decode(text.Span));
    }

    /// <summary>The cached model of <paramref name="identity"/> on this thread, or null.</summary>
    public static (NeuralNetworkModel, NetworkPredictor)? Find(Identity identity)
    {
        var entries = t_entries;
        if (entries is null)
        {
            return null;
        }
        foreach (var entry in entries)
        {
            if (entry is not null && entry.Key.Matches(identity))
            {
                return (entry.Model, entry.Predictor);
            }
        }
        return null;
    }

    /// <summary>Caches <paramref name="model"/> under <paramref name="identity"/> on this thread (the oldest entry makes room).</summary>
    public static (NeuralNetworkModel, NetworkPredictor) Add(Identity identity, NeuralNetworkModel model)
    {
        var entries = t_entries ??= new Entry[Capacity];
        var entry = new Entry(identity, model, model.CreatePredictor());
        entries[t_nextVictim] = entry;
        t_nextVictim = (t_nextVictim + 1) % Capacity;
        return (entry.Model, entry.Predictor);
    }

    /// <summary>The text object (by reference) and the range of it that holds the model; format 1's boxed checksum by value.</summary>
    public readonly record struct Identity(object Owner, int Start, int Length)
    {
        public bool Matches(Identity other) =>
            Start == other.Start && Length == other.Length
            && (ReferenceEquals(Owner, other.Owner) || (Owner is ValueTuple<float, float> && Owner.Equals(other.Owner)));
    }

    private sealed record Entry(Identity Key, NeuralNetworkModel Model, NetworkPredictor Predictor);
}
