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

    /// <summary>What is wrong with the ids and the canonical article of a message, or null when nothing is.</summary>
    public static string? Problem(string? articleId, string? dispatchId, CanonicalArticle? article) => article switch
    {
        _ when string.IsNullOrWhiteSpace(articleId) => "The message has no ArticleId.",
        _ when articleId.Length > MaxIdLength => $"The ArticleId is {articleId.Length} characters long; the limit is {MaxIdLength}.",
        _ when string.IsNullOrWhiteSpace(dispatchId) => "The message has no DispatchId.",
        null => "The message has no Article.",
        { Headline: null } or { Headline.Main: null } or { Body: null } or { Body.Paragraphs: null } or { Source: null } =>
            "The article lacks a headline, body paragraphs or source.",
        _ when !string.Equals(articleId, article.ArticleId, StringComparison.Ordinal) =>
            $"ArticleId '{articleId}' differs from Article.ArticleId '{article.ArticleId}'.",
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
