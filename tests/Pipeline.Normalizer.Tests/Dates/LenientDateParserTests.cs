using Pipeline.Normalizer.Dates;

namespace Pipeline.Normalizer.Tests.Dates;

public sealed class LenientDateParserTests
{
    [Theory]
    // RFC 822 / 1123 / 850, English
    [InlineData("Wed, 13 Aug 2025 10:15:00 GMT", "2025-08-13T10:15:00+00:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 -0500", "2025-08-13T10:15:00-05:00")]
    [InlineData("Wed, 13 Aug 2025 10:15 GMT", "2025-08-13T10:15:00+00:00")]
    [InlineData("13 Aug 2025 10:15:00 GMT", "2025-08-13T10:15:00+00:00")]
    [InlineData("Wed, 13 Aug 25 10:15:00 GMT", "2025-08-13T10:15:00+00:00")]
    [InlineData("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00")]
    [InlineData("Sun, 19 May 2002 15:21:36 GMT", "2002-05-19T15:21:36+00:00")]
    [InlineData("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01+00:00")]
    [InlineData("Mon, 01 Jan 2024 00:00:00 UT", "2024-01-01T00:00:00+00:00")]
    [InlineData("Mon, 01 Jan 2024 00:00:00 UTC", "2024-01-01T00:00:00+00:00")]
    [InlineData("Mon, 01 Jan 2024 00:00:00 Z", "2024-01-01T00:00:00+00:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 CET", "2025-08-13T10:15:00+01:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 CEST", "2025-08-13T10:15:00+02:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 EST", "2025-08-13T10:15:00-05:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 EDT", "2025-08-13T10:15:00-04:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 CST", "2025-08-13T10:15:00-06:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 CDT", "2025-08-13T10:15:00-05:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 MST", "2025-08-13T10:15:00-07:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 MDT", "2025-08-13T10:15:00-06:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 PST", "2025-08-13T10:15:00-08:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 PDT", "2025-08-13T10:15:00-07:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 BST", "2025-08-13T10:15:00+01:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 EET", "2025-08-13T10:15:00+02:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 MSK", "2025-08-13T10:15:00+03:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 JST", "2025-08-13T10:15:00+09:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 AEST", "2025-08-13T10:15:00+10:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 IST", "2025-08-13T10:15:00+05:30")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 +02:00", "2025-08-13T10:15:00+02:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 GMT+2", "2025-08-13T10:15:00+02:00")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 UTC-03:30", "2025-08-13T10:15:00-03:30")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 -0800 (PST)", "2025-08-13T10:15:00-08:00")]
    [InlineData("Wednesday, 13-Aug-25 10:15:00 GMT", "2025-08-13T10:15:00+00:00")]
    [InlineData("Wednesday, 13 August 2025 10:15:00 GMT", "2025-08-13T10:15:00+00:00")]
    [InlineData("Wed,13 Aug 2025 10:15:00 GMT", "2025-08-13T10:15:00+00:00")]
    [InlineData("  Wed, 13 Aug 2025 10:15:00 GMT  ", "2025-08-13T10:15:00+00:00")]
    [InlineData("Wed, 3 Sep 2025 08:05:09 +0000", "2025-09-03T08:05:09+00:00")]
    [InlineData("Wed, 13 Sept 2025 10:15:00 GMT", "2025-09-13T10:15:00+00:00")]
    [InlineData("Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00+00:00")]
    [InlineData("Fri, 31 Dec 1999 23:59:59 GMT", "1999-12-31T23:59:59+00:00")]
    [InlineData("Sat, 31 Dec 16 23:59:60 GMT", "2016-12-31T23:59:59+00:00")]
    [InlineData("Mon, 29 Feb 2016 12:00:00 GMT", "2016-02-29T12:00:00+00:00")]
    // English human forms
    [InlineData("August 13, 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("Aug 13, 2025 3:05 PM", "2025-08-13T15:05:00+00:00")]
    [InlineData("August 13th, 2025 3:05pm", "2025-08-13T15:05:00+00:00")]
    [InlineData("13th August 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("1st March 2024 12:00 am", "2024-03-01T00:00:00+00:00")]
    [InlineData("2nd June 2024 12:30 PM", "2024-06-02T12:30:00+00:00")]
    [InlineData("Aug. 13, 2025", "2025-08-13T00:00:00+00:00")]
    // Italian
    [InlineData("Mercoledì 13 Agosto 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("mercoledi 13 agosto 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("MERCOLEDÌ 13 AGOSTO 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("13 ago 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("13 AGO 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("13 ago. 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("mer, 13 ago 2025 10:15:00 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("mar, 12 ago 2025 10:15:00 +0200", "2025-08-12T10:15:00+02:00")]
    [InlineData("12 mar 2025", "2025-03-12T00:00:00+00:00")]
    [InlineData("Lunedì 1 gennaio 2024", "2024-01-01T00:00:00+00:00")]
    [InlineData("1 gen 2024", "2024-01-01T00:00:00+00:00")]
    [InlineData("14 febbraio 2024", "2024-02-14T00:00:00+00:00")]
    [InlineData("21 marzo 2024", "2024-03-21T00:00:00+00:00")]
    [InlineData("25 aprile 2024", "2024-04-25T00:00:00+00:00")]
    [InlineData("1 maggio 2024", "2024-05-01T00:00:00+00:00")]
    [InlineData("1 mag 2024", "2024-05-01T00:00:00+00:00")]
    [InlineData("2 giugno 2024", "2024-06-02T00:00:00+00:00")]
    [InlineData("2 giu 2024", "2024-06-02T00:00:00+00:00")]
    [InlineData("1 luglio 2025", "2025-07-01T00:00:00+00:00")]
    [InlineData("01 LUG 2025", "2025-07-01T00:00:00+00:00")]
    [InlineData("15 settembre 2024", "2024-09-15T00:00:00+00:00")]
    [InlineData("15 set 2024", "2024-09-15T00:00:00+00:00")]
    [InlineData("4 ottobre 2024", "2024-10-04T00:00:00+00:00")]
    [InlineData("4 ott 2024", "2024-10-04T00:00:00+00:00")]
    [InlineData("2 novembre 2024", "2024-11-02T00:00:00+00:00")]
    [InlineData("25 dicembre 2024", "2024-12-25T00:00:00+00:00")]
    [InlineData("25 dic 2024", "2024-12-25T00:00:00+00:00")]
    [InlineData("Domenica 25 dicembre 2022 alle 18:30", "2022-12-25T18:30:00+00:00")]
    [InlineData("Venerdì, 13 settembre 2024 ore 9.05", "2024-09-13T09:05:00+00:00")]
    [InlineData("giovedi' 5 settembre 2024", "2024-09-05T00:00:00+00:00")]
    [InlineData("sabato 7 dicembre 2024", "2024-12-07T00:00:00+00:00")]
    // French
    [InlineData("mercredi 13 août 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("mer., 13 août 2025 10:15:00 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("1er janvier 2024", "2024-01-01T00:00:00+00:00")]
    [InlineData("3 févr. 2024", "2024-02-03T00:00:00+00:00")]
    [InlineData("le 14 juillet 2024 à 10:00", "2024-07-14T10:00:00+00:00")]
    [InlineData("5 déc. 2023", "2023-12-05T00:00:00+00:00")]
    [InlineData("jeu, 12 déc 2024 08:00:00 +0100", "2024-12-12T08:00:00+01:00")]
    // German
    [InlineData("Mittwoch, 13. August 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("Mi, 13 Aug 2025 10:15:00 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("13. März 2025 10:15 Uhr", "2025-03-13T10:15:00+00:00")]
    [InlineData("3. Mai 2024", "2024-05-03T00:00:00+00:00")]
    [InlineData("24. Dezember 2024", "2024-12-24T00:00:00+00:00")]
    [InlineData("Do, 12 Okt 2023 07:00:00 MESZ", "2023-10-12T07:00:00+02:00")]
    [InlineData("So, 1 Dez 2024 12:00:00 MEZ", "2024-12-01T12:00:00+01:00")]
    // Spanish
    [InlineData("miércoles, 13 de agosto de 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("mié, 13 ago 2025 10:15:00 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("1 de enero de 2024", "2024-01-01T00:00:00+00:00")]
    [InlineData("25 de diciembre de 2024 18:00", "2024-12-25T18:00:00+00:00")]
    [InlineData("3 de ene de 2024", "2024-01-03T00:00:00+00:00")]
    // Portuguese
    [InlineData("quarta-feira, 13 de agosto de 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("1 de fevereiro de 2024", "2024-02-01T00:00:00+00:00")]
    [InlineData("qua, 13 ago 2025 10:15:00 -0300", "2025-08-13T10:15:00-03:00")]
    [InlineData("10 de outubro de 2024", "2024-10-10T00:00:00+00:00")]
    [InlineData("7 de setembro de 2024", "2024-09-07T00:00:00+00:00")]
    // Dutch
    [InlineData("woensdag 13 augustus 2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("wo, 13 aug 2025 10:15:00 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("1 mei 2024", "2024-05-01T00:00:00+00:00")]
    [InlineData("3 maart 2024", "2024-03-03T00:00:00+00:00")]
    [InlineData("17 okt 2024", "2024-10-17T00:00:00+00:00")]
    // ISO 8601 / RFC 3339 / W3C-DTF
    [InlineData("2025-08-13T10:15:00Z", "2025-08-13T10:15:00+00:00")]
    [InlineData("2025-08-13T10:15:00z", "2025-08-13T10:15:00+00:00")]
    [InlineData("2025-08-13T10:15:00+02:00", "2025-08-13T10:15:00+02:00")]
    [InlineData("2025-08-13T10:15:00-04:00", "2025-08-13T10:15:00-04:00")]
    [InlineData("2025-08-13T10:15:00.123Z", "2025-08-13T10:15:00.123+00:00")]
    [InlineData("2025-08-13T10:15:00.1234567+01:00", "2025-08-13T10:15:00.1234567+01:00")]
    [InlineData("2025-08-13T10:15:00,5Z", "2025-08-13T10:15:00.5+00:00")]
    [InlineData("2025-08-13T10:15Z", "2025-08-13T10:15:00+00:00")]
    [InlineData("2025-08-13T10:15+0530", "2025-08-13T10:15:00+05:30")]
    [InlineData("2025-08-13T10:15:00+02", "2025-08-13T10:15:00+02:00")]
    [InlineData("2025-08-13T10:15:00", "2025-08-13T10:15:00+00:00")]
    [InlineData("2025-08-13 10:15:00", "2025-08-13T10:15:00+00:00")]
    [InlineData("2025-08-13 10:15:00 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("2025-08-13", "2025-08-13T00:00:00+00:00")]
    [InlineData("2025-08", "2025-08-01T00:00:00+00:00")]
    [InlineData("2025", "2025-01-01T00:00:00+00:00")]
    [InlineData("20250813", "2025-08-13T00:00:00+00:00")]
    [InlineData("20250813T101500Z", "2025-08-13T10:15:00+00:00")]
    [InlineData("2024-02-29T23:59:59Z", "2024-02-29T23:59:59+00:00")]
    // Numeric forms
    [InlineData("2016/6/29 15:07:41", "2016-06-29T15:07:41+00:00")]
    [InlineData("2016/06/29", "2016-06-29T00:00:00+00:00")]
    [InlineData("29/06/2016", "2016-06-29T00:00:00+00:00")]
    [InlineData("29.06.2016 15:07", "2016-06-29T15:07:00+00:00")]
    [InlineData("29-06-2016", "2016-06-29T00:00:00+00:00")]
    [InlineData("13/08/2025 10:15 +0200", "2025-08-13T10:15:00+02:00")]
    [InlineData("08/13/2025", "2025-08-13T00:00:00+00:00")]
    [InlineData("1/2/2024", "2024-02-01T00:00:00+00:00")]
    [InlineData("13/08/25", "2025-08-13T00:00:00+00:00")]
    public void Parse_KnownForm_ReturnsInstant(string text, string expected)
    {
        var parsed = LenientDateParser.Parse(text);

        var expectedValue = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull(parsed);
        Assert.Equal(expectedValue, parsed.Value);
        Assert.Equal(expectedValue.Offset, parsed.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("not a date")]
    [InlineData("yesterday")]
    [InlineData("Wed, 32 Aug 2025 10:15:00 GMT")]
    [InlineData("Wed, 13 Foo 2025 10:15:00 GMT")]
    [InlineData("30 febbraio 2024")]
    [InlineData("2025-13-01")]
    [InlineData("2025-02-30T10:00:00Z")]
    [InlineData("2025-08-13T25:00:00Z")]
    [InlineData("2025-08-13T10:61:00Z")]
    [InlineData("13 ago")]
    [InlineData("Wed, 13 Aug 2025 10:15:00 +9900")]
    [InlineData("13 Aug 2025 13:00 pm")]
    [InlineData("Aug 2025")]
    [InlineData("13 ago 2025 ciao")]
    [InlineData("1໔ ago 2025")]
    [InlineData("٢٠٢٥-٠٨-١٣")]
    public void Parse_Unrecognisable_ReturnsNull(string? text)
    {
        Assert.Null(LenientDateParser.Parse(text));
        Assert.False(LenientDateParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData("01 LUG", 2025, 2025, 7, 1)]
    [InlineData("13 ago", 2024, 2024, 8, 13)]
    [InlineData("Mercoledì 13 Agosto", 2025, 2025, 8, 13)]
    [InlineData("13 ago 2023", 2025, 2023, 8, 13)]
    public void ParseDate_WithDefaultYear_CompletesYearlessDates(string text, int defaultYear, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), LenientDateParser.ParseDate(text, defaultYear));
    }

    [Fact]
    public void Parse_ZonelessValueWithDefaultZone_UsesTheZonesOffsetForThatDate()
    {
        var summer = LenientDateParser.Parse("13 ago 2025", TimeZones.EuropeRome);
        var winter = LenientDateParser.Parse("13 gen 2025", TimeZones.EuropeRome);

        Assert.Equal(TimeSpan.FromHours(2), summer!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(1), winter!.Value.Offset);
    }

    [Fact]
    public void Parse_ExplicitOffset_WinsOverDefaultZone()
    {
        var parsed = LenientDateParser.Parse("2025-08-13T10:15:00Z", TimeZones.EuropeRome);

        Assert.Equal(TimeSpan.Zero, parsed!.Value.Offset);
    }
}
