using Pipeline.TextRules;

namespace Pipeline.Normalizer.Dates;

/// <summary>
/// Month, weekday and time-zone names the date parser understands, in English, Italian, French,
/// German, Spanish, Portuguese and Dutch. Own tables: nothing depends on the process culture or ICU.
/// Keys are folded (lower-case, without accents, without a trailing dot).
/// </summary>
internal static class DateNames
{
    private static readonly string[][] MonthRows =
    [
        // en, it, fr, de, es, pt, nl — full names and abbreviations
        ["january", "jan", "gennaio", "gen", "janvier", "janv", "januar", "jaenner", "jänner", "enero", "ene", "janeiro", "januari"],
        ["february", "feb", "febbraio", "fevrier", "févr", "fevr", "fev", "februar", "febrero", "fevereiro", "februari", "febr"],
        ["march", "mar", "marzo", "mars", "maerz", "märz", "marz", "mrz", "março", "marco", "maart", "mrt"],
        ["april", "apr", "aprile", "avril", "avr", "abril", "abr"],
        ["may", "maggio", "mag", "mai", "mayo", "maio", "mei"],
        ["june", "jun", "giugno", "giu", "juin", "juni", "junio", "junho"],
        ["july", "jul", "luglio", "lug", "juillet", "juil", "juli", "julio", "julho"],
        ["august", "aug", "agosto", "ago", "aout", "août", "augustus", "agto"],
        ["september", "sep", "sept", "settembre", "set", "septembre", "septiembre", "setiembre", "setembro"],
        ["october", "oct", "ottobre", "ott", "octobre", "oktober", "okt", "octubre", "outubro", "out"],
        ["november", "nov", "novembre", "noviembre", "novembro"],
        ["december", "dec", "dicembre", "dic", "decembre", "déc", "dezember", "dez", "diciembre", "dezembro"],
    ];

    private static readonly string[] WeekdayWords =
    [
        // en
        "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur", "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
        // it
        "lunedi", "lun", "martedi", "mar", "mercoledi", "mer", "giovedi", "gio", "venerdi", "ven", "sabato", "sab", "domenica", "dom",
        // fr
        "lundi", "mardi", "mercredi", "jeudi", "jeu", "vendredi", "samedi", "sam", "dimanche", "dim",
        // de
        "montag", "mo", "dienstag", "di", "mittwoch", "mi", "donnerstag", "do", "freitag", "fr", "samstag", "sa", "sonntag", "so",
        // es
        "lunes", "martes", "miercoles", "mie", "jueves", "jue", "viernes", "vie", "sabado", "domingo",
        // pt
        "segunda", "segunda-feira", "seg", "terca", "terca-feira", "ter", "quarta", "quarta-feira", "qua", "quinta", "quinta-feira", "qui", "sexta", "sexta-feira", "sex",
        // nl
        "maandag", "ma", "dinsdag", "woensdag", "wo", "donderdag", "vrijdag", "vr", "zaterdag", "za", "zondag", "zo",
    ];

    /// <summary>Words that may stand between the parts of a date ("13 de agosto de 2025", "le 13 août", "13. August").</summary>
    private static readonly string[] FillerWords =
    [
        "de", "del", "di", "d", "du", "der", "den", "van", "the", "of", "at", "on", "le", "la", "el", "il", "lo", "a", "à", "um", "om", "en", "alle", "ore", "h", "uhr", "hrs", "et", "y", "e", "und", "and", "às", "as",
    ];

    private static readonly (string Name, TimeSpan Offset)[] Zones =
    [
        ("z", TimeSpan.Zero), ("ut", TimeSpan.Zero), ("utc", TimeSpan.Zero), ("gmt", TimeSpan.Zero), ("wet", TimeSpan.Zero),
        ("west", TimeSpan.FromHours(1)), ("bst", TimeSpan.FromHours(1)), ("ist", new TimeSpan(5, 30, 0)),
        ("cet", TimeSpan.FromHours(1)), ("met", TimeSpan.FromHours(1)), ("mez", TimeSpan.FromHours(1)),
        ("cest", TimeSpan.FromHours(2)), ("mest", TimeSpan.FromHours(2)), ("mesz", TimeSpan.FromHours(2)), ("eet", TimeSpan.FromHours(2)),
        ("eest", TimeSpan.FromHours(3)), ("msk", TimeSpan.FromHours(3)), ("gst", TimeSpan.FromHours(4)), ("pkt", TimeSpan.FromHours(5)),
        ("ict", TimeSpan.FromHours(7)), ("wib", TimeSpan.FromHours(7)), ("sgt", TimeSpan.FromHours(8)), ("hkt", TimeSpan.FromHours(8)),
        ("awst", TimeSpan.FromHours(8)), ("pht", TimeSpan.FromHours(8)), ("jst", TimeSpan.FromHours(9)), ("kst", TimeSpan.FromHours(9)),
        ("acst", new TimeSpan(9, 30, 0)), ("acdt", new TimeSpan(10, 30, 0)), ("aest", TimeSpan.FromHours(10)), ("aedt", TimeSpan.FromHours(11)),
        ("nzst", TimeSpan.FromHours(12)), ("nzdt", TimeSpan.FromHours(13)),
        ("ast", TimeSpan.FromHours(-4)), ("adt", TimeSpan.FromHours(-3)), ("nst", new TimeSpan(-3, -30, 0)), ("ndt", new TimeSpan(-2, -30, 0)),
        ("est", TimeSpan.FromHours(-5)), ("edt", TimeSpan.FromHours(-4)), ("cst", TimeSpan.FromHours(-6)), ("cdt", TimeSpan.FromHours(-5)),
        ("mst", TimeSpan.FromHours(-7)), ("mdt", TimeSpan.FromHours(-6)), ("pst", TimeSpan.FromHours(-8)), ("pdt", TimeSpan.FromHours(-7)),
        ("akst", TimeSpan.FromHours(-9)), ("akdt", TimeSpan.FromHours(-8)), ("hst", TimeSpan.FromHours(-10)), ("brt", TimeSpan.FromHours(-3)),
        ("art", TimeSpan.FromHours(-3)),
    ];

    private static readonly Dictionary<string, int> Months = BuildMonths();
    private static readonly HashSet<string> Weekdays = new(WeekdayWords.Select(Key), StringComparer.Ordinal);
    private static readonly HashSet<string> Fillers = new(FillerWords.Select(Key), StringComparer.Ordinal);
    private static readonly Dictionary<string, TimeSpan> ZoneOffsets = Zones.ToDictionary(z => z.Name, z => z.Offset, StringComparer.Ordinal);

    /// <summary>Month number (1–12) of a month name or abbreviation in any supported language.</summary>
    public static bool TryMonth(string word, out int month) => Months.TryGetValue(Key(word), out month);

    /// <summary>True for a weekday name or abbreviation in any supported language.</summary>
    public static bool IsWeekday(string word) => Weekdays.Contains(Key(word));

    /// <summary>True for a word that may separate the parts of a date.</summary>
    public static bool IsFiller(string word) => Fillers.Contains(Key(word));

    /// <summary>UTC offset of a named zone (GMT, CET, CEST, EST, PDT, …).</summary>
    public static bool TryZone(string word, out TimeSpan offset) => ZoneOffsets.TryGetValue(Key(word), out offset);

    /// <summary>Folded lookup key: lower-case, no accents, no trailing dot or apostrophe.</summary>
    public static string Key(string word) => TextFolding.Fold(word.Trim().TrimEnd('.', ',', '\'', '’'));

    private static Dictionary<string, int> BuildMonths()
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < MonthRows.Length; i++)
        {
            foreach (var name in MonthRows[i])
            {
                months.TryAdd(Key(name), i + 1);
            }
        }

        return months;
    }
}
