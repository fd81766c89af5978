using Pipeline.Contracts.Articles;
using Pipeline.Messaging.Routing;
using Pipeline.Testing;

namespace Pipeline.Contracts.Tests;

/// <summary>The routing key, headers and subscription bindings of <c>pipeline.articles</c>.</summary>
public class EventRoutesTests
{
    [Theory]
    [InlineData("it", "it")]
    [InlineData("IT", "it")]
    [InlineData("prima.notizia#24*", "prima-notizia-24")]
    [InlineData("  Agenzia Nova / Roma ", "agenzia-nova-roma")]
    [InlineData("", "none")]
    [InlineData(null, "none")]
    [InlineData("...", "none")]
    public void Token_IsLowerCase_WithoutDotsOrWildcards(string? value, string expected) => Assert.Equal(expected, EventRoutes.Token(value));

    [Fact]
    public void RoutingKey_HasLanguageTopicCountrySourceUrgency()
    {
        var article = Article("it", "medtop:11000000", "IT", "ansa.it", 3, "pipeline:person:sergio-mattarella", "geonames:3169070");

        var route = EventRoutes.RouteOf(article);

        Assert.Equal("it.politics.it.ansa-it.3", route.RoutingKey);
        var headers = route.Headers();
        Assert.Equal("it", headers["lang"]);
        Assert.Equal("politics", headers["topic"]);
        Assert.Equal("1", headers["entity:pipeline:person:sergio-mattarella"]);
        Assert.Equal("1", headers["entity:geonames:3169070"]);
    }

    [Fact]
    public void RoutingKey_MissingValues_AreNone_AndTheTopicSlugIsTheSameInEveryLanguage()
    {
        var article = Article("en", null, null, "wire", null);

        Assert.Equal("en.none.none.wire.none", EventRoutes.RouteOf(article).RoutingKey);
        Assert.Equal("politics", TopicSlugs.Of("medtop:11000000"));
        Assert.Equal("20000123", TopicSlugs.Of("medtop:20000123"));
    }

    [Fact]
    public void Bindings_LanguageAndTopic_AreOneTopicPattern()
    {
        var bindings = new ArticleFilter { Languages = ["IT"], Topics = ["politics"] }.Bindings(null);

        var binding = Assert.Single(bindings);
        Assert.Equal("pipeline.articles", binding.Exchange);
        Assert.Equal("it.politics.#", binding.RoutingKey);
        Assert.Null(binding.Arguments);
    }

    [Fact]
    public void Bindings_SourceAndMaxUrgency_AreOnePatternPerUrgency()
    {
        var bindings = new ArticleFilter { Sources = ["ansa"], MaxUrgency = 2, Languages = ["it", "en"] }.Bindings("p1");

        Assert.Equal(
            ["en.*.*.ansa.1", "en.*.*.ansa.2", "it.*.*.ansa.1", "it.*.*.ansa.2"],
            bindings.Select(b => b.RoutingKey).Order(StringComparer.Ordinal));
        Assert.All(bindings, b => Assert.Equal("p1-pipeline.articles", b.Exchange));
    }

    [Fact]
    public void Bindings_WithAnEntity_MatchHeadersOnTheEntitiesExchange()
    {
        var binding = Assert.Single(new ArticleFilter { Entities = ["pipeline:person:sergio-mattarella"], Languages = ["it"] }.Bindings(null));

        Assert.Equal("pipeline.articles.entities", binding.Exchange);
        Assert.Equal("all", binding.Arguments!["x-match"]);
        Assert.Equal("1", binding.Arguments["entity:pipeline:person:sergio-mattarella"]);
        Assert.Equal("it", binding.Arguments["lang"]);
        Assert.Equal(3, binding.Arguments.Count);
    }

    [Fact]
    public void Matches_IsTheSameTestAsTheBindings()
    {
        var filter = new ArticleFilter { Languages = ["it"], Topics = ["medtop:11000000"], MaxUrgency = 3 };

        Assert.True(filter.Matches(EventRoutes.RouteOf(Article("it", "medtop:11000000", "IT", "ansa", 2))));
        Assert.False(filter.Matches(EventRoutes.RouteOf(Article("it", "medtop:11000000", "IT", "ansa", 5))));
        Assert.False(filter.Matches(EventRoutes.RouteOf(Article("it", "medtop:11000000", "IT", "ansa", null))));
        Assert.False(filter.Matches(EventRoutes.RouteOf(Article("en", "medtop:11000000", "IT", "ansa", 1))));
        Assert.False(filter.Matches(EventRoutes.RouteOf(Article("it", "medtop:15000000", "IT", "ansa", 1))));
        var byEntity = new ArticleFilter { Entities = ["geonames:3169070"] };
        Assert.True(byEntity.Matches(EventRoutes.RouteOf(Article("it", null, null, "x", null, "geonames:3169070"))));
        Assert.False(byEntity.Matches(EventRoutes.RouteOf(Article("it", null, null, "x", null, "geonames:1"))));
    }

    [Fact]
    public void Problem_NamesAnUrgencyOutOfRange_AndTooManyBindings()
    {
        Assert.NotNull(new ArticleFilter { MaxUrgency = 0 }.Problem());
        Assert.NotNull(new ArticleFilter { MaxUrgency = 9, Languages = [.. Enumerable.Range(0, 40).Select(i => $"l{i}")] }.Problem());
        Assert.Null(new ArticleFilter { MaxUrgency = 9, Languages = ["it", "en"] }.Problem());
    }

    private static ArticleEnriched Article(string language, string? topic, string? country, string source, int? urgency, params string[] entities)
    {
        var sample = ContractSamples.ArticleEnriched;
        return sample with
        {
            Article = sample.Article with { Source = sample.Article.Source with { Id = source }, Urgency = urgency },
            Enrichment = sample.Enrichment with
            {
                Language = sample.Enrichment.Language with { Code = language },
                Topics = topic is null ? [] : [new Topic { Code = topic, Label = "x", Score = 1 }],
                Countries = country is null ? [] : [new CountryRef { Code = country }],
                Entities = [.. entities.Select(id => new Entity { Name = id, Type = EntityTypes.Place, Id = id })],
            },
        };
    }
}
