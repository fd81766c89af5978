using System.Reflection;
using System.Text;

namespace Pipeline.TextRules;

/// <summary>A country of ISO 3166-1 and the names it is written by.</summary>
/// <param name="Code">The ISO 3166-1 alpha-2 code (<c>KP</c>).</param>
/// <param name="Name">The preferred English short name (<c>North Korea</c>).</param>
/// <param name="Names">Names safe to recognise anywhere, running text included (English, Italian, press aliases).</param>
/// <param name="DatelineNames">Names safe only when a whole dateline field names the country (<c>Riunione</c>, <c>Gaza</c>).</param>
public sealed record Country(string Code, string Name, IReadOnlyList<string> Names, IReadOnlyList<string> DatelineNames);

/// <summary>
/// The one country table every stage reads: <c>Data/countries.tsv</c> (ISO 3166-1 with English and Italian names,
/// generated), <c>Data/country-aliases.tsv</c> (preferred short names and press aliases, by hand) and
/// <c>Data/dateline-country-aliases.tsv</c> (names only a dateline may use). A name <c>countries.tsv</c> gives to two
/// countries ("Congo") belongs to the one whose alias entry lists it; the table refuses to load when a name is left
/// ambiguous or an alias contradicts the generated table.
/// </summary>
public static class CountryTable
{
    /// <summary>Every country, by code.</summary>
    public static IReadOnlyList<Country> All => Holder.Countries;

    /// <summary>The country with ISO code <paramref name="code"/> (any case), or null.</summary>
    public static Country? ByCode(string? code) =>
        code is not null && Holder.ByCode.TryGetValue(code.ToUpperInvariant(), out var country) ? country : null;

    /// <summary>
    /// The ISO 3166-1 alpha-2 code of the country <paramref name="name"/> names ("Nord Corea", "USA", "Ucraina",
    /// a dateline's "Riunione"), or null when unknown; case, accents and punctuation do not matter.
    /// </summary>
    public static string? Resolve(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : Holder.ByName.GetValueOrDefault(TextFolding.FoldWords(name));

    private static List<Country> Load()
    {
        var generated = Rows("countries.tsv").Select(p => (Code: p[0], Name: p[1], Names: p[2].Split('|'))).ToList();
        var aliases = Rows("country-aliases.tsv").Select(p => (Code: p[0], Preferred: p[1], Names: p[2].Split('|'))).ToList();
        var datelineOnly = Rows("dateline-country-aliases.tsv").ToLookup(p => p[0], p => p[1].Split('|'));

        var owners = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (code, _, names) in generated)
        {
            foreach (var name in names)
            {
                owners.TryAdd(TextFolding.FoldWords(name), []);
                owners[TextFolding.FoldWords(name)].Add(code);
            }
        }

        var aliasOwner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, _, names) in aliases)
        {
            foreach (var key in names.Select(TextFolding.FoldWords))
            {
                var contradicts = owners.TryGetValue(key, out var generatedOwners) && !generatedOwners.Contains(code);
                if (contradicts || (aliasOwner.TryGetValue(key, out var other) && other != code))
                {
                    throw new InvalidOperationException($"country-aliases.tsv gives '{key}' to {code}, which another entry gives to another country.");
                }

                aliasOwner[key] = code;
            }
        }

        var ambiguous = owners.Where(o => o.Value.Count > 1 && !aliasOwner.ContainsKey(o.Key)).Select(o => o.Key).ToList();
        if (ambiguous.Count > 0)
        {
            throw new InvalidOperationException($"countries.tsv gives {string.Join(", ", ambiguous)} to more than one country and country-aliases.tsv does not decide.");
        }

        var preferred = aliases.Where(a => a.Preferred != "-").ToDictionary(a => a.Code, a => a.Preferred, StringComparer.Ordinal);
        var aliasNames = aliases.ToLookup(a => a.Code, a => a.Names);
        return [.. generated.Select(row => new Country(
            row.Code,
            preferred.GetValueOrDefault(row.Code, row.Name),
            [.. row.Names.Where(n => aliasOwner.GetValueOrDefault(TextFolding.FoldWords(n), row.Code) == row.Code), .. aliasNames[row.Code].SelectMany(n => n)],
            [.. datelineOnly[row.Code].SelectMany(n => n)]))];
    }

    private static Dictionary<string, string> IndexNames(List<Country> countries)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var country in countries)
        {
            foreach (var name in country.Names.Concat(country.DatelineNames))
            {
                if (byName.TryGetValue(TextFolding.FoldWords(name), out var other) && other != country.Code)
                {
                    throw new InvalidOperationException($"The country name '{name}' is given to both {other} and {country.Code}.");
                }

                byName[TextFolding.FoldWords(name)] = country.Code;
            }
        }

        return byName;
    }

    private static List<string[]> Rows(string fileName)
    {
        var resource = "Pipeline.TextRules.Data." + fileName;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded data file '{resource}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line) && line[0] != '#')
            {
                rows.Add(line.Split('\t'));
            }
        }

        return rows;
    }

    private static class Holder
    {
        public static readonly List<Country> Countries = Load();
        public static readonly Dictionary<string, Country> ByCode = Countries.ToDictionary(c => c.Code, StringComparer.Ordinal);
        public static readonly Dictionary<string, string> ByName = IndexNames(Countries);
    }
}
