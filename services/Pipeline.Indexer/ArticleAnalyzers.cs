using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.It;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Pipeline.Indexer;

/// <summary>
/// Per-language analysis: <c>*_it</c> fields use Italian stemming and stop words, <c>*_en</c> English,
/// <c>*_std</c> a plain tokenizer without stop words (every article is indexed there too, so exact
/// words match in any language).
/// </summary>
internal sealed class ArticleAnalyzers : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly Analyzer _italian = new ItalianAnalyzer(Version);
    private readonly Analyzer _english = new EnglishAnalyzer(Version);
    private readonly Analyzer _standard = new StandardAnalyzer(Version, new CharArraySet(Version, 0, ignoreCase: true));

    public ArticleAnalyzers()
    {
        PerField = new PerFieldAnalyzerWrapper(_standard, new Dictionary<string, Analyzer>(StringComparer.Ordinal)
        {
            [IndexFields.Title(IndexFields.Italian)] = _italian,
            [IndexFields.Text(IndexFields.Italian)] = _italian,
            [IndexFields.Title(IndexFields.English)] = _english,
            [IndexFields.Text(IndexFields.English)] = _english,
        });
    }

    /// <summary>Routes each field to its language's analyzer; for the writer and the query parser.</summary>
    public Analyzer PerField { get; }

    /// <summary>The analyzer of an analyzer key (<see cref="IndexFields.AnalyzerKey"/>).</summary>
    public Analyzer For(string analyzerKey) => analyzerKey switch
    {
        IndexFields.Italian => _italian,
        IndexFields.English => _english,
        _ => _standard,
    };

    public void Dispose()
    {
        PerField.Dispose();
        _italian.Dispose();
        _english.Dispose();
        _standard.Dispose();
    }
}
