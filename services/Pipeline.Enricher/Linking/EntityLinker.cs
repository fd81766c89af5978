using System.Text;
using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Linking;

/// <summary>
/// Links the entities recognition found to one canonical entity each, with a stable identifier that is the
/// same in every article and language:
/// <list type="bullet">
/// <item>a place the gazetteer knows: <c>geonames:&lt;id&gt;</c> — a city's GeoNames id (<c>cities.tsv</c>), a
/// country's GeoNames id (<c>entity-aliases.tsv</c>, from GeoNames' country info); so <c>Mosca</c> and
/// <c>Moscow</c>, <c>Stati Uniti</c>, <c>USA</c> and <c>U.S.</c> get one id;</item>
/// <item>a known organisation (<c>organisations.tsv</c>, every listed form: <c>ONU</c>, <c>UN</c>,
/// <c>Nazioni Unite</c>; <c>Inter</c>, <c>Internazionale</c>): <c>pipeline:organisation:&lt;slug of its listed name&gt;</c>
/// (<c>pipeline:organisation:united-nations</c>), its name as the article gives it (acronym first);</item>
/// <item>anything else: <c>pipeline:&lt;type&gt;:&lt;slug of the canonical name&gt;</c>, a region or area included
/// (<c>pipeline:place:lombardy</c>).</item>
/// </list>
/// The slug is the name folded (lower case, no diacritics) with every run of other characters than letters and
/// digits turned into one <c>-</c>. Within an article, entities that link to the same id merge, and a person
/// named by part of a longer person's name (<c>Putin</c>, <c>Vladimir Putin</c>) merges into it when only
/// one longer name fits. Stateless and thread-safe: the tables are read once.
/// </summary>
internal sealed class EntityLinker
{
    private const string GeoNamesPrefix = "geonames:";
    private const string PipelinePrefix = "pipeline:";

    private readonly Gazetteer _gazetteer;
    private readonly OrganisationGazetteer _organisations;
    private readonly Dictionary<string, string> _countryIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedEntity> _aliases = new(StringComparer.Ordinal);

    public EntityLinker(Gazetteer gazetteer, OrganisationGazetteer organisations)
    {
        ArgumentNullException.ThrowIfNull(gazetteer);
        ArgumentNullException.ThrowIfNull(organisations);
        _gazetteer = gazetteer;
        _organisations = organisations;
        foreach (var line in DataFiles.Lines("entity-aliases.tsv"))
        {
            var parts = line.Split('\t');
            var countryCode = parts[2].Length == 0 ? null : parts[2];
            var canonicalName = parts[1] == EntityTypes.Place && _gazetteer.Country(countryCode) is { } country && parts[0].StartsWith(GeoNamesPrefix, StringComparison.Ordinal)
                ? country.Name
                : parts[3];
            var entity = new LinkedEntity(parts[0], parts[1], canonicalName, countryCode);
            if (countryCode is not null && entity.Type == EntityTypes.Place)
            {
                _countryIds.TryAdd(countryCode, entity.Id);
            }

            foreach (var alias in parts[4].Split('|'))
            {
                _aliases.TryAdd(Key(alias), entity);
            }
        }
    }

    /// <summary>The linker over the default gazetteers (loaded once).</summary>
    public static EntityLinker Default => Holder.Instance;

    /// <summary>The stable id of the country with ISO code <paramref name="code"/> (its GeoNames id), if known.</summary>
    public string? CountryId(string code) => _countryIds.GetValueOrDefault(code.ToUpperInvariant());

    /// <summary>
    /// The entities of one article linked: each with its <see cref="Entity.Id"/>, canonical name and country,
    /// those that name the same real-world entity merged, most mentioned first.
    /// </summary>
    public IReadOnlyList<RecognizedEntity> Link(IReadOnlyList<RecognizedEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var linked = new List<Linked>(entities.Count);
        var byId = new Dictionary<string, Linked>(StringComparer.Ordinal);
        foreach (var recognized in entities)
        {
            var (target, known) = Resolve(recognized);
            if (byId.TryGetValue(target.Id, out var existing))
            {
                existing.Absorb(recognized);
                continue;
            }

            var item = new Linked(target, known, recognized);
            byId[target.Id] = item;
            linked.Add(item);
        }

        MergePartialPersonNames(linked);
        return [.. linked.Where(l => !l.Merged)
            .Select((l, index) => (Entity: l.ToRecognized(), Index: index))
            .OrderByDescending(e => e.Entity.Entity.Count)
            .ThenBy(e => e.Index)
            .Select(e => e.Entity)];
    }

    /// <summary>The canonical entity <paramref name="recognized"/> names, and whether a table knew it.</summary>
    private (LinkedEntity Target, bool Known) Resolve(RecognizedEntity recognized)
    {
        var entity = recognized.Entity;
        if (entity.Type == EntityTypes.Place && recognized.Place is { } place)
        {
            return (FromPlace(place), true);
        }

        foreach (var name in Candidates(entity))
        {
            if (Lookup(name, entity.Type) is { } known)
            {
                return (known, true);
            }
        }

        var canonical = entity.Type == EntityTypes.Person
            ? Candidates(entity).OrderByDescending(WordCount).ThenBy(n => n, StringComparer.Ordinal).First()
            : entity.Name;
        return (new LinkedEntity(MakeId(entity.Type, canonical), entity.Type, canonical, entity.CountryCode), false);
    }

    /// <summary>The name, then the mentions, longest first.</summary>
    private static IEnumerable<string> Candidates(Entity entity) =>
        new[] { entity.Name }.Concat(entity.Mentions.OrderByDescending(m => m.Length)).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal);

    private LinkedEntity? Lookup(string name, string type)
    {
        switch (type)
        {
            case EntityTypes.Place:
                if (_gazetteer.Find(name) is { } place)
                {
                    return FromPlace(place);
                }

                return _aliases.TryGetValue(Key(name), out var alias) && alias.Type == EntityTypes.Place ? alias : null;
            case EntityTypes.Organisation:
                var words = Tokenizer.Tokenize(name).Where(t => t.IsWord).ToList();
                return words.Count > 0 && _organisations.Match(words, 0, words.Count - 1) is { Length: var length, Organisation: var organisation } && length == words.Count
                    ? new LinkedEntity(MakeId(EntityTypes.Organisation, organisation.Name), EntityTypes.Organisation, organisation.Name, null)
                    : null;
            default:
                return null;
        }
    }

    private LinkedEntity FromPlace(Place place)
    {
        var countryCode = place.CountryCode.Length == 0 ? null : place.CountryCode;
        var id = place.Kind switch
        {
            PlaceKind.Country => CountryId(place.CountryCode) ?? MakeId(EntityTypes.Place, place.Name),
            _ when place.Id.StartsWith(GeoNamesPrefix, StringComparison.Ordinal) => place.Id,
            _ => MakeId(EntityTypes.Place, place.Name),
        };
        return new LinkedEntity(id, EntityTypes.Place, place.Name, countryCode);
    }

    /// <summary>
    /// A person (or an entity no table knows) named by the first or last words of exactly one longer person's
    /// name merges into it: <c>Putin</c> → <c>Vladimir Putin</c>, <c>Kim</c> → <c>Kim Jong Un</c>.
    /// </summary>
    private static void MergePartialPersonNames(List<Linked> linked)
    {
        var persons = linked.Where(l => l.Target.Type == EntityTypes.Person).ToList();
        foreach (var shorter in linked.Where(l => !l.Known && l.Words.Count > 0).OrderBy(l => l.Words.Count).ToList())
        {
            if (shorter.Merged || (shorter.Target.Type != EntityTypes.Person && shorter.Words.Count > 1))
            {
                continue;
            }

            var fits = persons.Where(p => !p.Merged && p != shorter && p.Words.Count > shorter.Words.Count && BeginsOrEnds(p.Words, shorter.Words)).ToList();
            if (fits.Count == 1)
            {
                fits[0].Absorb(shorter);
                shorter.Merged = true;
            }
        }
    }

    private static bool BeginsOrEnds(IReadOnlyList<string> longer, IReadOnlyList<string> shorter)
    {
        bool At(int offset)
        {
            for (var i = 0; i < shorter.Count; i++)
            {
                if (!string.Equals(longer[offset + i], shorter[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        return At(0) || At(longer.Count - shorter.Count);
    }

    private static int WordCount(string name) => Words(name).Count;

    private static List<string> Words(string name) => [.. Tokenizer.Tokenize(name).Where(t => t.IsWord).Select(t => t.Folded)];

    /// <summary>The lookup key of a name: its folded words joined by one space.</summary>
    private static string Key(string name) => string.Join(' ', Words(name));

    /// <summary><c>pipeline:&lt;type&gt;:&lt;slug&gt;</c>, e.g. <c>pipeline:person:vladimir-putin</c>.</summary>
    public static string MakeId(string type, string name) => PipelinePrefix + type + ":" + Slug(name);

    /// <summary>Folded (lower case, no diacritics), runs of anything but letters and digits as one <c>-</c>.</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = TextFolding.Fold(name);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        if (builder.Length > 0 && builder[^1] == '-')
        {
            builder.Length--;
        }

        return builder.Length == 0 ? "unnamed" : builder.ToString();
    }

    /// <summary>A canonical entity: its id, type, name and country.</summary>
    private sealed record LinkedEntity(string Id, string Type, string Name, string? CountryCode);

    /// <summary>The recognized entities of one article that link to one canonical entity.</summary>
    private sealed class Linked
    {
        private readonly List<RecognizedEntity> _members = [];

        public Linked(LinkedEntity target, bool known, RecognizedEntity first)
        {
            Target = target;
            Known = known;
            Absorb(first);
        }

        public LinkedEntity Target { get; }

        /// <summary>True when a table (gazetteer, organisations, aliases) knew the entity.</summary>
        public bool Known { get; }

        public bool Merged { get; set; }

        /// <summary>Folded words of the canonical name.</summary>
        public IReadOnlyList<string> Words => _words ??= EntityLinker.Words(Target.Name);

        private IReadOnlyList<string>? _words;

        public void Absorb(RecognizedEntity entity) => _members.Add(entity);

        public void Absorb(Linked other) => _members.AddRange(other._members);

        /// <summary>As the article names the organisation: its acronym when it gives one (<c>IMF</c>), else its longest name.</summary>
        private string OrganisationName()
        {
            var names = _members.Select(m => m.Entity.Name).ToList();
            return names.FirstOrDefault(IsAcronym) ?? names.OrderByDescending(n => n.Length).First();
        }

        private static bool IsAcronym(string name) =>
            name.Length is >= 2 and <= 8 && name.All(c => char.IsUpper(c) || char.IsDigit(c) || c is '.' or '&') && name.Any(char.IsLetter);

        public RecognizedEntity ToRecognized()
        {
            var first = _members[0];
            if (_members.Count == 1 && first.Entity.Id == Target.Id && first.Entity.Type == Target.Type
                && (first.Entity.Name == Target.Name || Target.Type == EntityTypes.Organisation) && first.Entity.CountryCode == Target.CountryCode)
            {
                return first;
            }

            var mentions = _members.SelectMany(m => m.Entity.Mentions).Distinct(StringComparer.Ordinal).ToList();
            var spans = _members.SelectMany(m => m.Entity.Spans).DistinctBy(s => (s.Start, s.Length)).OrderBy(s => s.Start).ToList();
            var entity = first.Entity with
            {
                Id = Target.Id,
                Name = Target.Type == EntityTypes.Organisation ? OrganisationName() : Target.Name,
                Type = Target.Type,
                CountryCode = Target.CountryCode ?? first.Entity.CountryCode,
                Count = _members.Sum(m => m.Entity.Count),
                Mentions = mentions,
                Spans = spans,
            };
            return new RecognizedEntity(entity, _members.Select(m => m.Place).FirstOrDefault(p => p is not null), _members.Any(m => m.InDateline));
        }
    }

    private static class Holder
    {
        public static readonly EntityLinker Instance = new(Gazetteer.Default, OrganisationGazetteer.Default);
    }
}
