using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;
using Pipeline.TextRules;

namespace Pipeline.Enricher.Entities;

/// <summary>
/// Resolution, the second half of <see cref="EntityRecognizer"/>: groups an article's mentions into entities (one
/// gazetteer place, one known organisation, acronyms with their expansion, a short name with the longer person's name),
/// types what the rules left untyped (repeated surnames, speech verbs, CamelCase brands, the tagger's type) and names
/// each entity. One instance per article.
/// </summary>
internal sealed class EntityResolver(ArticleContext context, List<Mention> mentions)
{
    private readonly ArticleContext _context = context;
    private readonly IReadOnlyList<Token> _tokens = context.Tokens;
    private readonly Lexicon _lexicon = context.Lexicon;
    private readonly List<Mention> _mentions = mentions;

    private bool SportsContext => _context.SportsContext;

    public IReadOnlyList<RecognizedEntity> Resolve()
    {
        var groups = new Groups();
        foreach (var mention in _mentions)
        {
            var key = mention.Place is { } place ? "place:" + place.Id
                : mention.Known is { } known ? "org:" + known.Name
                : "name:" + mention.Key;
            groups.Add(key, mention);
        }

        foreach (var mention in _mentions.Where(m => m.Place?.Id.StartsWith(MentionFinder.AdministrativeAreaPrefix, StringComparison.Ordinal) == true))
        {
            // "North Kivu" beside "North Kivu Province".
            groups.Union("name:" + mention.Place!.Id[MentionFinder.AdministrativeAreaPrefix.Length..], "place:" + mention.Place.Id);
        }

        LinkAcronyms(groups);
        MergeLegalForms(groups);
        MergePartialNames(groups);
        var promoted = RepeatedSurnames(groups);

        var entities = new List<RecognizedEntity>();
        foreach (var group in groups.Roots())
        {
            var type = group.Place is not null ? EntityTypes.Place : group.Type();
            if (type is null && group.LongestWords.Count == 1 && group.Mentions.Any(IsCamelCaseName))
            {
                type = EntityTypes.Organisation; // "PaineWebber", "MetroTV", "YouTube": brands and companies.
            }

            if (type is null && (promoted.Contains(group) || (group.LongestWords.Count == 1 && group.Mentions.Any(m => FollowedBySpeechVerb(m) || SportsSurname(m)))))
            {
                type = EntityTypes.Person;
            }

            if (type is null && !(group.LongestWords.Count == 1 && _lexicon.GivenNames.Contains(group.LongestWords[0])))
            {
                // Nothing in the rules typed it: the statistical tagger's type, if it gave one ("Quebecor", "Petronas").
                // A lone capitalised word is a person only on the rules' evidence (speech verb, repeated surname).
                type = group.Mentions.Where(m => m.TaggedType is not null).GroupBy(m => m.TaggedType)
                    .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
                type = type == EntityTypes.Person && group.LongestWords.Count == 1 ? null : type;
            }

            if (type is null)
            {
                continue;
            }

            entities.Add(Build(group, type));
        }

        return [.. entities
            .OrderByDescending(e => e.Entity.Count)
            .ThenBy(e => e.InDateline ? -1 : e.Entity.Spans.Count > 0 ? e.Entity.Spans[0].Start : int.MaxValue)
            .ThenBy(e => e.Entity.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Untyped names of two to four words ("Ahmaud Arbery") whose last word the text also uses alone, in the
    /// middle of a sentence ("Arbery said"), are persons: a surname repeated on its own is how news text refers
    /// to people. The lone surname merges into the full name.
    /// </summary>
    private HashSet<Group> RepeatedSurnames(Groups groups)
    {
        var promoted = new HashSet<Group>();
        var roots = groups.Roots().Where(g => g.Place is null && g.Type() is null).ToList();
        var singles = roots
            .Where(g => g.LongestWords.Count == 1 && g.Mentions.Any(m => m.First >= 0 && !_tokens[m.First].SentenceStart))
            .ToList();
        foreach (var group in roots.Where(g => g.LongestWords.Count is >= 2 and <= 4 && g.Mentions.All(m => NameLike(m) && !HasArticlePreposition(m))))
        {
            var surname = group.LongestWords[^1];
            var single = singles.FirstOrDefault(g => g.LongestWords[0] == surname && g.Root != group.Root);
            if (single is not null)
            {
                Groups.Union(single, group);
                promoted.Add(group.Root);
            }
        }

        return promoted;
    }

    /// <summary>One word with a capital after a lower-case letter inside it ("PaineWebber", "MetroTV"), not a surname prefix.</summary>
    private bool IsCamelCaseName(Mention mention)
    {
        if (mention.First < 0 || mention.First != mention.Last)
        {
            return false;
        }

        var word = _tokens[mention.First].Text;
        for (var c = 1; c < word.Length; c++)
        {
            if (char.IsUpper(word[c]) && char.IsLower(word[c - 1]))
            {
                return !EntityWords.SurnamePrefixes.Any(prefix => c == prefix.Length && word.StartsWith(prefix, StringComparison.Ordinal));
            }
        }

        return false;
    }

    /// <summary>"Arquata del Tronto", "Bank of Canada": a preposition with an article joins places and organisations, not a person's names.</summary>
    private bool HasArticlePreposition(Mention mention) =>
        Enumerable.Range(mention.First, mention.Last - mention.First + 1).Any(i => IsConnector(i) && EntityWords.ArticlePrepositions.Contains(_tokens[i].Lower) && _tokens[i].Lower is not "di" and not "d");

    /// <summary>Every word of the mention is capitalised and made of letters (a name, not "Q1 Results").</summary>
    private bool NameLike(Mention mention) =>
        mention.First >= 0 && Enumerable.Range(mention.First, mention.Last - mention.First + 1)
            .Where(i => _tokens[i].IsWord && !IsConnector(i))
            .All(i => _tokens[i].IsCapitalised && !_tokens[i].IsAllCaps && _tokens[i].Text.All(c => char.IsLetter(c) || c is '-' or '\'' or '’'));

    /// <summary>In a sports story, a lone capitalised word inside a sentence that is no place, club or common word is a player or coach ("serve Dzeko").</summary>
    private bool SportsSurname(Mention mention) =>
        SportsContext && mention.First >= 0 && mention.Type is null && !_tokens[mention.First].SentenceStart && NameLike(mention)
        && !_lexicon.OrganisationWords.Contains(mention.Words[0]) && !_lexicon.PersonTitles.Contains(mention.Words[0])
        && !_lexicon.SportsCues.Contains(mention.Words[0])
        && !(mention.First > 0 && _tokens[mention.First - 1].Lower == "the"); // "the Serb": a demonym, not a name

    private void LinkAcronyms(Groups groups)
    {
        foreach (var mention in _mentions.Where(m => m.Type == EntityTypes.Organisation && !m.IsAcronym && m.Last >= 0))
        {
            var k = mention.Last + 1;
            if (k + 2 < _tokens.Count && _tokens[k].Text == "(" && _tokens[k + 1].IsAllCaps && _tokens[k + 2].Text == ")")
            {
                groups.Union("name:" + Fold(k + 1), "name:" + mention.Key);
            }
        }

        var acronyms = _mentions.Where(m => m.IsAcronym).Select(m => m.Key).Distinct().ToList();
        var organisations = _mentions.Where(m => m.Type == EntityTypes.Organisation && !m.IsAcronym && m.Last >= 0).ToList();
        foreach (var acronym in acronyms)
        {
            var letters = acronym.Replace(".", "", StringComparison.Ordinal);
            var expansion = organisations.FirstOrDefault(m => Initials(m) == letters);
            if (expansion is not null)
            {
                groups.Union("name:" + acronym, "name:" + expansion.Key);
            }
        }
    }

    private string Initials(Mention mention) => string.Concat(
        Enumerable.Range(mention.First, mention.Last - mention.First + 1)
            .Where(i => _tokens[i].IsCapitalised)
            .Select(i => Fold(i)[0]));

    /// <summary>
    /// One organisation written with and without its legal form or group word ("Stellantis NV" and "Stellantis",
    /// "PSA Group" and "Groupe PSA", "Procter &amp; Gamble Co", "Sky TG24 TV"): names equal without those words merge.
    /// </summary>
    private static void MergeLegalForms(Groups groups)
    {
        var byCore = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (var group in groups.Roots().Where(g => g.Place is null && g.Type() is null or EntityTypes.Organisation)
            .OrderByDescending(g => g.Type() == EntityTypes.Organisation).ThenByDescending(g => g.Mentions.Count).ToList())
        {
            var names = group.Mentions.Select(m => (IReadOnlyList<string>)m.Words).ToList();
            if (group.Mentions.FirstOrDefault(m => m.Known is not null)?.Known is { } known)
            {
                names.Add(TextFolding.FoldWords(known.Name).Split(' '));
            }

            var cores = names
                .Where(words => group.Type() == EntityTypes.Organisation || words.Any(EntityWords.LegalForms.Contains))
                .Select(words => string.Join(' ', words.Where(w => !EntityWords.LegalForms.Contains(w))))
                .Where(core => core.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            foreach (var core in cores)
            {
                if (byCore.TryGetValue(core, out var target) && target.Root != group.Root)
                {
                    Groups.Union(group.Root, target.Root); // an untyped name merges only when it carries a legal form ("Chrysler Automobiles NV")
                }
            }

            foreach (var core in cores)
            {
                byCore.TryAdd(core, group);
            }
        }
    }

    private static void MergePartialNames(Groups groups)
    {
        var roots = groups.Roots().Where(g => g.Place is null).ToList();
        var persons = roots.Where(g => g.Type() == EntityTypes.Person).ToList();
        foreach (var group in roots.OrderBy(g => g.LongestWords.Count))
        {
            var type = group.Type();
            if (type == EntityTypes.Organisation)
            {
                continue;
            }

            var words = group.LongestWords;
            var target = persons
                .Where(p => p != group && p.LongestWords.Count > words.Count && (StartsWith(p.LongestWords, words) || EndsWith(p.LongestWords, words)))
                .OrderByDescending(p => p.Mentions.Count)
                .ThenByDescending(p => p.LongestWords.Count)
                .FirstOrDefault();
            if (target is not null)
            {
                Groups.Union(group, target);
            }
        }
    }

    private bool FollowedBySpeechVerb(Mention mention)
    {
        if (mention.Last < 0)
        {
            return false;
        }

        var next = mention.Last + 1;
        if (next < _tokens.Count && _tokens[next].IsWord && EntityWords.SpeechVerbs.Contains(_tokens[next].Lower))
        {
            return true;
        }

        return next + 1 < _tokens.Count && _tokens[next].Lower is "ha" or "has" && _tokens[next + 1].IsWord && EntityWords.SpeechParticiples.Contains(_tokens[next + 1].Lower);
    }

    private static RecognizedEntity Build(Group group, string type)
    {
        var inText = group.Mentions.Where(m => m.Start is not null).OrderBy(m => m.Start).ToList();
        var inDateline = group.Mentions.Where(m => m.Start is null).ToList();
        var ordered = inDateline.Concat(inText).ToList();
        var name = type switch
        {
            EntityTypes.Place when group.Place is { } place => place.Name,
            EntityTypes.Organisation when ordered.FirstOrDefault(m => m.IsAcronym) is { } acronym => MostFrequent(ordered.Where(m => m.IsAcronym)),
            EntityTypes.Organisation when ordered.FirstOrDefault(m => m.Known is not null) is { Known: { } known } => known.Name,
            _ => ordered
                .OrderByDescending(m => m.Words.Count)
                .ThenByDescending(m => ordered.Count(o => o.Surface == m.Surface))
                .First().Surface,
        };

        var entity = new Entity
        {
            Name = name,
            Type = type,
            Count = ordered.Count,
            Mentions = [.. ordered.Select(m => m.Surface).Distinct(StringComparer.Ordinal)],
            Spans = [.. inText.Select(m => new TextSpan { Start = m.Start!.Value, Length = m.Surface.Length })],
            CountryCode = group.Place is { CountryCode.Length: > 0 } ? group.Place.CountryCode : null,
        };
        return new RecognizedEntity(entity, group.Place, inDateline.Count > 0);
    }

    private static string MostFrequent(IEnumerable<Mention> mentions) =>
        mentions.GroupBy(m => m.Surface, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;

    private static bool StartsWith(IReadOnlyList<string> words, IReadOnlyList<string> prefix) =>
        prefix.Count <= words.Count && prefix.Select((w, i) => words[i] == w).All(b => b);

    private static bool EndsWith(IReadOnlyList<string> words, IReadOnlyList<string> suffix) =>
        suffix.Count <= words.Count && suffix.Select((w, i) => words[words.Count - suffix.Count + i] == w).All(b => b);

    private string Fold(int index) => _context.Fold(index);

    private bool IsConnector(int index) => _context.IsConnector(index);
}
