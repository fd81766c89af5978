using System.Globalization;
using System.Text;
using Pipeline.Contracts.Articles;

namespace Pipeline.Cli.Evaluation;

/// <summary>How a predicted entity of one article is judged against the gold entities of that article.</summary>
internal enum MatchOutcome
{
    /// <summary>Matches a gold entity of the same type not matched before: a true positive.</summary>
    Correct,

    /// <summary>Matches a gold entity of the same type another prediction already matched (the enricher split one entity in two): a false positive.</summary>
    Duplicate,

    /// <summary>Matches a gold entity of another type only: a false positive for its own type (the gold entity stays a false negative unless something else finds it).</summary>
    WrongType,

    /// <summary>Matches an ignored surface form (street, building, title of a work, metonym): not counted.</summary>
    Ignored,

    /// <summary>Matches nothing in the gold: a false positive.</summary>
    Spurious,
}

/// <summary>A predicted entity and what it was judged to be.</summary>
internal sealed record EntityJudgement(Entity Predicted, MatchOutcome Outcome, GoldEntity? Gold);

/// <summary>The judgements of one article plus the gold entities nothing found.</summary>
internal sealed record ArticleMatch(IReadOnlyList<EntityJudgement> Predictions, IReadOnlyList<GoldEntity> Missed);

/// <summary>
/// The matching rule of the evaluation. Names are compared by <see cref="Key"/>: case-insensitive,
/// accent-insensitive, typographic apostrophes as <c>'</c>, runs of white space as one space, a trailing
/// full stop dropped. A predicted entity is correct when its name <em>or</em> any of its surface forms
/// equals the gold name <em>or</em> any gold surface form, and the types agree. Each gold entity is
/// matched at most once; predictions are taken in the order the enricher ranks them.
/// </summary>
internal static class EntityMatcher
{
    /// <summary>The comparison key of a name.</summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c is '\u2019' or '\u2018' or '`' or '\u00b4' ? '\'' : c);
        }

        if (builder.Length > 1 && builder[^1] == '.')
        {
            builder.Length--;
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Judges <paramref name="predicted"/> against the gold of <paramref name="article"/>.</summary>
    public static ArticleMatch Match(GoldArticle article, IReadOnlyList<Entity> predicted)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(predicted);
        var goldKeys = article.Entities.Select(g => (Gold: g, Keys: Keys(g.Name, g.Mentions))).ToList();
        var ignored = article.Ignored.Select(Key).ToHashSet(StringComparer.Ordinal);
        var matched = new HashSet<GoldEntity>(ReferenceEqualityComparer.Instance);
        var slots = new EntityJudgement?[predicted.Count];

        // First pass: exact name agreement wins, so "Putin" (split off) cannot steal the slot of "Vladimir Putin".
        for (var i = 0; i < predicted.Count; i++)
        {
            var p = predicted[i];
            var name = Key(p.Name);
            var gold = goldKeys.FirstOrDefault(g => g.Gold.Type == p.Type && !matched.Contains(g.Gold) && Key(g.Gold.Name) == name).Gold;
            if (gold is not null)
            {
                matched.Add(gold);
                slots[i] = new EntityJudgement(p, MatchOutcome.Correct, gold);
            }
        }

        for (var i = 0; i < predicted.Count; i++)
        {
            if (slots[i] is not null)
            {
                continue;
            }

            var p = predicted[i];
            var keys = Keys(p.Name, p.Mentions);
            var sameType = goldKeys.Where(g => g.Gold.Type == p.Type && g.Keys.Overlaps(keys)).Select(g => g.Gold).ToList();
            var free = sameType.FirstOrDefault(g => !matched.Contains(g));
            if (free is not null)
            {
                matched.Add(free);
                slots[i] = new EntityJudgement(p, MatchOutcome.Correct, free);
            }
            else if (sameType.Count > 0)
            {
                slots[i] = new EntityJudgement(p, MatchOutcome.Duplicate, sameType[0]);
            }
            else if (keys.Overlaps(ignored))
            {
                slots[i] = new EntityJudgement(p, MatchOutcome.Ignored, null);
            }
            else if (goldKeys.FirstOrDefault(g => g.Keys.Overlaps(keys)).Gold is { } other)
            {
                slots[i] = new EntityJudgement(p, MatchOutcome.WrongType, other);
            }
            else
            {
                slots[i] = new EntityJudgement(p, MatchOutcome.Spurious, null);
            }
        }

        return new ArticleMatch([.. slots.Select(s => s!)], [.. article.Entities.Where(g => !matched.Contains(g))]);
    }

    private static HashSet<string> Keys(string name, IEnumerable<string> mentions)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { Key(name) };
        foreach (var mention in mentions)
        {
            keys.Add(Key(mention));
        }

        keys.Remove("");
        return keys;
    }
}
