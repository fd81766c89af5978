using System.Text;
using Pipeline.Enricher.Lexicons;
using Pipeline.Enricher.Text;

namespace Pipeline.Enricher.Entities.Tagging;

/// <summary>What the word lists and gazetteers say about one token: one bit each.</summary>
[Flags]
internal enum LexicalFlags
{
    None = 0,
    GivenName = 1 << 0,
    CommonGivenName = 1 << 1,
    StopWord = 1 << 2,
    PersonTitle = 1 << 3,
    OrganisationWord = 1 << 4,
    Connector = 1 << 5,
    PlaceBegin = 1 << 6,
    PlaceInside = 1 << 7,
    Country = 1 << 8,
    City = 1 << 9,
    KnownOrganisationBegin = 1 << 10,
    KnownOrganisationInside = 1 << 11,
    SentenceStart = 1 << 12,
    AmbiguousPlace = 1 << 13,
    NotAnAcronym = 1 << 14,
    LowerCaseElsewhere = 1 << 15,
    Region = 1 << 16,
    BigCity = 1 << 17,
}

/// <summary>
/// One sequence the tagger reads: word and punctuation tokens of one paragraph (breaks split sequences), with
/// the per-token facts the features need, computed once.
/// </summary>
internal sealed class NerSequence
{
    private NerSequence(Token[] tokens, string[] shapes, LexicalFlags[] flags, int language)
    {
        Tokens = tokens;
        Shapes = shapes;
        Flags = flags;
        Language = language;
    }

    public Token[] Tokens { get; }

    public string[] Shapes { get; }

    public LexicalFlags[] Flags { get; }

    public int Length => Tokens.Length;

    /// <summary>The text's language as a feature value: 1 English, 2 Italian, 0 any other or unknown.</summary>
    public int Language { get; }

    /// <summary>The feature value of a language code (<c>en</c>, <c>it</c>, anything else).</summary>
    public static int LanguageFeature(string? language) => language switch
    {
        "en" => 1,
        "it" => 2,
        _ => 0,
    };

    /// <summary>
    /// Splits a token list at its breaks. <paramref name="lowerCaseWords"/> are the folded words the whole document
    /// writes in lower case somewhere (a capitalised word that is also written lower case is likely a common word).
    /// </summary>
    public static List<(int Offset, NerSequence Sequence)> Split(
        IReadOnlyList<Token> tokens, NerLexicon lexicon, IReadOnlySet<string> lowerCaseWords, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(lexicon);
        var sequences = new List<(int, NerSequence)>();
        var start = 0;
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i < tokens.Count && tokens[i].Kind != TokenKind.Break)
            {
                continue;
            }

            if (i > start)
            {
                var slice = new Token[i - start];
                for (var k = 0; k < slice.Length; k++)
                {
                    slice[k] = tokens[start + k];
                }

                sequences.Add((start, Create(slice, lexicon, lowerCaseWords, language)));
            }

            start = i + 1;
        }

        return sequences;
    }

    public static NerSequence Create(Token[] tokens, NerLexicon lexicon, IReadOnlySet<string> lowerCaseWords, string? language = null)
    {
        var shapes = new string[tokens.Length];
        var flags = new LexicalFlags[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            shapes[i] = Shape(tokens[i].Text);
            flags[i] = lexicon.WordFlags(tokens[i]);
            if (tokens[i].SentenceStart || i == 0)
            {
                flags[i] |= LexicalFlags.SentenceStart;
            }

            if (tokens[i].IsCapitalised && lowerCaseWords.Contains(tokens[i].Folded))
            {
                flags[i] |= LexicalFlags.LowerCaseElsewhere;
            }
        }

        lexicon.MarkGazetteerSpans(tokens, flags);
        return new NerSequence(tokens, shapes, flags, LanguageFeature(language));
    }

    /// <summary>The word's shape with runs collapsed: <c>Jean-Luc</c> → <c>Xx-Xx</c>, <c>U.S.</c> → <c>X.X.</c>, <c>G7</c> → <c>Xd</c>.</summary>
    public static string Shape(string word)
    {
        var builder = new StringBuilder(Math.Min(word.Length, 12));
        var previous = '\0';
        foreach (var c in word)
        {
            var s = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : char.IsLetter(c) ? 'x' : c;
            if (s != previous)
            {
                builder.Append(s);
                previous = s;
            }

            if (builder.Length >= 12)
            {
                break;
            }
        }

        return builder.ToString();
    }
}

/// <summary>The word lists and gazetteers as tagger features (gazetteers stay evidence, the model weighs them).</summary>
internal sealed class NerLexicon(Lexicon lexicon, Gazetteer gazetteer, OrganisationGazetteer organisations)
{
    public static NerLexicon Default => Holder.Instance;

    public LexicalFlags WordFlags(Token token)
    {
        if (!token.IsWord)
        {
            return LexicalFlags.None;
        }

        var folded = token.Folded;
        var flags = LexicalFlags.None;
        if (lexicon.GivenNames.Contains(folded))
        {
            flags |= LexicalFlags.GivenName;
        }

        if (lexicon.CommonGivenNames.Contains(folded))
        {
            flags |= LexicalFlags.CommonGivenName;
        }

        if (lexicon.AllStopWords.Contains(folded))
        {
            flags |= LexicalFlags.StopWord;
        }

        if (lexicon.PersonTitles.Contains(folded))
        {
            flags |= LexicalFlags.PersonTitle;
        }

        if (lexicon.OrganisationWords.Contains(folded))
        {
            flags |= LexicalFlags.OrganisationWord;
        }

        if (lexicon.Connectors.Contains(folded))
        {
            flags |= LexicalFlags.Connector;
        }

        if (lexicon.AmbiguousPlaces.Contains(folded))
        {
            flags |= LexicalFlags.AmbiguousPlace;
        }

        if (lexicon.NonOrganisationAcronyms.Contains(token.Text))
        {
            flags |= LexicalFlags.NotAnAcronym;
        }

        return flags;
    }

    /// <summary>Marks the tokens covered by the longest gazetteer place or known organisation starting at each capitalised word.</summary>
    public void MarkGazetteerSpans(Token[] tokens, LexicalFlags[] flags)
    {
        var placeEnd = -1;
        var organisationEnd = -1;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!tokens[i].IsWord || !char.IsUpper(tokens[i].Text[0]))
            {
                continue;
            }

            if (i > placeEnd && gazetteer.Match(tokens, i, tokens.Length - 1) is { } place)
            {
                flags[i] |= LexicalFlags.PlaceBegin | place.Place.Kind switch
                {
                    PlaceKind.Country => LexicalFlags.Country,
                    PlaceKind.City => place.Place.Population >= 1_000_000 ? LexicalFlags.City | LexicalFlags.BigCity : LexicalFlags.City,
                    _ => LexicalFlags.Region,
                };
                placeEnd = i + place.Length - 1;
                for (var k = i + 1; k <= placeEnd; k++)
                {
                    flags[k] |= LexicalFlags.PlaceInside;
                }
            }

            if (i > organisationEnd && organisations.Match(tokens, i, tokens.Length - 1) is { } known)
            {
                flags[i] |= LexicalFlags.KnownOrganisationBegin;
                organisationEnd = i + known.Length - 1;
                for (var k = i + 1; k <= organisationEnd; k++)
                {
                    flags[k] |= LexicalFlags.KnownOrganisationInside;
                }
            }
        }
    }

    private static class Holder
    {
        public static readonly NerLexicon Instance = new(Lexicon.Default, Gazetteer.Default, OrganisationGazetteer.Default);
    }
}

/// <summary>Hashed feature templates of one token given the labels already chosen before it.</summary>
internal static class NerFeatureExtractor
{
    public const int MaximumFeatures = 104;
    private const int FlagBits = 18;

    /// <summary>Writes the feature hashes of token <paramref name="i"/> into <paramref name="into"/>; returns how many.</summary>
    public static int Extract(NerSequence sequence, int i, int previous, int previous2, Span<ulong> into)
    {
        var n = 0;
        var tokens = sequence.Tokens;
        var w0 = tokens[i].Lower;
        var s0 = sequence.Shapes[i];
        var wm1 = i > 0 ? tokens[i - 1].Lower : "<s>";
        var wm2 = i > 1 ? tokens[i - 2].Lower : "<s>";
        var wp1 = i + 1 < tokens.Length ? tokens[i + 1].Lower : "</s>";
        var wp2 = i + 2 < tokens.Length ? tokens[i + 2].Lower : "</s>";
        var sm1 = i > 0 ? sequence.Shapes[i - 1] : "<s>";
        var sm2 = i > 1 ? sequence.Shapes[i - 2] : "<s>";
        var sp1 = i + 1 < tokens.Length ? sequence.Shapes[i + 1] : "</s>";
        var sp2 = i + 2 < tokens.Length ? sequence.Shapes[i + 2] : "</s>";

        into[n++] = Hash(1);
        into[n++] = Hash(2, w0);
        into[n++] = Hash(3, wm1);
        into[n++] = Hash(4, wp1);
        into[n++] = Hash(5, wm2);
        into[n++] = Hash(6, wp2);
        into[n++] = Hash(7, s0);
        into[n++] = Hash(8, sm1);
        into[n++] = Hash(9, sp1);
        into[n++] = Hash(10, sm2);
        into[n++] = Hash(11, sp2);
        for (var k = 1; k <= 4 && k < w0.Length; k++)
        {
            into[n++] = Hash(11 + k, w0.AsSpan(0, k));
            into[n++] = Hash(15 + k, w0.AsSpan(w0.Length - k));
        }

        AddFlags(sequence.Flags[i], 20, into, ref n);
        if (i > 0)
        {
            AddFlags(sequence.Flags[i - 1], 40, into, ref n);
        }

        if (i + 1 < tokens.Length)
        {
            AddFlags(sequence.Flags[i + 1], 60, into, ref n);
        }

        into[n++] = Hash(80, NerLabels.Name(previous));
        into[n++] = Hash(81, NerLabels.Name(previous), NerLabels.Name(previous2));
        into[n++] = Hash(82, NerLabels.Name(previous), w0);
        into[n++] = Hash(83, NerLabels.Name(previous), s0);
        into[n++] = Hash(84, sm1, s0, sp1);
        into[n++] = Hash(85, wm1, s0);
        into[n++] = Hash(86, s0, wp1);
        into[n++] = Hash(87, wm1, w0);
        into[n++] = Hash(88, w0, wp1);
        into[n++] = Hash(89, Math.Min(w0.Length, 12));
        into[n++] = Hash(90, (int)(sequence.Flags[i] & (LexicalFlags.SentenceStart | LexicalFlags.LowerCaseElsewhere)), s0);
        into[n++] = Hash(91, NerLabels.Name(previous), (int)(sequence.Flags[i] & (LexicalFlags.GivenName | LexicalFlags.PlaceBegin | LexicalFlags.Connector | LexicalFlags.StopWord)));
        into[n++] = Hash(92, sm2, sm1, s0);
        into[n++] = Hash(93, s0, sp1, sp2);

        // The text's language with the word, its shape, its context and the gazetteers' evidence: Italian and English
        // write names alike but not the words around them (a capitalised Italian common word, an English title).
        var language = sequence.Language;
        into[n++] = Hash(94, language);
        into[n++] = Hash(95, language, s0);
        into[n++] = Hash(96, language, w0);
        into[n++] = Hash(97, language, wm1);
        into[n++] = Hash(98, language, NerLabels.Name(previous));
        into[n++] = Hash(99, ((int)(sequence.Flags[i] & (LexicalFlags.GivenName | LexicalFlags.PlaceBegin | LexicalFlags.City
            | LexicalFlags.OrganisationWord | LexicalFlags.KnownOrganisationBegin | LexicalFlags.SentenceStart)) * 4) + language);
        return n;
    }

    private static void AddFlags(LexicalFlags flags, int template, Span<ulong> into, ref int n)
    {
        var bits = (int)flags;
        for (var b = 0; b < FlagBits; b++)
        {
            if ((bits & (1 << b)) != 0)
            {
                into[n++] = Hash(template + b);
            }
        }
    }

    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private static ulong Mix(ulong h, int value)
    {
        unchecked
        {
            h ^= (uint)value;
            h *= Prime;
            h ^= (uint)value >> 16;
            h *= Prime;
            return h;
        }
    }

    private static ulong Mix(ulong h, ReadOnlySpan<char> text)
    {
        unchecked
        {
            foreach (var c in text)
            {
                h ^= c;
                h *= Prime;
            }

            h ^= 0xFF;
            h *= Prime;
            return h;
        }
    }

    private static ulong Hash(int template) => Mix(Offset, template);

    private static ulong Hash(int template, int value) => Mix(Mix(Offset, template), value);

    private static ulong Hash(int template, ReadOnlySpan<char> a) => Mix(Mix(Offset, template), a);

    private static ulong Hash(int template, string a, string b) => Mix(Mix(Mix(Offset, template), a), b);

    private static ulong Hash(int template, string a, string b, string c) => Mix(Mix(Mix(Mix(Offset, template), a), b), c);

    private static ulong Hash(int template, int a, string b) => Mix(Mix(Mix(Offset, template), a), b);

    private static ulong Hash(int template, string a, int b) => Mix(Mix(Mix(Offset, template), a), b);
}
