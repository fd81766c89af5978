using Pipeline.Indexer;

// The indexer worker: consumes ArticleEnriched, keeps the index current, serves /search. See IndexerHost.
IndexerHost.Build(args).Run();
