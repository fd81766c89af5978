using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Messaging;

/// <summary>
/// The door check of every stage that consumes an article message (<see cref="ArticleNormalized"/>,
/// <see cref="ArticleEnriched"/>): a message missing what any stage needs can never succeed, so it is rejected
/// permanently with <c>invalid-message</c> instead of failing later with an exception that retries would repeat.
/// </summary>
public static class ArticleMessageValidation
{
    /// <summary>Longest accepted article or source id.</summary>
    public const int MaxIdLength = 1000;

    /// <summary>
    /// What is wrong with the dispatch id and the canonical article of a message, or null when nothing is. The article id
    /// is the article's own (<see cref="CanonicalArticle.ArticleId"/>): since contracts 1.3 it travels once, so there is no
    /// second copy to compare it with.
    /// </summary>
    public static string? Problem(string? dispatchId, CanonicalArticle? article) => article switch
    {
        _ when string.IsNullOrWhiteSpace(dispatchId) => "The message has no DispatchId.",
        null => "The message has no Article.",
        _ when string.IsNullOrWhiteSpace(article.ArticleId) => "The article has no ArticleId.",
        _ when article.ArticleId.Length > MaxIdLength => $"The ArticleId is {article.ArticleId.Length} characters long; the limit is {MaxIdLength}.",
        { Headline: null } or { Headline.Main: null } or { Body: null } or { Body.Paragraphs: null } or { Source: null } =>
            "The article lacks a headline, body paragraphs or source.",
        _ when string.IsNullOrWhiteSpace(article.Source.Id) || article.Source.Id.Length > MaxIdLength => "The article's source id is missing or too long.",
        _ => null,
    };

    /// <summary>Throws the permanent <c>invalid-message</c> rejection when <paramref name="problem"/> is not null.</summary>
    public static void ThrowIf(string? problem)
    {
        if (problem is not null)
        {
            throw new PermanentDispatchException(RejectionReasons.InvalidMessage, problem);
        }
    }
}
