using Pipeline.Normalizer.Text;
using Pipeline.TextRules;

namespace Pipeline.Normalizer.Geo;

/// <summary>
/// Resolves a region, state or province as written in a dateline (<c>Lazio</c>, <c>Lombardia</c>,
/// <c>Ill.</c>, <c>Calif.</c>, <c>Baviera</c>, <c>Catalogna</c>) to its display name and the ISO 3166-1
/// code of its country. Written by hand from public reference lists: the 20 Italian regions (ISTAT), the
/// 50 US states with their AP-style abbreviations, the Canadian provinces, the Australian states, the
/// German Länder, the Spanish autonomous communities, the French regions, the UK's nations, the Swiss
/// cantons most often named and a few regions common in Italian foreign news. Matching ignores case,
/// accents and punctuation. A country is never a region: see <see cref="CountryTable"/>.
/// </summary>
public static class Regions
{
    /// <summary>A resolved region: its display name (the written form, or the full name for an abbreviation) and country code.</summary>
    public sealed record Region(string Name, string CountryCode);

    /// <summary>The region <paramref name="name"/> stands for, or null when it is not in the table.</summary>
    public static Region? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var written = name.Trim();
        if (!ByName.TryGetValue(TextFolding.FoldWords(written), out var row))
        {
            return null;
        }

        // An abbreviation ("Ill.", "Calif.", "N.Y.") reads as the full name; a name keeps the language it was written in.
        var abbreviated = written.Contains('.', StringComparison.Ordinal) || (written.Length <= 4 && written.All(c => char.IsUpper(c) || !char.IsLetter(c)));
        return new Region(abbreviated ? row.Name : TextCleaner.TitleCaseIfUpper(written), row.CountryCode);
    }

    private static Dictionary<string, Region> Build()
    {
        var byName = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var row in Table)
        {
            var region = new Region(row[1], row[0]);
            foreach (var name in row.Skip(1))
            {
                byName.TryAdd(TextFolding.FoldWords(name), region);
            }
        }

        return byName;
    }

    // Country code, display name, then other names (Italian, English, local) and abbreviations.
    private static readonly string[][] Table =
    [
        // Italy: the 20 regions.
        ["IT", "Abruzzo", "Abruzzi"],
        ["IT", "Basilicata", "Lucania"],
        ["IT", "Calabria"],
        ["IT", "Campania"],
        ["IT", "Emilia-Romagna", "Emilia Romagna", "Emilia", "Romagna"],
        ["IT", "Friuli Venezia Giulia", "Friuli-Venezia Giulia", "Friuli", "FVG"],
        ["IT", "Lazio", "Latium"],
        ["IT", "Liguria"],
        ["IT", "Lombardia", "Lombardy"],
        ["IT", "Marche", "The Marches"],
        ["IT", "Molise"],
        ["IT", "Piemonte", "Piedmont"],
        ["IT", "Puglia", "Apulia", "Puglie"],
        ["IT", "Sardegna", "Sardinia"],
        ["IT", "Sicilia", "Sicily"],
        ["IT", "Toscana", "Tuscany"],
        ["IT", "Trentino-Alto Adige", "Trentino Alto Adige", "Trentino-Südtirol", "Trentino", "Alto Adige", "Südtirol", "South Tyrol"],
        ["IT", "Umbria"],
        ["IT", "Valle d'Aosta", "Val d'Aosta", "Vallée d'Aoste", "Aosta Valley"],
        ["IT", "Veneto"],

        // United States: the 50 states and DC, with AP-style abbreviations.
        ["US", "Alabama", "Ala."],
        ["US", "Alaska"],
        ["US", "Arizona", "Ariz."],
        ["US", "Arkansas", "Ark."],
        ["US", "California", "Calif.", "Cal."],
        ["US", "Colorado", "Colo."],
        ["US", "Connecticut", "Conn."],
        ["US", "Delaware", "Del."],
        ["US", "Florida", "Fla.", "Fl."],
        ["US", "Hawaii"],
        ["US", "Idaho"],
        ["US", "Illinois", "Ill."],
        ["US", "Indiana", "Ind."],
        ["US", "Iowa"],
        ["US", "Kansas", "Kan.", "Kans."],
        ["US", "Kentucky", "Ky."],
        ["US", "Louisiana", "La."],
        ["US", "Maine"],
        ["US", "Maryland", "Md."],
        ["US", "Massachusetts", "Mass."],
        ["US", "Michigan", "Mich."],
        ["US", "Minnesota", "Minn."],
        ["US", "Mississippi", "Miss."],
        ["US", "Missouri", "Mo."],
        ["US", "Montana", "Mont."],
        ["US", "Nebraska", "Neb.", "Nebr."],
        ["US", "Nevada", "Nev."],
        ["US", "New Hampshire", "N.H."],
        ["US", "New Jersey", "N.J."],
        ["US", "New Mexico", "N.M.", "N.Mex."],
        ["US", "New York", "N.Y."],
        ["US", "North Carolina", "N.C.", "Carolina del Nord"],
        ["US", "North Dakota", "N.D.", "N.Dak.", "Dakota del Nord"],
        ["US", "Ohio"],
        ["US", "Oklahoma", "Okla."],
        ["US", "Oregon", "Ore.", "Oreg."],
        ["US", "Pennsylvania", "Pa.", "Penn.", "Pennsilvania"],
        ["US", "Rhode Island", "R.I."],
        ["US", "South Carolina", "S.C.", "Carolina del Sud"],
        ["US", "South Dakota", "S.D.", "S.Dak.", "Dakota del Sud"],
        ["US", "Tennessee", "Tenn."],
        ["US", "Texas", "Tex.", "Tx."],
        ["US", "Utah"],
        ["US", "Vermont", "Vt."],
        ["US", "Virginia", "Va."],
        ["US", "Washington", "Wash."],
        ["US", "West Virginia", "W.Va.", "W.Virginia", "Virginia Occidentale"],
        ["US", "Wisconsin", "Wis.", "Wisc."],
        ["US", "Wyoming", "Wyo."],
        ["US", "District of Columbia", "D.C."],
        ["US", "Puerto Rico", "P.R.", "Porto Rico"],

        // Canada.
        ["CA", "Ontario", "Ont."],
        ["CA", "Quebec", "Québec", "Que.", "Qué."],
        ["CA", "British Columbia", "B.C.", "Columbia Britannica"],
        ["CA", "Alberta", "Alta."],
        ["CA", "Manitoba", "Man."],
        ["CA", "Saskatchewan", "Sask."],
        ["CA", "Nova Scotia", "N.S.", "Nuova Scozia"],
        ["CA", "New Brunswick", "N.B.", "Nuovo Brunswick"],
        ["CA", "Newfoundland and Labrador", "Nfld.", "Terranova e Labrador", "Terranova"],
        ["CA", "Prince Edward Island", "P.E.I."],

        // Australia.
        ["AU", "New South Wales", "NSW", "Nuovo Galles del Sud"],
        ["AU", "Victoria", "Vic."],
        ["AU", "Queensland", "Qld"],
        ["AU", "Western Australia", "WA", "Australia Occidentale"],
        ["AU", "South Australia", "SA", "Australia Meridionale"],
        ["AU", "Tasmania", "Tas."],
        ["AU", "Northern Territory", "NT", "Territorio del Nord"],
        ["AU", "Australian Capital Territory", "ACT"],

        // Germany: the Länder (German, English, Italian).
        ["DE", "Baden-Württemberg", "Baden-Wuerttemberg", "Baden Württemberg"],
        ["DE", "Bayern", "Bavaria", "Baviera"],
        ["DE", "Brandenburg", "Brandeburgo"],
        ["DE", "Hessen", "Hesse", "Assia"],
        ["DE", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania", "Meclemburgo-Pomerania Anteriore", "Meclemburgo"],
        ["DE", "Niedersachsen", "Lower Saxony", "Bassa Sassonia"],
        ["DE", "Nordrhein-Westfalen", "North Rhine-Westphalia", "Renania Settentrionale-Vestfalia", "NRW"],
        ["DE", "Rheinland-Pfalz", "Rhineland-Palatinate", "Renania-Palatinato"],
        ["DE", "Saarland", "Saarland", "Saarlandia", "Saar"],
        ["DE", "Sachsen", "Saxony", "Sassonia"],
        ["DE", "Sachsen-Anhalt", "Saxony-Anhalt", "Sassonia-Anhalt"],
        ["DE", "Schleswig-Holstein"],
        ["DE", "Thüringen", "Thuringia", "Turingia"],

        // Spain: the autonomous communities.
        ["ES", "Andalucía", "Andalusia", "Andalucia"],
        ["ES", "Aragón", "Aragon", "Aragona"],
        ["ES", "Asturias", "Asturie"],
        ["ES", "Islas Baleares", "Balearic Islands", "Baleari", "Isole Baleari"],
        ["ES", "Canarias", "Canary Islands", "Canarie", "Isole Canarie"],
        ["ES", "Cantabria"],
        ["ES", "Castilla-La Mancha", "Castile-La Mancha", "Castiglia-La Mancia"],
        ["ES", "Castilla y León", "Castile and León", "Castiglia e León"],
        ["ES", "Cataluña", "Catalonia", "Catalunya", "Catalogna"],
        ["ES", "Extremadura", "Estremadura"],
        ["ES", "Galicia", "Galizia"],
        ["ES", "La Rioja"],
        ["ES", "Comunidad de Madrid", "Community of Madrid", "Comunità di Madrid"],
        ["ES", "Región de Murcia", "Murcia"],
        ["ES", "Navarra", "Navarre"],
        ["ES", "País Vasco", "Basque Country", "Paesi Baschi", "Euskadi"],
        ["ES", "Comunidad Valenciana", "Valencian Community", "Comunità Valenciana"],

        // France: the regions.
        ["FR", "Auvergne-Rhône-Alpes", "Alvernia-Rodano-Alpi"],
        ["FR", "Bourgogne-Franche-Comté", "Borgogna-Franca Contea"],
        ["FR", "Bretagne", "Brittany", "Bretagna"],
        ["FR", "Centre-Val de Loire"],
        ["FR", "Corse", "Corsica"],
        ["FR", "Grand Est"],
        ["FR", "Hauts-de-France"],
        ["FR", "Île-de-France", "Ile-de-France"],
        ["FR", "Normandie", "Normandy", "Normandia"],
        ["FR", "Nouvelle-Aquitaine", "Nuova Aquitania"],
        ["FR", "Occitanie", "Occitania"],
        ["FR", "Pays de la Loire", "Paesi della Loira"],
        ["FR", "Provence-Alpes-Côte d'Azur", "Provenza-Alpi-Costa Azzurra", "Provenza", "Provence", "Costa Azzurra", "PACA"],

        // United Kingdom: the nations.
        ["GB", "England", "Inghilterra"],
        ["GB", "Scotland", "Scozia"],
        ["GB", "Wales", "Galles"],
        ["GB", "Northern Ireland", "Irlanda del Nord"],

        // Switzerland: cantons most named in Italian news.
        ["CH", "Ticino", "Canton Ticino"],
        ["CH", "Grigioni", "Graubünden", "Grisons"],
        ["CH", "Vallese", "Valais", "Wallis"],

        // Regions common in Italian foreign news.
        ["UA", "Crimea", "Crimée", "Krim"],
        ["UA", "Donbass", "Donbas"],
        ["UA", "Zaporizhzhia", "Zaporizhzhia Oblast", "Zaporizhia", "Zaporižžja", "Zaporizhzhya"],
        ["UA", "Kherson Oblast", "Oblast di Kherson"],
        ["RU", "Oblast di Kursk", "Kursk Oblast", "Regione di Kursk"],
        ["RU", "Cecenia", "Chechnya"],
        ["RU", "Siberia"],
        ["CN", "Xinjiang"],
        ["CN", "Tibet"],
        ["CN", "Guangdong"],
        ["CN", "Hubei"],
        ["IN", "Kashmir", "Kashmir indiano"],
        ["IQ", "Kurdistan iracheno", "Iraqi Kurdistan"],
        ["BE", "Fiandre", "Flanders", "Vlaanderen"],
        ["BE", "Vallonia", "Wallonia", "Wallonie"],
        ["AT", "Tirolo", "Tyrol", "Tirol"],
        ["AT", "Carinzia", "Carinthia", "Kärnten"],
        ["HR", "Istria"],
        ["HR", "Dalmazia", "Dalmatia", "Dalmacija"],
    ];

    // Declared after the table: static fields initialise in textual order.
    private static readonly Dictionary<string, Region> ByName = Build();
}
