using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Pipeline.Indexer;

/// <summary>
/// A facet value as doc values: the value a filter takes (an entity id, a topic code) and the label people read (the
/// entity's name, the topic's label), joined by a separator no value contains.
/// </summary>
internal static class FacetValues
{
    private const char Separator = '\u001F';

    public static string Encode(string value, string? label) =>
        string.IsNullOrWhiteSpace(label) || string.Equals(label, value, StringComparison.Ordinal) ? value : value + Separator + label;

    public static (string Value, string? Label) Decode(string encoded)
    {
        var at = encoded.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? (encoded, null) : (encoded[..at], encoded[(at + 1)..]);
    }
}

/// <summary>
/// Counts the values of sorted-set doc-values fields over every matching document, and how many matches fall after
/// each of a few date thresholds (the date facet).
/// </summary>
internal sealed class FacetCollector : ICollector
{
    private readonly string[] _fields;
    private readonly Dictionary<string, int>[] _totals;
    private readonly SortedSetDocValues?[] _values;
    private readonly int[]?[] _segmentCounts;
    private readonly long[] _dateThresholds;
    private readonly int[] _dateCounts;
    private NumericDocValues? _dates;
    private IBits? _hasDate;

    /// <param name="dateThresholds">Unix milliseconds; <see cref="DateCounts"/> counts matches dated at or after each.</param>
    /// <param name="fields">Sorted-set doc-values fields to count.</param>
    public FacetCollector(long[] dateThresholds, params string[] fields)
    {
        _fields = fields;
        _totals = [.. fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
        _values = new SortedSetDocValues?[fields.Length];
        _segmentCounts = new int[]?[fields.Length];
        _dateThresholds = dateThresholds;
        _dateCounts = new int[dateThresholds.Length];
    }

    public bool AcceptsDocsOutOfOrder => true;

    /// <summary>Matches dated at or after each threshold given to the constructor.</summary>
    public IReadOnlyList<int> DateCounts => _dateCounts;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        for (var i = 0; i < _fields.Length; i++)
        {
            var values = context.AtomicReader.GetSortedSetDocValues(_fields[i]);
            _values[i] = values;
            _segmentCounts[i] = values is null ? null : new int[checked((int)values.ValueCount)];
        }

        _dates = _dateThresholds.Length == 0 ? null : context.AtomicReader.GetNumericDocValues(IndexFields.DateSort);
        _hasDate = _dates is null ? null : context.AtomicReader.GetDocsWithField(IndexFields.DateSort);
    }

    public void Collect(int doc)
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            var values = _values[i];
            var counts = _segmentCounts[i];
            if (values is null || counts is null)
            {
                continue;
            }

            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                counts[ord]++;
            }
        }

        if (_dates is not null && (_hasDate is null || _hasDate.Get(doc)))
        {
            var date = _dates.Get(doc);
            for (var i = 0; i < _dateThresholds.Length; i++)
            {
                if (date >= _dateThresholds[i])
                {
                    _dateCounts[i]++;
                }
            }
        }
    }

    /// <summary>
    /// The <paramref name="top"/> most frequent values of a field, largest count first, then by value; a value indexed
    /// with several labels (an entity named differently in two languages) counts once, under its most frequent label.
    /// </summary>
    public IReadOnlyList<FacetCount> Top(string field, int top)
    {
        FlushSegment();
        var index = Array.IndexOf(_fields, field);
        return [.. _totals[index]
            .Select(pair => (Decoded: FacetValues.Decode(pair.Key), Count: pair.Value))
            .GroupBy(entry => entry.Decoded.Value, StringComparer.Ordinal)
            .Select(group => new FacetCount(group.Key, group.Sum(entry => entry.Count))
            {
                Label = group.OrderByDescending(entry => entry.Count).ThenBy(entry => entry.Decoded.Label, StringComparer.Ordinal).First().Decoded.Label,
            })
            .OrderByDescending(facet => facet.Count)
            .ThenBy(facet => facet.Value, StringComparer.Ordinal)
            .Take(top)];
    }

    private void FlushSegment()
    {
        var scratch = new BytesRef();
        for (var i = 0; i < _fields.Length; i++)
        {
            var values = _values[i];
            var counts = _segmentCounts[i];
            if (values is null || counts is null)
            {
                continue;
            }

            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0)
                {
                    continue;
                }

                values.LookupOrd(ord, scratch);
                var value = scratch.Utf8ToString();
                _totals[i][value] = _totals[i].GetValueOrDefault(value) + counts[ord];
            }

            _values[i] = null;
            _segmentCounts[i] = null;
        }
    }
}
