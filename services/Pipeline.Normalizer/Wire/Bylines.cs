using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Text;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// By-lines of agency text wires: <c>By JOHN SMITH</c>, <c>By John Smith and Jane Doe</c>, <c>By Jane Doe, AP Business Writer</c>,
/// <c>Von Hans Müller</c>, <c>Di Mario Rossi</c>, and the role line under them (<c>Associated Press Writer</c>,
/// <c>THE CANADIAN PRESS</c>). Names in capitals are title-cased.
/// </summary>
internal static partial class Bylines
{
    private const int MaxNames = 6;

    /// <summary>The authors a by-line names, or an empty list when the line is not a by-line.</summary>
    public static List<Author> Read(string line)
    {
        var authors = new List<Author>();
        var match = Byline().Match(line);
        if (!match.Success)
        {
            return authors;
        }

        string? role = null;
        var names = new List<string>();
        foreach (var part in match.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsRole(part))
            {
                role ??= part;
                continue;
            }

            foreach (var name in NameSeparator().Split(part))
            {
                var trimmed = name.Trim().TrimEnd('.', ';');
                if (!IsName(trimmed))
                {
                    return [];
                }

                names.Add(TextCleaner.TitleCaseIfUpper(trimmed));
            }
        }

        if (names.Count is 0 or > MaxNames)
        {
            return [];
        }

        authors.AddRange(names.Select(n => new Author { Name = n, Role = role }));
        return authors;
    }

    /// <summary>A by-line that credits an agency and no person: <c>By The Associated Press</c>.</summary>
    public static bool IsAgencyByline(string line, out string? agency)
    {
        agency = null;
        var match = Byline().Match(line);
        if (!match.Success)
        {
            return false;
        }

        agency = AgencyOf(match.Groups["names"].Value);
        return agency is not null;
    }

    /// <summary>A role or desk line under a by-line: <c>Associated Press Writer</c>, <c>AP Business Writer</c>, <c>THE CANADIAN PRESS</c>, <c>Reuters</c>.</summary>
    public static bool IsRole(string text) =>
        text.Length is > 1 and <= 60 && !text.EndsWith('.') && RoleWords().IsMatch(text);

    /// <summary>The agency a role line names (<c>THE CANADIAN PRESS</c> → <c>The Canadian Press</c>), when it is one.</summary>
    public static string? AgencyOf(string? role)
    {
        if (role is null)
        {
            return null;
        }

        var trimmed = role.Trim();
        return AgencyRole().IsMatch(trimmed) ? TextCleaner.TitleCaseIfUpper(trimmed) : null;
    }

    private static bool IsName(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 1 and <= 5 && words.All(w => char.IsUpper(w[0]) || w is "de" or "da" or "di" or "van" or "von" or "der" or "del" or "la" or "le" or "al" or "bin" or "ibn")
            && char.IsUpper(words[0][0]) && !name.Any(char.IsDigit) && !RoleWords().IsMatch(name);
    }

    [GeneratedRegex(@"^(?:By|BY|Von|VON|Di|DI|Par|PAR|Por|POR)\s(?<names>\p{Lu}[\p{L}\p{M}.,'’&\- ]{1,160})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Byline();

    [GeneratedRegex(@"\s(?:and|AND|And|&|und|UND|e|E|et|ET|y|Y)\s", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex NameSeparator();

    [GeneratedRegex(@"\b(?:Writer|WRITER|Writers|WRITERS|Press|PRESS|Correspondent|CORRESPONDENT|Reporter|REPORTER|Editor|EDITOR|Staff|STAFF|Agency|AGENCY|News|NEWS|Reuters|REUTERS|Associated|ASSOCIATED|Corrispondente|Korrespondent|Redaktion|Columnist|COLUMNIST)\b", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex RoleWords();

    [GeneratedRegex(@"^(?:THE\s|The\s)?(?:CANADIAN PRESS|Canadian Press|ASSOCIATED PRESS|Associated Press|REUTERS|Reuters|PRESS ASSOCIATION|Press Association|AGENCE FRANCE-PRESSE|Agence France-Presse|AUSTRALIAN ASSOCIATED PRESS|Australian Associated Press)$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex AgencyRole();
}
