using Pipeline.TextRules;

namespace Pipeline.Enricher.Text;

/// <summary>What a <see cref="Token"/> is.</summary>
internal enum TokenKind
{
    /// <summary>Letters and digits (with inner hyphens, or dotted initials such as <c>U.S.</c>).</summary>
    Word,

    /// <summary>One punctuation or symbol character.</summary>
    Punctuation,

    /// <summary>A line break: paragraphs and the headline end there.</summary>
    Break,
}

/// <summary>A token of the plain text, with its character range.</summary>
internal sealed record Token(string Text, int Start, TokenKind Kind)
{
    public int End => Start + Text.Length;

    public string Lower { get; } = Text.ToLowerInvariant();

    /// <summary>Lower case without diacritics (see <see cref="TextFolding"/>).</summary>
    public string Folded => _folded ??= TextFolding.Fold(Text);

    private string? _folded;

    /// <summary>True for a word that opens a sentence (its capital letter says nothing about names).</summary>
    public bool SentenceStart { get; set; }

    public bool IsWord => Kind == TokenKind.Word;

    /// <summary>Starts with an upper-case letter.</summary>
    public bool IsCapitalised => Kind == TokenKind.Word && char.IsUpper(Text[0]);

    /// <summary>Two characters or more, letters all upper case (digits allowed): <c>KCNA</c>, <c>G7</c>, <c>U.S.</c>.</summary>
    public bool IsAllCaps
    {
        get
        {
            if (Kind != TokenKind.Word)
            {
                return false;
            }

            var letters = 0;
            foreach (var c in Text)
            {
                if (char.IsLetter(c))
                {
                    if (!char.IsUpper(c))
                    {
                        return false;
                    }

                    letters++;
                }
            }

            return letters >= 1 && Text.Length >= 2;
        }
    }

    public bool IsNumber => Kind == TokenKind.Word && Text.All(c => char.IsDigit(c) || c is '.' or ',');
}
