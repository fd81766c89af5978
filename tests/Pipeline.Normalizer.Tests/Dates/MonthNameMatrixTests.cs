using Pipeline.Normalizer.Dates;

namespace Pipeline.Normalizer.Tests.Dates;

/// <summary>
/// Every month in seven languages, written out and abbreviated the way newsrooms write them, in lower,
/// title and upper case, with and without a time: several hundred cases from tables kept here,
/// independent of the parser's own tables.
/// </summary>
public sealed class MonthNameMatrixTests
{
    private static readonly Dictionary<string, (string[] Full, string[] Abbreviated)> Months = new(StringComparer.Ordinal)
    {
        ["it"] = (["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
                  ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]),
        ["en"] = (["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
                  ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        ["fr"] = (["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
                  ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"]),
        ["de"] = (["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
                  ["jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"]),
        ["es"] = (["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
                  ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]),
        ["pt"] = (["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
                  ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]),
        ["nl"] = (["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
                  ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
    };

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (language, (full, abbreviated)) in Months)
        {
            for (var month = 1; month <= 12; month++)
            {
                foreach (var name in new[] { full[month - 1], abbreviated[month - 1] }.Distinct(StringComparer.Ordinal))
                {
                    data.Add(language, name, month);
                    data.Add(language, Title(name), month);
                    data.Add(language, name.ToUpperInvariant(), month);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParseDate_DayMonthYear_InEveryLanguageAndCase(string language, string month, int expected)
    {
        var day = expected + 10;

        var parsed = LenientDateParser.ParseDate($"{day} {month} 2024");

        Assert.True(parsed == new DateOnly(2024, expected, day), $"{language}: '{day} {month} 2024' gave {parsed?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_DayMonthYearWithTimeAndZone_InEveryLanguageAndCase(string language, string month, int expected)
    {
        var day = expected + 10;

        var parsed = LenientDateParser.Parse($"{day} {month} 2024 14:30 GMT");

        Assert.True(parsed == new DateTimeOffset(2024, expected, day, 14, 30, 0, TimeSpan.Zero), $"{language}: '{day} {month} 2024 14:30 GMT' gave {parsed?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
    }

    private static string Title(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
