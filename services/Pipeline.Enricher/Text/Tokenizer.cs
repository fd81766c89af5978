using System.Globalization;

namespace Pipeline.Enricher.Text;

/// <summary>
/// Splits plain text into words, punctuation and line breaks, keeping offsets. Apostrophes split
/// (<c>dell'Ucraina</c> → <c>dell</c>, <c>Ucraina</c>; <c>Putin's</c> → <c>Putin</c>, <c>s</c>),
/// hyphens between letters join (<c>Jong-un</c>), dotted initials stay one word (<c>U.S.</c>).
/// Marks which words open a sentence. Linear in the text: no pattern matching, and a run of initials is scanned once.
/// </summary>
internal static class Tokenizer
{
    /// <summary>Abbreviations whose trailing period does not end a sentence.</summary>
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "prof", "jr", "sr", "lt", "col", "capt", "sgt", "mt", "no", "vs",
        "sig", "sigg", "dott", "avv", "ing", "on", "geom", "rag", "ca", "pag", "art", "co", "inc", "ltd", "corp",
    };

    public static IReadOnlyList<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var i = 0;
        var noInitialsBefore = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                tokens.Add(new Token("\n", i, TokenKind.Break));
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (IsWordChar(text, i))
            {
                var end = i < noInitialsBefore ? i : ReadInitials(text, i, ref noInitialsBefore);
                if (end == i)
                {
                    end = i;
                    while (end < text.Length && (IsWordChar(text, end) || (text[end] == '-' && end + 1 < text.Length && end > i && char.IsLetter(text[end - 1]) && char.IsLetter(text[end + 1]))))
                    {
                        end++;
                    }
                }

                tokens.Add(new Token(text[i..end], i, TokenKind.Word));
                i = end;
                continue;
            }

            // Apostrophes separate words and are dropped; anything else is one punctuation token.
            if (c is not ('\'' or '\u2019'))
            {
                var length = char.IsSurrogatePair(text, i) ? 2 : 1;
                tokens.Add(new Token(text.Substring(i, length), i, TokenKind.Punctuation));
                i += length;
                continue;
            }

            i++;
        }

        MarkSentenceStarts(tokens);
        return tokens;
    }

    private static bool IsWordChar(string text, int index)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(text, index);
        return char.IsLetterOrDigit(text, index)
            || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>
    /// Dotted initials (<c>U.S.</c>, <c>S.p.A.</c>): two or more letter-and-period pairs not followed by a letter.
    /// Returns the end, or <paramref name="start"/> when there are none. A run that is not initials is not initials
    /// from any of its later letters either (they reach the same end), so its end goes to
    /// <paramref name="noneBefore"/> and the run is never scanned again: <c>a.a.a.…a.ab</c> costs one pass, where
    /// trying at each of its letters (as the pattern this replaces did) cost one pass per letter.
    /// </summary>
    private static int ReadInitials(string text, int start, ref int noneBefore)
    {
        var end = start;
        while (end + 1 < text.Length && char.IsLetter(text[end]) && text[end + 1] == '.')
        {
            end += 2;
        }

        if (end - start >= 4 && (end == text.Length || !char.IsLetter(text[end])))
        {
            return end;
        }

        noneBefore = end;
        return start;
    }

    private static void MarkSentenceStarts(List<Token> tokens)
    {
        var atStart = true;
        Token? previousWord = null;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Break:
                    atStart = true;
                    break;
                case TokenKind.Punctuation:
                    if (token.Text is "!" or "?" or ":" or ";" or "…")
                    {
                        atStart = token.Text is not ";";
                    }
                    else if (token.Text == ".")
                    {
                        // "Mr. Smith", "J. Smith" and "3.5" do not end a sentence.
                        var abbreviation = previousWord is not null
                            && (Abbreviations.Contains(previousWord.Lower) || (previousWord.Text.Length == 1 && char.IsUpper(previousWord.Text[0])));
                        atStart = !abbreviation;
                    }

                    break;
                default:
                    token.SentenceStart = atStart;
                    atStart = false;
                    previousWord = token;
                    break;
            }
        }
    }
}
