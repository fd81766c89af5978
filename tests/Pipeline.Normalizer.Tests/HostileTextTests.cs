using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;

namespace Pipeline.Normalizer.Tests;

/// <summary>
/// Issue 11, "text from outside is clean text": control characters, bidi overrides and isolates, and invisible
/// characters never reach headlines, names, bylines, bodies or ids; ZWJ/ZWNJ stay where a script needs them.
/// </summary>
public sealed class HostileTextTests
{
    /// <summary>Bidi embeddings, overrides and isolates, zero-width and other invisible format characters, C0/C1 controls.</summary>
    public static TheoryData<string> Hostile => new()
    {
        "\u202E", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200B", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\uFEFF", "\u00AD", "\u180E", "\u206A", "\u206F",
        "\uFFF9", "\uFFFA", "\uFFFB", "\u200D", "\u200C", "\u200D\u200D\u200C", "\uDB40\uDC41", "\uDB40\uDC01",
        "\u0007", "\u001B", "\u0000", "\u007F", "\u0081", "\uD800",
    };

    private static readonly DispatchNormalizer Normalizer = DispatchNormalizer.CreateDefault();

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Clean_RemovesHostileCharacterInsideLatinWord(string hostile)
    {
        var cleaned = Pipeline.Normalizer.Text.TextCleaner.Clean($"Pu{hostile}tin {hostile}meets{hostile} Kim");
        Assert.Equal("Putin meets Kim", cleaned);
    }

    [Theory]
    [InlineData("می\u200Cخواهم")] // Persian: ZWNJ between letters of one word
    [InlineData("क्\u200Dष")] // Devanagari: ZWJ asks for a half form
    [InlineData("ශ්\u200Dර")] // Sinhala: ZWJ for a conjunct
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467")] // family emoji ZWJ sequence
    [InlineData("\U0001F3F3\uFE0F\u200D\U0001F308")] // rainbow flag: VS16 then ZWJ
    [InlineData("\U0001F469\U0001F3FD\u200D\U0001F4BB")] // skin tone, ZWJ
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F")] // England flag: tag sequence
    [InlineData("עברית\u200Fטקסט")] // RLM is a mark, not an override: kept
    [InlineData("\u0600\u0661\u0662")] // Arabic number sign: a visible format character, kept
    public void Clean_KeepsJoinersAndMarksWhereAScriptNeedsThem(string text)
    {
        Assert.Equal(text, Pipeline.Normalizer.Text.TextCleaner.Clean(text));
    }

    [Theory]
    [InlineData("a\u200B\u200Bb", "ab")]
    [InlineData("\u200Dمی", "می")] // a joiner with nothing to join
    [InlineData("می\u200C", "می")]
    [InlineData("می \u200C خواهم", "می خواهم")]
    [InlineData("\U000E0041\U000E0042hidden", "hidden")] // tag characters outside a flag sequence smuggle invisible ASCII
    [InlineData("end\u202E\u2066", "end")]
    public void Clean_RemovesJoinersAndTagsWithNothingToJoin(string text, string expected)
    {
        Assert.Equal(expected, Pipeline.Normalizer.Text.TextCleaner.Clean(text));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Normalize_RssItem_HostileCharactersNeverReachTheArticle(string hostile)
    {
        // As character references: a control character XML forbids is dropped by the repair pass, the others are kept by the parser.
        var h = XmlReferences(hostile);
        var item = $"<item><title>Pu{h}tin{h} meets Kim</title><link>https://example.org/a</link><guid isPermaLink=\"false\">id{h}-1</guid>"
            + $"<author>jane@example.org (Jane{h} Doe)</author><dc:creator>Mario{h} Rossi</dc:creator><category>Es{h}teri</category>"
            + $"<description>&lt;p&gt;First{h} paragraph.&lt;/p&gt;&lt;p title=\"x{h}y\"&gt;Second {h}paragraph.&lt;/p&gt;</description>"
            + $"<enclosure url=\"https://example.org/a.jpg\" type=\"image/jpeg\"/><media:content url=\"https://example.org/b.jpg\" medium=\"image\"><media:description>Cap{h}tion</media:description><media:credit>Cre{h}dit</media:credit></media:content>"
            + $"<source url=\"https://example.org/feed\">Ori{h}gin</source></item>";
        var feed = "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>c</title><link>https://example.org/</link><description>d</description>"
            + item + "</channel></rss>";
        var articles = Normalizer.Normalize(TestDispatches.Create(feed, formatHint: DispatchFormats.Rss));
        var article = Assert.Single(articles);
        Assert.Equal("Putin meets Kim", article.Headline.Main);
        Assert.Equal(["First paragraph.", "Second paragraph."], article.Body.Paragraphs);
        Assert.Equal("id-1", article.ItemGuid);
        Assert.Contains(article.Authors, a => a.Name == "Jane Doe");
        Assert.Contains(article.Authors, a => a.Name == "Mario Rossi");
        Assert.Equal(["Esteri"], article.Subjects);
        AssertClean(article);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Normalize_JsonFeed_HostileCharactersNeverReachTheArticle(string hostile)
    {
        var h = string.Concat(hostile.Select(c => $"\\u{(int)c:x4}"));
        var feed = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"f\", \"items\": [{"
            + $"\"id\": \"id{h}-1\", \"title\": \"Pu{h}tin meets{h} Kim\", \"url\": \"https://example.org/a\","
            + $"\"content_html\": \"<p>First{h} paragraph.</p><p>Second {h}paragraph.</p>\", \"tags\": [\"Es{h}teri\"],"
            + $"\"authors\": [{{\"name\": \"Jane{h} Doe\"}}], \"attachments\": [{{\"url\": \"https://example.org/a.mp3\", \"title\": \"Ti{h}tle\"}}]}}]}}";
        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(feed)));
        Assert.Equal("Putin meets Kim", article.Headline.Main);
        Assert.Equal(["First paragraph.", "Second paragraph."], article.Body.Paragraphs);
        Assert.Equal("id-1", article.ItemGuid);
        Assert.Equal("Jane Doe", Assert.Single(article.Authors).Name);
        Assert.Equal(["Esteri"], article.Subjects);
        AssertClean(article);
    }

    [Fact]
    public void Normalize_AgencyText_BidiAndInvisibleCharactersRemoved()
    {
        var text = Pipeline.Testing.Samples.Read(Pipeline.Testing.Samples.PrimaNotizia)
            .Replace("Putin", "Pu\u202Etin", StringComparison.Ordinal)
            .Replace("Renato", "Re\u200Bnato", StringComparison.Ordinal)
            .Replace("Pyongyang", "Pyong\u2066yang", StringComparison.Ordinal);
        var article = Assert.Single(Normalizer.Normalize(TestDispatches.Create(text)));
        Assert.Contains("Putin", article.Headline.Main, StringComparison.Ordinal);
        Assert.Contains(article.Authors, a => a.Name == "Renato Narciso");
        Assert.Equal("Pyongyang", article.Dateline?.Place);
        AssertClean(article);
    }

    private static string XmlReferences(string text)
    {
        var references = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsSurrogatePair(text, i);
            references.Append("&#x").Append((pair ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i]).ToString("X", System.Globalization.CultureInfo.InvariantCulture)).Append(';');
            i += pair ? 1 : 0;
        }

        return references.ToString();
    }

    /// <summary>No hostile character in any text an article carries (the same check the fuzzer applies).</summary>
    internal static void AssertClean(CanonicalArticle article)
    {
        foreach (var (what, value) in Texts(article))
        {
            Assert.True(IsClean(value, out var index), $"{what} carries U+{(index >= 0 && value is not null ? (int)value[index] : 0):X4} at {index}: '{value}'");
        }
    }

    internal static IEnumerable<(string What, string? Value)> Texts(CanonicalArticle article)
    {
        yield return ("headline", article.Headline.Main);
        yield return ("sub-headline", article.Headline.Sub);
        yield return ("lead", article.Lead);
        yield return ("item guid", article.ItemGuid);
        yield return ("html", article.Body.Html);
        foreach (var p in article.Body.Paragraphs)
        {
            yield return ("paragraph", p);
        }

        foreach (var a in article.Authors)
        {
            yield return ("author", a.Name);
            yield return ("author role", a.Role);
            yield return ("author contact", a.Contact);
        }

        foreach (var s in article.Sections.Concat(article.Subjects))
        {
            yield return ("section/subject", s);
        }

        foreach (var m in article.Media)
        {
            yield return ("media caption", m.Caption);
            yield return ("media credit", m.Credit);
        }

        yield return ("dateline place", article.Dateline?.Place);
        yield return ("dateline country", article.Dateline?.Country);
        yield return ("dateline text", article.Dateline?.Text);
        yield return ("original source", article.OriginalSource?.Title);
        yield return ("location name", article.Location?.Name);
    }

    /// <summary>False at the first C0/C1 control (tab and line feed allowed in HTML), bidi embedding/override/isolate, zero-width space, word joiner, invisible operator, BOM, soft hyphen, or lone surrogate.</summary>
    internal static bool IsClean(string? value, out int index)
    {
        index = -1;
        if (value is null)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var bad = (c < 0x20 && c is not '\n' and not '\t') || c is >= '\u007F' and <= '\u009F'
                || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is >= '\u2060' and <= '\u2064'
                || c is '\u200B' or '\uFEFF' or '\u00AD' or '\u180E' or '\uFFF9' or '\uFFFA' or '\uFFFB'
                || (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])));
            if (bad)
            {
                index = i;
                return false;
            }
        }

        return true;
    }
}
