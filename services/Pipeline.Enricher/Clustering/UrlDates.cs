using System.Globalization;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// The date a news page's address carries (<c>/2012/05/20/</c>, <c>/2012/may/21/</c>, <c>/2012-05-19-…</c>,
/// <c>/20220714/</c>, <c>/26-Sep-2023/</c>): many outlets write the day of publication into the path. Used as an
/// article's own date when neither the feed nor the dateline gives one. A year and a month without a day are not a date.
/// </summary>
internal static class UrlDates
{
    private const int MinimumYear = 1990;
    private const int MaximumYear = 2100;

    /// <summary>Path segments read at most (a hostile address costs bounded work).</summary>
    private const int MaximumTokens = 64;

    /// <summary>The first full date in the path of <paramref name="url"/>, else null.</summary>
    public static DateOnly? DateOf(Uri? url)
    {
        var tokens = Tokens(url);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Length == 8 && Digits(token) && Date(Number(token[..4]), Number(token[4..6]), Number(token[6..])) is { } compact)
            {
                return compact; // 20220714
            }

            if (i + 2 < tokens.Length)
            {
                if (token.Length == 4 && Digits(token) && Date(Number(token), Month(tokens[i + 1]), Day(tokens[i + 2])) is { } yearFirst)
                {
                    return yearFirst; // 2012/05/20, 2012/may/21, 2012-05-19
                }

                if (Day(token) is { } day && Date(tokens[i + 2].Length == 4 && Digits(tokens[i + 2]) ? Number(tokens[i + 2]) : null, Month(tokens[i + 1]), day) is { } dayFirst)
                {
                    return dayFirst; // 26-Sep-2023
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The month of the first year and month in the path (<c>/2012/05/</c>, <c>/2012/luglio/</c>, or of a full date) as
    /// months since January 1970, else null.
    /// </summary>
    public static int? MonthOf(Uri? url)
    {
        if (DateOf(url) is { } date)
        {
            return ((date.Year - 1970) * 12) + date.Month - 1;
        }

        // Whole path segments only: "/2012/05/" is a month, "-since-1990-1" is not.
        var tokens = url is null || !url.IsAbsoluteUri ? [] : url.AbsolutePath.Split('/', MaximumTokens + 1, StringSplitOptions.RemoveEmptyEntries).Take(MaximumTokens).ToArray();
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            if (tokens[i].Length == 4 && Digits(tokens[i]) && Number(tokens[i]) is >= MinimumYear and <= MaximumYear and var year
                && Month(tokens[i + 1]) is >= 1 and <= 12 and var month)
            {
                return ((year - 1970) * 12) + month - 1;
            }
        }

        return null;
    }

    private static string[] Tokens(Uri? url) => url is null || !url.IsAbsoluteUri
        ? []
        : [.. url.AbsolutePath.Split(['/', '-', '_', '.', ',', '+'], MaximumTokens + 1, StringSplitOptions.RemoveEmptyEntries).Take(MaximumTokens)];

    private static DateOnly? Date(int? year, int? month, int? day) =>
        year is >= MinimumYear and <= MaximumYear && month is >= 1 and <= 12 && day is >= 1 && day <= DateTime.DaysInMonth(year.Value, month.Value)
            ? new DateOnly(year.Value, month.Value, day.Value)
            : null;

    private static int? Month(string token) =>
        token.Length <= 2 && Digits(token) ? Number(token)
        : EventSignature.Months.TryGetValue(token.ToLowerInvariant(), out var month) ? month : null;

    private static int? Day(string token) => token.Length <= 2 && Digits(token) ? Number(token) : null;

    private static bool Digits(string token) => token.Length > 0 && token.All(char.IsAsciiDigit);

    private static int? Number(string digits) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
