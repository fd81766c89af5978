namespace Pipeline.Indexer.Tests;

/// <summary>Seeding an index from synchronous test set-up.</summary>
internal static class ArticleIndexWrites
{
    /// <summary><see cref="ArticleIndex.UpsertAsync"/>, waited for: the article is committed when this returns.</summary>
    public static IndexResult Upsert(this ArticleIndex index, Pipeline.Contracts.Articles.ArticleEnriched article) =>
        index.UpsertAsync(article, CancellationToken.None).GetAwaiter().GetResult();
}
