using Pipeline.Contracts.Articles;
using Pipeline.Enricher.Entities.Tagging;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Entities;

/// <summary>Mention finding: how the statistical tagger's names join the rules' (<see cref="NerTagger"/>).</summary>
internal sealed partial class MentionFinder
{

    /// <summary>
    /// The statistical tagger's names (<see cref="NerTagger"/>) beside the rules': a name no rule found is added
    /// with the tagger's type; a name the rules found but could not type takes the tagger's type; a person the
    /// rules cut at an initial, particle or hyphen ("George W. Bush", "Ursula von der Leyen") is taken whole.
    /// </summary>
    private void AddTaggedMentions()
    {
        var ruleMentions = _mentions.Count;
        var removed = new HashSet<int>();
        var spans = _tagger.Tag(_tokens, _lowerCaseWords, _context.Language);
        foreach (var span in spans)
        {
            if (Trim(span) is not { } tagged)
            {
                continue;
            }

            var overlapping = new List<int>();
            for (var m = 0; m < ruleMentions; m++)
            {
                var mention = _mentions[m];
                if (!removed.Contains(m) && mention.First >= 0 && mention.First <= tagged.Last && mention.Last >= tagged.First)
                {
                    overlapping.Add(m);
                }
            }

            if (overlapping.Count == 0 && Shouting(tagged))
            {
                continue; // all-caps headlines and datelines ("NATO ALLIES MEET", "ROMA (ANSA)") say nothing about names
            }

            if (overlapping.Count == 0)
            {
                if (tagged.Margin >= NewNameMargin && AcceptableNewName(tagged))
                {
                    Add(tagged.First, tagged.Last, tagged.Type);
                }

                continue;
            }

            var inside = overlapping.TrueForAll(m => _mentions[m].First >= tagged.First && _mentions[m].Last <= tagged.Last);
            if (!inside)
            {
                continue;
            }

            var covered = overlapping.ConvertAll(m => _mentions[m]);
            var wider = covered.TrueForAll(m => m.Last - m.First < tagged.Last - tagged.First);
            // Only a continuation counts: the rules' first name starts where the tagger's does ("ministro degli
            // Esteri Antonio Tajani" stays "Antonio Tajani"); a town's name inside it is a surname ("George W. Bush").
            if (tagged.Type == EntityTypes.Person && wider && tagged.Margin >= WholeNameMargin
                && covered.Exists(m => m.First == tagged.First
                    && (m.Type == EntityTypes.Person || (m.Type is null && _lexicon.GivenNames.Contains(m.Words[0]))))
                && covered.TrueForAll(m => m.Known is null
                    && (m.Place is null ? m.Type is null or EntityTypes.Person : m.Place.Kind == PlaceKind.City && m.First > tagged.First))
                && WholeName(tagged.First, tagged.Last))
            {
                removed.UnionWith(overlapping);
                Add(tagged.First, tagged.Last, EntityTypes.Person);
                continue;
            }

            // "Regione Emilia Romagna", "Consiglio regionale del Piemonte", "Tribunale di Milano": an institution named
            // after a place. The rules stop at the place; the tagger reads one organisation starting with an
            // organisation word, so the whole name is the organisation (the place inside is not a separate mention).
            if (tagged.Type == EntityTypes.Organisation && wider && tagged.Margin >= WholeOrganisationMargin
                && _lexicon.OrganisationWords.Contains(_tokens[tagged.First].Folded)
                && covered.TrueForAll(m => m.Known is null && m.Type is null or EntityTypes.Place or EntityTypes.Organisation)
                && AcceptableNewName(tagged))
            {
                removed.UnionWith(overlapping);
                Add(tagged.First, tagged.Last, EntityTypes.Organisation);
                continue;
            }

            foreach (var m in overlapping)
            {
                if (_mentions[m] is { Type: null, Place: null, Known: null } untyped && tagged.Margin >= TypeMargin)
                {
                    _mentions[m] = untyped with { TaggedType = tagged.Type };
                }
            }
        }

        foreach (var m in removed.OrderDescending())
        {
            _mentions.RemoveAt(m);
        }

        UntypeSurnamesTakenForTowns(spans);
    }

    /// <summary>
    /// "Bush said" after "George W. Bush": a lone word the gazetteer holds as a town but the tagger reads as a person,
    /// and that ends a person's name in the article, is that person's surname; it loses the town and merges with the name.
    /// </summary>
    private void UntypeSurnamesTakenForTowns(IReadOnlyList<TaggedSpan> tagged)
    {
        var surnames = _mentions.Where(m => m.Type == EntityTypes.Person && m.Words.Count >= 2).Select(m => m.Words[^1]).ToHashSet(StringComparer.Ordinal);
        for (var m = 0; m < _mentions.Count; m++)
        {
            var mention = _mentions[m];
            if (mention is { Place.Kind: PlaceKind.City, Known: null } && mention.First == mention.Last && surnames.Contains(mention.Words[0])
                && tagged.Any(t => t.First == mention.First && t.Last == mention.Last && t.Type == EntityTypes.Person && t.Margin >= SurnameMargin))
            {
                _mentions[m] = mention with { Place = null, Type = null, TaggedType = EntityTypes.Person };
            }
        }
    }

    /// <summary>Smallest score margins for the tagger's word to count: a new name, a type for an untyped name, a whole person.</summary>
    private const float NewNameMargin = 2f;
    private const float TypeMargin = 1f;
    private const float WholeNameMargin = 1f;
    private const float WholeOrganisationMargin = 2f;
    private const float SurnameMargin = 10f;

    /// <summary>The span without leading or trailing punctuation and connectors; null when no capitalised word is left.</summary>
    private TaggedSpan? Trim(TaggedSpan span)
    {
        var first = span.First;
        var last = span.Last;
        while (first <= last && (!_tokens[first].IsWord || IsConnector(first) || !char.IsUpper(_tokens[first].Text[0])
            || (first < last && _lexicon.PersonTitles.Contains(_tokens[first].Folded))))
        {
            first++; // "Mr Brown", "Minister Alkatiri": the title is not part of the name
        }

        while (last >= first && (!_tokens[last].IsWord || IsConnector(last) || !char.IsLetterOrDigit(_tokens[last].Text[0])))
        {
            last--;
        }

        return first > last ? null : span with { First = first, Last = last };
    }

    /// <summary>The span and the words around it are all capitals.</summary>
    private bool Shouting(TaggedSpan span)
    {
        var caps = 0;
        var words = 0;
        for (var i = Math.Max(0, span.First - 3); i <= Math.Min(_tokens.Count - 1, span.Last + 3); i++)
        {
            if (_tokens[i].IsWord && _tokens[i].Text.Any(char.IsLetter))
            {
                words++;
                caps += _tokens[i].IsAllCaps ? 1 : 0;
            }
        }

        return words >= 2 && caps * 3 >= words * 2 && Enumerable.Range(span.First, span.Last - span.First + 1).All(i => !_tokens[i].IsWord || _tokens[i].IsAllCaps);
    }

    /// <summary>Every word capitalised, a particle ("von", "der", "al-…"), an initial, or hyphenated: one person's name.</summary>
    private bool WholeName(int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            var token = _tokens[i];
            if (token.Kind == TokenKind.Break)
            {
                return false;
            }

            if (!token.IsWord)
            {
                if (token.Text != "." || i == first)
                {
                    return false;
                }

                continue;
            }

            if (!char.IsUpper(token.Text[0]) && !EntityWords.NameParticles.Contains(token.Lower) && !EntityWords.InnerParticles.Contains(token.Lower)
                && !token.Text.Contains('-', StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private bool AcceptableNewName(TaggedSpan span)
    {
        var words = Enumerable.Range(span.First, span.Last - span.First + 1).Where(i => _tokens[i].IsWord).ToList();
        if (words.Count == 0 || words.Count > 8)
        {
            return false;
        }

        if (words.Count == 1)
        {
            if (span.Type == EntityTypes.Person)
            {
                return false; // a lone word is a person only on the rules' evidence
            }

            var token = _tokens[words[0]];
            var folded = token.Folded;
            if (_lexicon.AllStopWords.Contains(folded) || _lexicon.PersonTitles.Contains(folded) || _lexicon.GivenNames.Contains(folded)
                || (!token.IsAllCaps && _lexicon.OrganisationWords.Contains(folded)) // "il Consiglio", "il Dipartimento": a common noun, as for the rules
                || (token.IsAllCaps ? _lexicon.NonOrganisationAcronyms.Contains(token.Text) : _lowerCaseWords.Contains(folded))
                || token.IsNumber)
            {
                return false;
            }
        }

        // "Il Presidente della Repubblica": a name has a word no title or stop word list holds.
        return words.Exists(i => !_lexicon.AllStopWords.Contains(Fold(i)) && !_lexicon.PersonTitles.Contains(Fold(i)) && !IsConnector(i));
    }

}
