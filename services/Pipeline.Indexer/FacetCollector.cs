using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Pipeline.Indexer;

/// <summary>Counts the values of sorted-set doc-values fields over every matching document.</summary>
internal sealed class FacetCollector : ICollector
{
    private readonly string[] _fields;
    private readonly Dictionary<string, int>[] _totals;
    private readonly SortedSetDocValues?[] _values;
    private readonly int[]?[] _segmentCounts;

    public FacetCollector(params string[] fields)
    {
        _fields = fields;
        _totals = [.. fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
        _values = new SortedSetDocValues?[fields.Length];
        _segmentCounts = new int[]?[fields.Length];
    }

    public bool AcceptsDocsOutOfOrder => true;

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
    }

    /// <summary>The <paramref name="top"/> most frequent values of a field, largest count first, then by value.</summary>
    public IReadOnlyList<FacetCount> Top(string field, int top)
    {
        FlushSegment();
        var index = Array.IndexOf(_fields, field);
        return [.. _totals[index]
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(pair => new FacetCount(pair.Key, pair.Value))];
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
