using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit.Serialization;
using Pipeline.Contracts.Articles;

namespace Pipeline.Contracts.Tests;

/// <summary>
/// Contracts 1.3: the article id travels once, in the article. The top-level <c>articleId</c> of
/// <see cref="ArticleNormalized"/> and <see cref="ArticleEnriched"/> is still written (1.2 subscribers read it) but never
/// read back: a 1.2 message deserializes, and its id is the article's own even where a producer wrote two that differ.
/// </summary>
public sealed class ArticleIdOnceTests
{
    public static TheoryData<string, Type> ArticleMessages => new()
    {
        { nameof(ArticleNormalized), typeof(ArticleNormalized) },
        { nameof(ArticleEnriched), typeof(ArticleEnriched) },
    };

    [Theory]
    [MemberData(nameof(ArticleMessages))]
    public void Deserialize_12MessageWhoseIdsDisagree_TakesTheArticlesOwnId_AndWritesItOnTop(string name, Type type)
    {
        var json = Golden(name);
        var own = json["article"]!["articleId"]!.GetValue<string>();
        json["articleId"] = "a-different-id";

        var message = JsonSerializer.Deserialize(json.ToJsonString(), type, SystemTextJsonMessageSerializer.Options)!;

        Assert.Equal(own, ArticleId(message));
        var written = JsonSerializer.SerializeToNode(message, type, SystemTextJsonMessageSerializer.Options)!;
        Assert.Equal(own, written["articleId"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ArticleMessages))]
    public void Deserialize_MessageWithoutTheTopLevelId_StillHasTheArticlesId(string name, Type type)
    {
        var json = Golden(name);
        var own = json["article"]!["articleId"]!.GetValue<string>();
        Assert.True(json.Remove("articleId"));

        var message = JsonSerializer.Deserialize(json.ToJsonString(), type, SystemTextJsonMessageSerializer.Options)!;

        Assert.Equal(own, ArticleId(message));
    }

    [Fact]
    public void ArticleId_IsReadOnly_SoAMessageCannotCarryTwo()
    {
        Assert.False(typeof(ArticleNormalized).GetProperty(nameof(ArticleNormalized.ArticleId))!.CanWrite);
        Assert.False(typeof(ArticleEnriched).GetProperty(nameof(ArticleEnriched.ArticleId))!.CanWrite);
    }

    private static string ArticleId(object message) => message switch
    {
        ArticleNormalized normalized => normalized.ArticleId,
        ArticleEnriched enriched => enriched.ArticleId,
        _ => throw new ArgumentException(message.GetType().Name, nameof(message)),
    };

    private static JsonObject Golden(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json")))!.AsObject();
}
