using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities;
using Pipeline.Enricher.Lexicons;

namespace Pipeline.Enricher.Countries;

/// <summary>
/// The countries an article is about: the dateline's country first (score 1), then the countries
/// of the places it mentions, by mentions (score relative to the most mentioned). Coordinates are
/// those of the dateline's city, else of the most mentioned city in that country.
/// </summary>
internal static class CountryRanker
{
    public static IReadOnlyList<CountryRef> Rank(CanonicalArticle article, IReadOnlyList<RecognizedEntity> entities, Gazetteer gazetteer)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(gazetteer);
        var places = entities.Where(e => e.Place is { CountryCode.Length: > 0 }).ToList(); // areas (Europe) have no country
        var datelineCode = DatelineCountry(article, places, gazetteer);
        var weights = places
            .GroupBy(e => e.Place!.CountryCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Entity.Count), StringComparer.Ordinal);
        if (datelineCode is not null)
        {
            weights.TryAdd(datelineCode, 1);
        }

        if (weights.Count == 0)
        {
            return [];
        }

        var maximum = weights.Values.Max();
        return [.. weights
            .OrderByDescending(w => w.Key == datelineCode)
            .ThenByDescending(w => w.Value)
            .ThenBy(w => w.Key, StringComparer.Ordinal)
            .Select(w =>
            {
                var city = places
                    .Where(e => e.Place!.Kind == PlaceKind.City && e.Place.CountryCode == w.Key)
                    .OrderByDescending(e => e.InDateline)
                    .ThenByDescending(e => e.Entity.Count)
                    .Select(e => e.Place)
                    .FirstOrDefault();
                return new CountryRef
                {
                    Code = w.Key,
                    Name = gazetteer.Country(w.Key)?.Name,
                    Score = w.Key == datelineCode ? 1.0 : Math.Round((double)w.Value / maximum, 4),
                    Latitude = city?.Latitude,
                    Longitude = city?.Longitude,
                };
            })];
    }

    private static string? DatelineCountry(CanonicalArticle article, List<RecognizedEntity> places, Gazetteer gazetteer)
    {
        if (article.Dateline is not { } dateline)
        {
            return null;
        }

        return gazetteer.Country(dateline.CountryCode)?.Id
            ?? places.FirstOrDefault(p => p.InDateline && p.Place!.Kind == PlaceKind.Country)?.Place!.CountryCode
            ?? places.FirstOrDefault(p => p.InDateline)?.Place!.CountryCode;
    }
}
