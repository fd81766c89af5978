using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Clustering;

namespace Pipeline.Enricher.Tests.Clustering;

public sealed class EventSignatureTests
{
    [Theory]
    [InlineData("magnitude 7,0", "7")]
    [InlineData("magnitude 7.0", "7")]
    [InlineData("magnitude 7.2 quake", "7.2")]
    [InlineData("1.500 sfollati", "1500")]
    [InlineData("1,500 evacuated", "1500")]
    [InlineData("$1,500,000.50 bill", "1500000.5")]
    [InlineData("4,4 di magnitudo", "4.4")]
    public void Numbers_ItalianAndEnglishWriting_GiveTheSameTerm(string text, string expected) =>
        Assert.Contains(expected, EventSignature.Numbers(text));

    [Theory]
    [InlineData("a 5G network and the 3rd time")]
    [InlineData("only 7 people")]
    public void Numbers_UnitsGluedToDigitsAndSingleDigits_AreNotTerms(string text) =>
        Assert.Empty(EventSignature.Numbers(text));

    [Fact]
    public void Describe_ItalianAndEnglishReportsOfOneDay_ShareDateNumberAndPlaceTerms()
    {
        var italian = Articles.Build("Scossa a Pozzuoli", null, ["Giovedì 13 marzo una scossa di magnitudo 4,4 ha colpito Pozzuoli."]);
        var english = Articles.Build("Quake hits Pozzuoli", null, ["On Thursday, March 13, a magnitude 4.4 quake hit Pozzuoli."]);
        static Enrichment Enrichment(string language) => new()
        {
            Language = new LanguageInfo { Code = language },
            Entities = [new Entity { Name = "Pozzuoli", Type = EntityTypes.Place, Count = 2, Mentions = ["Pozzuoli"] }],
        };

        var it = EventSignature.Describe(italian, Enrichment("it")).Where(t => t.Language is null).Select(t => t.Key).ToHashSet();
        var en = EventSignature.Describe(english, Enrichment("en")).Where(t => t.Language is null).Select(t => t.Key).ToHashSet();

        Assert.Superset(new HashSet<string> { "d:3-13", "d:w4", "n:4.4", "l:pozzuoli", "c:quake", "c:magnitude" }, it.Intersect(en).ToHashSet());
        Assert.Contains("w:it:scossa", EventSignature.Describe(italian, Enrichment("it")).Select(t => t.Key));
    }

    [Fact]
    public void Describe_ItalianAndEnglishWordsForOneHappening_ShareAConceptTerm()
    {
        var italian = Articles.Build("Terremoto in Irpinia", null, ["La scossa ha fatto crollare due case; i soccorritori cercano i dispersi."]);
        var english = Articles.Build("Earthquake in Irpinia", null, ["The quake brought down two houses; rescuers are searching for the missing."]);

        var it = EventSignature.Describe(italian, null).Select(t => t.Key).Where(k => k.StartsWith("c:", StringComparison.Ordinal)).ToHashSet();
        var en = EventSignature.Describe(english, null).Select(t => t.Key).Where(k => k.StartsWith("c:", StringComparison.Ordinal)).ToHashSet();

        Assert.Superset(new HashSet<string> { "c:quake", "c:collapse", "c:rescue", "c:missing" }, it);
        Assert.Superset(new HashSet<string> { "c:quake", "c:rescue", "c:missing" }, en);
    }

    [Theory]
    [InlineData("accordingly", null)]
    [InlineData("arrestato", "arrest")]
    [InlineData("nabbed", "arrest")]
    [InlineData("dimissioni", "resignation")]
    [InlineData("war", "war")]
    [InlineData("warning", null)]
    public void ConceptOf_WholeWordsAndStems(string word, string? concept) =>
        Assert.Equal(concept, EventConcepts.Default.ConceptOf(word));

    [Fact]
    public void Build_DaysResolvedAgainstThePublicationDate_GiveDatesWithTheirYear()
    {
        var published = new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero); // a Friday
        var article = Articles.Build("Scossa ai Campi Flegrei", null, ["La scossa di giovedì 13 marzo è stata la più forte dal 20 maggio 2024."]) with { PublishedAt = published };

        var dates = EventSignature.Build(article, null).Select(t => EventSignature.DateOf(t.Term)).OfType<DateOnly>().ToHashSet();

        Assert.Equal(new HashSet<DateOnly> { new(2025, 3, 14), new(2025, 3, 13), new(2024, 5, 20) }, dates);
    }

    [Fact]
    public void DaysConflict_DatesWithTheirYear_TellLastYearsEventApart()
    {
        static IReadOnlyList<EventTerm> Terms(string text, DateTimeOffset? published = null) =>
            EventSignature.Build(Articles.Build("x", null, [text]) with { PublishedAt = published }, null);
        var fire = Terms("The fire of April 15, 2019 destroyed the spire.");

        Assert.True(StoryVectors.DaysConflict(Terms("The cathedral reopened on December 7, 2024."), fire));
        Assert.False(StoryVectors.DaysConflict(Terms("On April 16, 2019 the president promised to rebuild."), fire));
        Assert.False(StoryVectors.DaysConflict(Terms("The fire on Monday destroyed the spire.", new DateTimeOffset(2019, 4, 16, 8, 0, 0, TimeSpan.Zero)), fire));
    }

    [Fact]
    public void Build_LongArticle_KeepsAtMostMaxTerms()
    {
        var paragraphs = Enumerable.Range(0, 200).Select(i => $"Paragraph number {i * 37} mentions word{i}alpha and token{i}beta together.").ToList();

        var terms = EventSignature.Build(Articles.Build("Long", null, paragraphs), null);

        Assert.Equal(EventSignature.MaxTerms, terms.Count);
    }
}

public sealed class StoryVectorsTests
{
    private static EventTerm Term(long id, float weight, string? language = null) => new(id, weight, language);

    [Fact]
    public void Merge_ManyArticles_KeepsTheCentroidBounded()
    {
        EventTerm[] centroid = [];
        for (var article = 0; article < 100; article++)
        {
            centroid = StoryVectors.Merge(centroid, [.. Enumerable.Range(article * 10, 40).Select(i => Term(i, 0.1f))]);
        }

        Assert.Equal(StoryVectors.CentroidTerms, centroid.Length);
    }

    [Fact]
    public void Similarity_StoryWithoutTheArticlesLanguage_ComparesBridgeTermsOnly()
    {
        EventTerm[] italianStory = [Term(1, 1f), Term(2, 1f), Term(10, 3f, "it")];
        EventTerm[] englishArticle = [Term(1, 1f), Term(2, 1f), Term(20, 3f, "en")];

        var (cosine, bridge) = StoryVectors.Similarity(englishArticle, italianStory);

        Assert.True(bridge);
        Assert.Equal(1.0, cosine, 6);
    }

    [Fact]
    public void Similarity_SameLanguage_UsesEveryTerm()
    {
        EventTerm[] story = [Term(1, 1f), Term(10, 1f, "en")];
        EventTerm[] article = [Term(1, 1f), Term(11, 1f, "en")];

        var (cosine, bridge) = StoryVectors.Similarity(article, story);

        Assert.False(bridge);
        Assert.Equal(0.5, cosine, 6);
    }

    [Fact]
    public void DaysConflict_OnlyWhenBothNameDaysAndNoneIsNear()
    {
        static IReadOnlyList<EventTerm> Terms(string text) => EventSignature.Build(Articles.Build("x", null, [text]), null);
        var march13 = Terms("La scossa del 13 marzo a Pozzuoli.");

        Assert.False(StoryVectors.DaysConflict(Terms("The quake of March 14 in Pozzuoli."), march13));
        Assert.False(StoryVectors.DaysConflict(Terms("The quake in Pozzuoli."), march13));
        Assert.True(StoryVectors.DaysConflict(Terms("The quake of May 20 in Pozzuoli."), march13));
        Assert.Equal((3, 13), march13.Select(t => EventSignature.DayOf(t.Term)).Single(d => d is not null));
    }

    [Fact]
    public void ToBytes_RoundTrips()
    {
        EventTerm[] terms = [Term(long.MinValue, 0.25f), Term(42, 1.5f, "it")];

        Assert.Equal(terms, StoryVectors.FromBytes(StoryVectors.ToBytes(terms)));
    }
}

public sealed class EventTimeTests
{
    [Theory]
    [InlineData("https://www.ilpost.it/2012/05/20/il-terremoto-in-provincia-di-modena/", 2012, 5, 20)]
    [InlineData("http://www.sandiegouniontribune.com/news/2012/may/21/tp-60-quake-kills-four-in-n-italy/", 2012, 5, 21)]
    [InlineData("https://example.org/article/2012-05-19-at-least-four-dead/", 2012, 5, 19)]
    [InlineData("https://example.org/20220714/latest-news/", 2022, 7, 14)]
    [InlineData("https://example.org/26-Sep-2023/boss-dies-in-hospital", 2023, 9, 26)]
    public void UrlDates_DateInThePath_IsTheDay(string url, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), UrlDates.DateOf(new Uri(url)));

    [Theory]
    [InlineData("https://example.org/2012/05/emilia-four-killed.html")]
    [InlineData("https://example.org/napoli-wins-first-scudetto-since-1990-1.1956330")]
    [InlineData("https://example.org/news/2023/13/45/nothing")]
    public void UrlDates_NoFullDate_IsNoDay(string url) => Assert.Null(UrlDates.DateOf(new Uri(url)));

    [Theory]
    [InlineData("https://example.org/sito/2012/luglio/399-flash-al-cern.html", 2012, 7)]
    [InlineData("https://example.org/2011/12/fisica-due-italiani.html", 2011, 12)]
    [InlineData("https://example.org/2012/05/20/story/", 2012, 5)]
    public void UrlDates_YearAndMonthSegments_AreTheMonth(string url, int year, int month) =>
        Assert.Equal(((year - 1970) * 12) + month - 1, UrlDates.MonthOf(new Uri(url)));

    [Fact]
    public void UrlDates_NumbersInsideASlug_AreNoMonth() =>
        Assert.Null(UrlDates.MonthOf(new Uri("https://example.org/napoli-wins-first-scudetto-since-1990-1.1956330")));

    [Theory]
    [InlineData("A Udine basta l'1-1 per lo scudetto", "1-1")]
    [InlineData("Napoli beat Cagliari 2–0 on Friday", "2-0")]
    public void Scores_ResultsInAnyLanguage_AreTerms(string text, string score) => Assert.Equal([score], EventSignature.Scores(text));

    [Theory]
    [InlineData("The quake of 2012-05-20 hit Emilia")]
    [InlineData("Covid-19 and the A-10 road")]
    [InlineData("on 20-05-2012")]
    public void Scores_DatesCodesAndNames_AreNoScores(string text) => Assert.Empty(EventSignature.Scores(text));

    [Fact]
    public void Build_YesterdayAndToday_ResolveAgainstTheOwnDate()
    {
        var article = Articles.Build("Dimissioni", null, ["Ieri sera il premier ha annunciato le dimissioni; oggi il voto."]) with
        {
            PublishedAt = new DateTimeOffset(2022, 7, 15, 9, 0, 0, TimeSpan.Zero),
        };

        var terms = EventSignature.Build(article, null);

        Assert.Contains(new DateOnly(2022, 7, 14), terms.Select(t => EventSignature.DateOf(t.Term)));
        Assert.Equal([new DateOnly(2022, 7, 15)], terms.Select(t => EventSignature.OwnDateOf(t.Term)).OfType<DateOnly>());
    }

    [Fact]
    public void Build_WithoutPublicationDate_TakesTheOwnDateFromTheAddress()
    {
        var article = Articles.Build("Draghi to resign", null, ["Draghi will resign on Thursday night."]) with
        {
            CanonicalUrl = new Uri("https://www.example.org/20220714/latest-italian-pm-draghi-to-resign/"),
        };

        var terms = EventSignature.Build(article, null);

        Assert.Equal([new DateOnly(2022, 7, 14)], terms.Select(t => EventSignature.OwnDateOf(t.Term)).OfType<DateOnly>());
        Assert.Contains(new DateOnly(2022, 7, 14), terms.Select(t => EventSignature.DateOf(t.Term))); // Thursday of that week
    }

    [Theory]
    [InlineData("Notre Dame reopens five years after devastating fire")]
    [InlineData("Sei anni fa la morte di due passeggeri")]
    [InlineData("Costa Concordia, 5 anni fa quel 13 gennaio")]
    public void Describe_LookBackInTheHeadline_IsAConcept(string headline) =>
        Assert.Contains("c:lookback", EventSignature.Describe(Articles.Build(headline, null, ["Text."]), null).Select(t => t.Key));

    [Fact]
    public void DaysConflict_ReportsWrittenAWeekApart_AreOtherEvents()
    {
        static IReadOnlyList<EventTerm> Report(string url) => EventSignature.Build(
            Articles.Build("Draghi resigns", null, ["Prime minister Draghi handed his resignation to the president on Thursday."]) with { CanonicalUrl = new Uri(url) }, null);
        var first = Report("https://a.example/20220714/draghi/");

        Assert.True(StoryVectors.DaysConflict(Report("https://b.example/2022/07/21/draghi-resigns/"), first));
        Assert.False(StoryVectors.DaysConflict(Report("https://b.example/2022/07/15/draghi-resigns/"), first));
        Assert.False(StoryVectors.DaysConflict(Report("https://b.example/draghi-resigns/"), first)); // undated: content decides
    }

    [Fact]
    public void DaysConflict_ReportsWrittenMonthsApart_AreOtherEvents()
    {
        static IReadOnlyList<EventTerm> Report(string url) => EventSignature.Build(
            Articles.Build("Higgs", null, ["Physicists at CERN see signs of the Higgs boson."]) with { CanonicalUrl = new Uri(url) }, null);

        Assert.True(StoryVectors.DaysConflict(Report("https://a.example/2012/luglio/flash-cern.html"), Report("https://b.example/2011/12/fisica.html")));
        Assert.False(StoryVectors.DaysConflict(Report("https://a.example/2012/07/flash-cern.html"), Report("https://b.example/2012/07/04/higgs/")));
    }

    [Fact]
    public void ScoresConflict_AnotherResult_IsAnotherMatch()
    {
        static IReadOnlyList<EventTerm> Report(string text) => EventSignature.Build(Articles.Build("Napoli campione", null, [text]), null);
        var udine = Report("A Udine basta l'1-1: il Napoli è campione d'Italia.");

        Assert.True(StoryVectors.ScoresConflict(Report("Napoli beat Cagliari 2-0 to win the title."), udine));
        Assert.False(StoryVectors.ScoresConflict(Report("A 1-1 draw in Udine gave Napoli the title."), udine));
        Assert.False(StoryVectors.ScoresConflict(Report("Napoli won the title."), udine));
    }

    [Fact]
    public void Merge_ManyReports_KeepsOwnDatesAndScoresBounded()
    {
        EventTerm[] centroid = [];
        for (var day = 0; day < 40; day++)
        {
            var article = Articles.Build("Match report", null, [$"The final score was {day % 20}-{day % 7}."]) with
            {
                PublishedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(day),
            };
            centroid = StoryVectors.Merge(centroid, EventSignature.Build(article, null));
        }

        Assert.Equal(StoryVectors.CentroidDates, centroid.Count(t => EventSignature.OwnDateOf(t.Term) is not null));
        Assert.Equal(new DateOnly(2025, 2, 9), centroid.Select(t => EventSignature.OwnDateOf(t.Term)).OfType<DateOnly>().Max());
        Assert.True(centroid.Count(t => EventSignature.IsScore(t.Term)) <= StoryVectors.CentroidDates);
        Assert.True(centroid.Length <= StoryVectors.CentroidTerms + (3 * StoryVectors.CentroidDates));
    }
}
