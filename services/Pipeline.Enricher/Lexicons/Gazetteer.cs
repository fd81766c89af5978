using System.Globalization;
using Pipeline.Enricher.Text;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Lexicons;

/// <summary>What a gazetteer entry is.</summary>
internal enum PlaceKind
{
    Country,
    City,

    /// <summary>A first-level division or a named region of one country (Lombardia, California, Sumatra).</summary>
    Region,

    /// <summary>A continent, sea or macro-region of several countries (Europe, Medio Oriente): no country code.</summary>
    Area,
}

/// <summary>A known place: a country or a city, with its English name.</summary>
internal sealed record Place(string Id, string Name, PlaceKind Kind, string CountryCode, double? Latitude = null, double? Longitude = null, long Population = 0);

/// <summary>
/// Countries (<see cref="CountryTable"/>: ISO 3166-1, names in English and Italian plus aliases), regions and areas (<c>regions.tsv</c>:
/// Italian regions, US states, continents…) and cities (GeoNames, population at least 15,000, in Italy 5,000,
/// capitals, regional and provincial seats, plus Italian and English exonyms), looked up by token sequence.
/// Countries win over regions and cities of the same name, regions over cities under 100,000 inhabitants, and
/// among cities the most populous.
/// Short all-caps aliases (<c>USA</c>, <c>RPDC</c>) match only when written in capitals.
/// </summary>
internal sealed class Gazetteer
{
    private readonly NameIndex<Place> _names = new();
    private readonly Dictionary<string, Place> _countries = new(StringComparer.Ordinal);

    /// <summary>A region's name wins over a city of the same name below this population.</summary>
    private const long SmallCityPopulation = 100_000;

    private Gazetteer()
    {
        foreach (var entry in CountryTable.All)
        {
            var country = new Place(entry.Code, entry.Name, PlaceKind.Country, entry.Code);
            _countries[entry.Code] = country;
            foreach (var name in entry.Names)
            {
                Add(name, country); // DatelineNames stay out: in running text they are other words ("riunione", "Maurizio").
            }
        }

        var cities = new Dictionary<(string Name, string Country), Place>();
        foreach (var line in DataFiles.Lines("cities.tsv"))
        {
            var parts = line.Split('\t');
            var city = new Place(
                "geonames:" + parts[6], parts[0], PlaceKind.City, parts[1],
                double.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture),
                long.Parse(parts[4], CultureInfo.InvariantCulture));
            cities.TryAdd((city.Name, city.CountryCode), city);
            Add(city.Name, city);
        }

        foreach (var line in DataFiles.Lines("regions.tsv"))
        {
            var parts = line.Split('\t');
            var kind = parts[1] == "area" ? PlaceKind.Area : PlaceKind.Region;
            var region = new Place("region:" + parts[0], parts[0], kind, kind == PlaceKind.Area ? "" : parts[2]);
            foreach (var name in parts[3].Split('|'))
            {
                Add(name, region);
            }
        }

        foreach (var line in DataFiles.Lines("city-aliases.tsv"))
        {
            var parts = line.Split('\t');
            if (!cities.TryGetValue((parts[1], parts[2]), out var city))
            {
                throw new InvalidOperationException($"city-aliases.tsv names '{parts[1]}' ({parts[2]}), which cities.tsv does not have.");
            }

            Add(parts[0], city, overrideCity: true);
        }
    }

    /// <summary>The gazetteer built from the embedded data files (loaded once).</summary>
    public static Gazetteer Default => Holder.Instance;

    /// <summary>Longest name in tokens.</summary>
    public int MaxTokens => _names.MaxTokens;

    /// <summary>The country with ISO code <paramref name="code"/>, if known.</summary>
    public Place? Country(string? code) =>
        code is not null && _countries.TryGetValue(code.ToUpperInvariant(), out var country) ? country : null;

    /// <summary>The place whose name is exactly <paramref name="name"/> (e.g. a dateline's "Nord Corea"), if known.</summary>
    public Place? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var tokens = Tokenizer.Tokenize(name).Where(t => t.IsWord).ToList();
        return tokens.Count > 0 && Match(tokens, 0, tokens.Count - 1) is { Length: var length, Place: var place } && length == tokens.Count ? place : null;
    }

    /// <summary>The longest place name starting at <paramref name="start"/> and ending at or before <paramref name="last"/> (word tokens only).</summary>
    public (int Length, Place Place)? Match(IReadOnlyList<Token> tokens, int start, int last) => _names.Match(tokens, start, last);

    private void Add(string name, Place place, bool overrideCity = false)
    {
        if (name.Contains(',', StringComparison.Ordinal) || name.Contains('(', StringComparison.Ordinal))
        {
            return; // "Korea, Republic of", "Holy See (Vatican City State)": catalogue forms nobody writes in running text.
        }

        _names.Add(name, place, (existing, incoming) =>
        {
            if (existing == incoming)
            {
                return NameConflict.Merge; // "USA" and "Usa": the same country, written either way.
            }

            var replace = existing.Kind switch
            {
                PlaceKind.City => incoming.Kind == PlaceKind.Country || overrideCity
                    || (incoming.Kind is PlaceKind.Region or PlaceKind.Area && existing.Population < SmallCityPopulation),
                PlaceKind.Region or PlaceKind.Area => incoming.Kind == PlaceKind.Country,
                _ => false,
            };
            return replace ? NameConflict.Replace : NameConflict.Keep;
        });
    }


    private static class Holder
    {
        public static readonly Gazetteer Instance = new();
    }
}
