using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Clustering;

namespace Pipeline.Enricher.Tests.Clustering;

/// <summary>
/// What every <see cref="IStoryClusterStore"/> must do; run against SQLite and against a real PostgreSQL by
/// the derived test classes. <see cref="CreateStoreAsync"/> returns a new store object on the same database
/// each time, as a second enricher replica would have.
/// </summary>
public abstract class StoryClusterStoreContract
{
    protected static readonly string[] QuakeStory =
    [
        "SAN SALVADOR A strong earthquake off the Pacific Coast of Central America shook the region on Thursday, and could prompt hazardous tsunami waves, U.S. monitoring agencies said, just as a hurricane barreled into the Caribbean coasts of Nicaragua and Costa Rica.",
        "Emergency services in El Salvador said on Twitter there were no immediate reports of damage at a national level.",
        "The 7.0 magnitude quake, initially reported as a magnitude 7.2, was very shallow at 10.3 kilometers (6.4 miles) below the seabed, which would have amplified its effect.",
        "Nicaraguan President Daniel Ortega declared a state of emergency due to the quake and Hurricane Otto, which landed on the country's southeastern coast earlier on Thursday, his spokeswoman said.",
        "The Pacific Tsunami Warning Center warned that hazardous tsunami waves are possible for coasts located within 300 kilometers (186 miles) of the earthquake epicenter.",
    ];

    private static readonly string[] SenateStory =
    [
        "WASHINGTON (AP) — An exhausted Senate has narrowly approved a $1.9 trillion COVID-19 relief bill.",
        "The vote gives President Joe Biden and his Democratic allies a victory that they say is crucial for hoisting the country out of the pandemic and economic doldrums.",
        "Final passage came after the Senate voted all night on a series of amendments. Nearly all were from Republicans and were rejected.",
        "Senate passage sets up final congressional approval by the House next week.",
        "Not a single Republican backed the bill in the Senate or when it initially passed the House.",
    ];

    private static readonly string[] RomeStory =
    [
        "Roma, 2 ott. (Adnkronos) - Il ministro Nordio è a Londra per colloqui col suo omologo britannico e il ministro Piantedosi si trova ad Avellino per il G7 dei ministri dell'Interno.",
        "Così il sottosegretario alla presidenza del Consiglio, Alfredo Mantovano, illustrando i contenuti del decreto flussi in conferenza stampa, al termine del Cdm.",
        "Il decreto flussi prevede nuove regole per gli ingressi dei lavoratori stranieri e per i controlli sulle domande presentate dai datori di lavoro.",
        "Le opposizioni hanno criticato il provvedimento, giudicato insufficiente rispetto al fabbisogno delle imprese italiane.",
    ];

    // Two independent reports of one (invented) event: other words, the same places, people and figures.
    private static readonly string[] LandslideReport =
    [
        "A landslide struck the village of Tartano in Valtellina on Tuesday night, killing 3 people and forcing 140 residents from their homes, the regional civil protection agency said.",
        "Rescuers worked through the night with dogs and excavators; the mayor, Lucia Bertolini, said the road to Sondrio would stay closed for at least 10 days.",
        "Heavy rain, 210 millimetres in 24 hours, had soaked the slope above the village since Sunday.",
    ];

    private static readonly string[] LandslideRewrite =
    [
        "Three people died when a wall of mud and rocks came down on Tartano, a small village in Valtellina, late on Tuesday, and 140 residents had to leave their homes.",
        "Mayor Lucia Bertolini said the provincial road towards Sondrio will remain closed for 10 days or more while rescuers with sniffer dogs search the rubble of the landslide.",
        "The slope gave way after 210 millimetres of rain fell in 24 hours.",
    ];

    // The same mayor and village, another event.
    private static readonly string[] MayorElected =
    [
        "Lucia Bertolini, the mayor of Tartano, was elected president of the association of mountain municipalities at its congress in Milan on Saturday, with 61 votes out of 90.",
        "She promised to press the government for more money for schools and broadband in small towns.",
    ];

    // One (invented) event told by an Italian and an English outlet, in their own words: the bridge between them is
    // the linked place and person, the figures, the day and what happened (fire, evacuated), not the words.
    private static readonly string[] DepotFireItalian =
    [
        "Brescia, incendio in un deposito di rifiuti: evacuate 300 persone",
        "Un vasto incendio è divampato nella notte di martedì 14 ottobre in un deposito di rifiuti alla periferia di Brescia. I vigili del fuoco hanno lavorato per ore per domare le fiamme.",
        "Il sindaco Marco Ferrandi ha ordinato l'evacuazione di 300 residenti delle palazzine vicine e ha chiesto a tutti di tenere chiuse le finestre per il fumo.",
        "Non ci sono feriti. L'agenzia regionale per l'ambiente misurerà la qualità dell'aria nei prossimi giorni; la procura ha aperto un'inchiesta.",
    ];

    private static readonly string[] DepotFireEnglish =
    [
        "Waste depot blaze in northern Italy forces hundreds from their homes",
        "A large fire broke out overnight on Tuesday, October 14, at a waste depot on the outskirts of Brescia, and firefighters battled the flames for hours.",
        "Mayor Marco Ferrandi ordered 300 people living in nearby buildings to leave and told others to keep their windows shut against the smoke.",
        "Nobody was injured. Prosecutors have opened an investigation, and the regional environment agency will check the air in the coming days.",
    ];

    // The same mayor and city two days later, another event (and another day).
    private static readonly string[] CyclePlanItalian =
    [
        "Brescia, il sindaco Ferrandi presenta il piano delle piste ciclabili",
        "Il sindaco di Brescia Marco Ferrandi ha presentato giovedì 16 ottobre il piano per 40 chilometri di nuove piste ciclabili da completare entro il 2028.",
        "Il progetto costerà 12 milioni di euro, in parte coperti dalla Regione Lombardia; i lavori cominceranno in primavera dai quartieri a sud della città.",
    ];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    /// <summary>A new store object on this test's database.</summary>
    protected abstract Task<IStoryClusterStore> CreateStoreAsync();

    [Fact]
    public async Task PruneAsync_RemovesOnlyArticlesBeforeTheCutoff_AndLaterCopiesNoLongerJoinThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await CreateStoreAsync();
        var clusterer = Clusterer(store);
        var old = await clusterer.AssignAsync(Variant(QuakeStory, "reuters", 0), ct);
        Time.Advance(TimeSpan.FromDays(2));
        var recent = await clusterer.AssignAsync(Variant(SenateStory, "ap", 0), ct);

        var removed = await store.PruneAsync(Time.GetUtcNow().AddDays(-1), ct);
        var again = await store.PruneAsync(Time.GetUtcNow().AddDays(-1), ct);

        Assert.Equal(1, removed);
        Assert.Equal(0, again);
        var quakeCopy = await clusterer.AssignAsync(Variant(QuakeStory, "bangor", 1), ct);
        var senateCopy = await clusterer.AssignAsync(Variant(SenateStory, "npr", 1), ct);
        Assert.NotEqual(old.ClusterId, quakeCopy.ClusterId);
        Assert.Equal(recent.ClusterId, senateCopy.ClusterId);
    }

    [Fact]
    public async Task AssignAsync_FirstArticle_StartsClusterNamedAfterIt()
    {
        var clusterer = Clusterer(await CreateStoreAsync());
        var article = Variant(QuakeStory, "reuters", 0);

        var cluster = await clusterer.AssignAsync(article, TestContext.Current.CancellationToken);

        Assert.Equal(StoryClusterRules.ClusterIdFor(article.ArticleId), cluster.ClusterId);
        Assert.Matches("^c-[0-9a-f]{16}$", cluster.ClusterId);
        Assert.Equal(NearDuplicates.ToHex(NearDuplicates.Fingerprint(article)), cluster.Fingerprint);
        Assert.Equal(1.0, cluster.Similarity);
    }

    [Fact]
    public async Task AssignAsync_NearDuplicateAndOtherStory_JoinAndStartClusters()
    {
        var clusterer = Clusterer(await CreateStoreAsync());
        var ct = TestContext.Current.CancellationToken;

        var first = await clusterer.AssignAsync(Variant(QuakeStory, "reuters", 0), ct);
        var copy = await clusterer.AssignAsync(Variant(QuakeStory, "bangor", 3), ct);
        var other = await clusterer.AssignAsync(Variant(SenateStory, "ap", 0), ct);
        var italian = await clusterer.AssignAsync(Variant(RomeStory, "adnkronos", 0), ct);

        Assert.Equal(first.ClusterId, copy.ClusterId);
        Assert.InRange(copy.Similarity, NearDuplicates.DefaultThreshold, 0.999);
        Assert.NotEqual(first.ClusterId, other.ClusterId);
        Assert.NotEqual(first.ClusterId, italian.ClusterId);
        Assert.NotEqual(other.ClusterId, italian.ClusterId);
    }

    [Fact]
    public async Task AssignAsync_SameArticleAgain_ReturnsTheSameClusterFromAnyStoreObject()
    {
        var ct = TestContext.Current.CancellationToken;
        var replica1 = Clusterer(await CreateStoreAsync());
        var copy = Variant(QuakeStory, "bangor", 2);
        await replica1.AssignAsync(Variant(QuakeStory, "reuters", 0), ct);
        var assigned = await replica1.AssignAsync(copy, ct);

        var again = await replica1.AssignAsync(copy, ct);
        var replica2 = Clusterer(await CreateStoreAsync());
        var elsewhere = await replica2.AssignAsync(copy, ct);

        Assert.Equal(assigned, again);
        Assert.Equal(assigned, elsewhere);
    }

    [Fact]
    public async Task AssignAsync_CopyAfterTheWindow_StartsANewCluster()
    {
        var ct = TestContext.Current.CancellationToken;
        var clusterer = Clusterer(await CreateStoreAsync());
        var first = await clusterer.AssignAsync(Variant(QuakeStory, "reuters", 0), ct);

        Time.Advance(TimeSpan.FromDays(6));
        var inside = await clusterer.AssignAsync(Variant(QuakeStory, "bangor", 1), ct);
        Time.Advance(TimeSpan.FromDays(7.5));
        var outside = await clusterer.AssignAsync(Variant(QuakeStory, "late", 2), ct);

        Assert.Equal(first.ClusterId, inside.ClusterId);
        Assert.NotEqual(first.ClusterId, outside.ClusterId);
        Assert.Equal(1.0, outside.Similarity);
    }

    [Fact]
    public async Task AssignAsync_TwoReplicasConcurrentlyOnNearDuplicates_GiveEachStoryOneCluster()
    {
        var ct = TestContext.Current.CancellationToken;
        var replicas = new[] { Clusterer(await CreateStoreAsync()), Clusterer(await CreateStoreAsync()) };
        var stories = new[] { ("quake", QuakeStory), ("senate", SenateStory), ("rome", RomeStory) };
        // Twelve outlets per story, the stories interleaved, the replicas alternating, everything started at once.
        var articles = Enumerable.Range(0, 12)
            .SelectMany(i => stories.Select(story => (Story: story.Item1, Article: Variant(story.Item2, $"{story.Item1}-outlet{i}", i))))
            .ToList();
        using var start = new SemaphoreSlim(0);
        var tasks = articles
            .Select((a, i) => Task.Run(async () =>
            {
                await start.WaitAsync(ct);
                var cluster = await replicas[i % 2].AssignAsync(a.Article, ct);
                return (a.Story, cluster.ClusterId);
            }, ct))
            .ToList();
        start.Release(tasks.Count);
        var results = await Task.WhenAll(tasks);

        var clustersByStory = results.GroupBy(r => r.Story).ToDictionary(g => g.Key, g => g.Select(r => r.ClusterId).Distinct().ToList());
        Assert.All(clustersByStory, entry => Assert.Single(entry.Value));
        Assert.Equal(3, clustersByStory.Values.Select(v => v[0]).Distinct().Count());
    }

    [Fact]
    public async Task AssignAsync_IndependentRewritesOfOneEvent_ShareAStory_AndAnotherEventOfTheSamePeopleDoesNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var clusterer = Clusterer(await CreateStoreAsync());

        var report = await AssignStoryAsync(clusterer, LandslideReport, "ansa", 0, ct);
        var rewrite = await AssignStoryAsync(clusterer, LandslideRewrite, "reuters", 0, ct);
        var other = await AssignStoryAsync(clusterer, MayorElected, "agi", 0, ct);

        Assert.Equal(report.ClusterId, rewrite.ClusterId);
        Assert.Null(rewrite.DuplicateOf);
        Assert.InRange(rewrite.Similarity, ClusteringOptions.DefaultPlaceThreshold, 0.999);
        Assert.NotEqual(report.ClusterId, other.ClusterId);
        Assert.Equal(1.0, other.Similarity);
    }

    [Fact]
    public async Task AssignAsync_ItalianAndEnglishReportsOfOneEvent_ShareAStory_AndTheSameMayorsOtherNewsDoesNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var clusterer = Clusterer(await CreateStoreAsync());

        var italian = await clusterer.AssignAsync(Story(DepotFireItalian, "giornale-di-brescia"), Linked(DepotFireItalian, "it"), ct);
        Time.Advance(TimeSpan.FromHours(3));
        var english = await clusterer.AssignAsync(Story(DepotFireEnglish, "wire"), Linked(DepotFireEnglish, "en"), ct);
        Time.Advance(TimeSpan.FromHours(30));
        var other = await clusterer.AssignAsync(Story(CyclePlanItalian, "bresciaoggi"), Linked(CyclePlanItalian, "it"), ct);

        Assert.Equal(italian.ClusterId, english.ClusterId);
        Assert.Null(english.DuplicateOf);
        Assert.NotEqual(italian.ClusterId, other.ClusterId);
    }

    [Fact]
    public async Task AssignAsync_NearDuplicate_JoinsTheStory_AndNamesTheFirstCopy()
    {
        var ct = TestContext.Current.CancellationToken;
        var clusterer = Clusterer(await CreateStoreAsync());

        var first = await clusterer.AssignAsync(Variant(QuakeStory, "reuters", 0), ct);
        var copy = await clusterer.AssignAsync(Variant(QuakeStory, "bangor", 3), ct);
        var later = await clusterer.AssignAsync(Variant(QuakeStory, "yahoo", 2), ct);

        Assert.Null(first.DuplicateOf);
        Assert.Equal("reuters:0", copy.DuplicateOf);
        Assert.Equal("reuters:0", later.DuplicateOf);
        Assert.Equal(first.ClusterId, later.ClusterId);
    }

    [Fact]
    public async Task AssignAsync_StoryAfterItsWindow_IsNotJoinedByARewrite()
    {
        var ct = TestContext.Current.CancellationToken;
        var clusterer = Clusterer(await CreateStoreAsync());
        var report = await AssignStoryAsync(clusterer, LandslideReport, "ansa", 0, ct);

        Time.Advance(TimeSpan.FromHours(new ClusteringOptions().StoryWindowHours + 1));
        var late = await AssignStoryAsync(clusterer, LandslideRewrite, "reuters", 0, ct);

        Assert.NotEqual(report.ClusterId, late.ClusterId);
    }

    [Fact]
    public async Task AssignAsync_TwoReplicasRacingOnOneStoryOfRewrites_GiveItOneStory()
    {
        var ct = TestContext.Current.CancellationToken;
        var replicas = new[] { Clusterer(await CreateStoreAsync()), Clusterer(await CreateStoreAsync()) };
        // Eight outlets copy each of two independent reports whole (their own headline): no copy of one is a
        // near-duplicate of the other, yet all sixteen tell one event. All start at once (the two first reports
        // included), the replicas alternating.
        var articles = Enumerable.Range(0, 8)
            .SelectMany(i => new[] { (Text: LandslideReport, Outlet: $"wire-a{i}", Variant: WholeText), (Text: LandslideRewrite, Outlet: $"wire-b{i}", Variant: WholeText) })
            .ToList();
        using var start = new SemaphoreSlim(0);
        var tasks = articles
            .Select((a, i) => Task.Run(async () =>
            {
                await start.WaitAsync(ct);
                return (await AssignStoryAsync(replicas[i % 2], a.Text, a.Outlet, a.Variant, ct)).ClusterId;
            }, ct))
            .ToList();
        start.Release(tasks.Count);
        var stories = await Task.WhenAll(tasks);

        Assert.Single(stories.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AssignAsync_TwoFirstReportsOfAnEventAtOnceOnTwoReplicas_StartOneStory()
    {
        var ct = TestContext.Current.CancellationToken;
        var replicas = new[] { Clusterer(await CreateStoreAsync()), Clusterer(await CreateStoreAsync()) };
        // Eight rounds, each a new event (the windows of the previous one have passed): its first report and its
        // first rewrite reach the two replicas at the same instant.
        for (var round = 0; round < 8; round++)
        {
            using var start = new SemaphoreSlim(0);
            var tasks = new[] { (LandslideReport, $"round{round}-a"), (LandslideRewrite, $"round{round}-b") }
                .Select((a, i) => Task.Run(async () =>
                {
                    await start.WaitAsync(ct);
                    return (await AssignStoryAsync(replicas[i], a.Item1, a.Item2, WholeText, ct)).ClusterId;
                }, ct))
                .ToList();
            start.Release(tasks.Count);
            var stories = await Task.WhenAll(tasks);

            Assert.True(stories[0] == stories[1], $"round {round}: two stories {stories[0]} and {stories[1]}");
            Time.Advance(TimeSpan.FromDays(new ClusteringOptions().WindowDays + 1));
        }
    }

    /// <summary>A <see cref="Variant"/> number that drops no paragraph.</summary>
    private const int WholeText = -1;

    /// <summary>Assigns a variant of <paramref name="story"/> with the enrichment the enricher would give it (places, the mayor), written here so the test does not depend on the recogniser.</summary>
    private static Task<StoryCluster> AssignStoryAsync(StoryClusterer clusterer, string[] story, string outlet, int variant, CancellationToken ct)
    {
        var article = Variant(story, outlet, variant);
        var text = string.Join(" ", article.Body.Paragraphs);
        var entities = new[] { ("Tartano", EntityTypes.Place), ("Valtellina", EntityTypes.Place), ("Sondrio", EntityTypes.Place), ("Milan", EntityTypes.Place), ("Lucia Bertolini", EntityTypes.Person) }
            .Where(e => text.Contains(e.Item1, StringComparison.Ordinal))
            .Select(e => new Entity { Name = e.Item1, Type = e.Item2, Count = 1, Mentions = [e.Item1] })
            .ToList();
        var enrichment = new Enrichment { Language = new LanguageInfo { Code = "en" }, Entities = entities };
        return clusterer.AssignAsync(article, enrichment, ct);
    }

    /// <summary>A headline and paragraphs as one outlet's article.</summary>
    private static CanonicalArticle Story(string[] text, string outlet) =>
        Articles.Build(text[0], null, text[1..]) with { ArticleId = outlet + ":1" };

    /// <summary>
    /// The enrichment the enricher gives these texts, written here: linked entities carry one id in every language
    /// (Brescia is a GeoNames city; the mayor a person id), as <c>EntityLinker</c> gives them.
    /// </summary>
    private static Enrichment Linked(string[] text, string language)
    {
        var all = string.Join(" ", text);
        var entities = new[]
            {
                ("Brescia", "Brescia", EntityTypes.Place, "geonames:3181554"),
                ("Marco Ferrandi", "Marco Ferrandi", EntityTypes.Person, "pipeline:person:marco-ferrandi"),
                ("Regione Lombardia", "Lombardy", EntityTypes.Place, "pipeline:place:lombardy"),
                ("Italy", "Italy", EntityTypes.Place, "geonames:3175395"),
            }
            .Where(e => all.Contains(e.Item1, StringComparison.Ordinal))
            .Select(e => new Entity { Name = e.Item2, Type = e.Item3, Id = e.Item4, Count = 1, Mentions = [e.Item1] })
            .ToList();
        return new Enrichment { Language = new LanguageInfo { Code = language }, Entities = entities };
    }

    /// <summary>
    /// The story as outlet <paramref name="outlet"/> published it: its own headline, and every paragraph but
    /// one (which one depends on <paramref name="variant"/>), so any two variants are near-duplicates.
    /// </summary>
    protected static CanonicalArticle Variant(string[] story, string outlet, int variant) =>
        Articles.Build($"{outlet}: {story[0][..40]}", null, story.Where((_, i) => i != variant % story.Length).ToList())
            with { ArticleId = $"{outlet}:{variant}" };

    protected StoryClusterer Clusterer(IStoryClusterStore store) =>
        new(store, Options.Create(new ClusteringOptions()), Time, NullLogger<StoryClusterer>.Instance);
}
