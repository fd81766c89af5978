using Pipeline.Indexer;
using Pipeline.ServiceDefaults;

// The indexer worker: consumes ArticleEnriched, keeps the index current, serves /search. See IndexerHost.
// Invalid configuration ends it with one line naming the key and exit code 1.
return IndexerHost.Build(args).RunWorker();
