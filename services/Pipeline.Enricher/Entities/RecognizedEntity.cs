using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Lexicons;

namespace Pipeline.Enricher.Entities;

/// <summary>An entity with what the other enrichments need beside the contract's view of it.</summary>
internal sealed record RecognizedEntity(Entity Entity, Place? Place, bool InDateline);
