using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Lexicons;

namespace Pipeline.Enricher.Entities;

/// <summary>Mentions grouped by key, with union-find merging (aliases of one entity).</summary>
internal sealed class Groups
{
    private readonly Dictionary<string, Group> _byKey = new(StringComparer.Ordinal);
    private readonly List<Group> _all = [];

    public void Add(string key, Mention mention)
    {
        if (!_byKey.TryGetValue(key, out var group))
        {
            group = new Group();
            _byKey[key] = group;
            _all.Add(group);
        }

        group.Absorb(mention);
    }

    /// <summary>Merges the groups of two keys, when both exist.</summary>
    public void Union(string from, string into)
    {
        if (_byKey.TryGetValue(from, out var a) && _byKey.TryGetValue(into, out var b))
        {
            Union(a, b);
        }
    }

    public static void Union(Group from, Group into)
    {
        var source = from.Root;
        var target = into.Root;
        if (source == target)
        {
            return;
        }

        foreach (var mention in source.Mentions)
        {
            target.Absorb(mention);
        }

        source.Mentions.Clear();
        source.Parent = target;
    }

    public IEnumerable<Group> Roots() => _all.Where(g => g.Parent is null);
}

/// <summary>The mentions of one entity.</summary>
internal sealed class Group
{
    public Group? Parent { get; set; }

    public Group Root => Parent is null ? this : Parent.Root;

    public List<Mention> Mentions { get; } = [];

    public Place? Place { get; private set; }

    /// <summary>Words of the longest mention.</summary>
    public IReadOnlyList<string> LongestWords { get; private set; } = [];

    public void Absorb(Mention mention)
    {
        Mentions.Add(mention);
        Place ??= mention.Place;
        if (mention.Words.Count > LongestWords.Count)
        {
            LongestWords = mention.Words;
        }
    }

    /// <summary>The type most typed mentions give (organisation on a tie), or null when none is typed.</summary>
    public string? Type()
    {
        if (Place is not null)
        {
            return EntityTypes.Place;
        }

        var persons = Mentions.Count(m => m.Type == EntityTypes.Person);
        var organisations = Mentions.Count(m => m.Type == EntityTypes.Organisation);
        var places = Mentions.Count(m => m.Type == EntityTypes.Place);
        return persons == 0 && organisations == 0 && places == 0 ? null
            : persons > organisations && persons >= places ? EntityTypes.Person
            : organisations >= places ? EntityTypes.Organisation
            : EntityTypes.Place; // a place the tagger found that no gazetteer lists
    }
}
