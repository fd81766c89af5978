using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;

namespace Pipeline.Testing;

/// <summary>
/// Real article text (the development gold set, copied next to the tests as <c>corpus/*.json</c>) turned into RSS
/// documents whose items are unique by GUID and headline, for load and fault runs over the real workers.
/// </summary>
public sealed class LoadCorpus
{
    private readonly IReadOnlyList<(string Headline, string Body)> _articles;

    private LoadCorpus(IReadOnlyList<(string Headline, string Body)> articles) => _articles = articles;

    /// <summary>The corpus copied into the output folder of the running program.</summary>
    public static LoadCorpus Load() => Load(Path.Combine(AppContext.BaseDirectory, "corpus"));

    public static LoadCorpus Load(string folder)
    {
        var articles = Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            var paragraphs = root.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!);
            return (root.GetProperty("headline").GetString()!, string.Join("\n", paragraphs.Select(p => $"<p>{SecurityElement.Escape(p)}</p>")));
        }).ToList();
        return articles.Count > 0 ? new LoadCorpus(articles) : throw new FileNotFoundException($"No corpus articles in {folder}.");
    }

    /// <summary>
    /// An RSS 2.0 document of <paramref name="items"/> items numbered from <paramref name="first"/>, each with the GUID
    /// <c>{idPrefix}-{number}</c> (so its article id is fixed by the source and that number) and a real article's text.
    /// </summary>
    public string Rss(string idPrefix, int first, int items)
    {
        var rss = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Load</title><link>http://127.0.0.1/</link><description>load</description>");
        for (var number = first; number < first + items; number++)
        {
            var (headline, body) = _articles[number % _articles.Count];
            var id = $"{idPrefix}-{number.ToString(CultureInfo.InvariantCulture)}";
            rss.Append(CultureInfo.InvariantCulture, $"<item><title>{SecurityElement.Escape(headline)} ({id})</title><guid isPermaLink=\"false\">{id}</guid><pubDate>Wed, 13 Aug 2025 10:00:00 GMT</pubDate><description><![CDATA[{body}]]></description></item>");
        }

        rss.Append("</channel></rss>");
        return rss.ToString();
    }
}
