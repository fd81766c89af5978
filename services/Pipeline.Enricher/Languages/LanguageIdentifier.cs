using Lingua;
using Microsoft.Extensions.Options;
using LanguageInfo = Pipeline.Contracts.Articles.LanguageInfo;
using LinguaLanguage = Lingua.Language;
using LinguaLanguageInfo = Lingua.LanguageInfo;

namespace Pipeline.Enricher.Languages;

/// <summary>
/// Detects the language of a text with Lingua, restricted to the configured candidate languages.
/// The detector is built once, lazily (thread-safe), on the first detection; Lingua loads a language's
/// models only when the rule-based filter (script, unique characters) keeps that language in play, and
/// only its trigram models for text of 120 characters or more, unless
/// <see cref="EnricherOptions.PreloadLanguageModels"/> is set.
/// Decides between the declared and detected language: the detected one wins only when it is confident,
/// beats the declared one by <see cref="EnricherOptions.MinimumMarginOverDeclared"/>, and the declared
/// language is one the detector could have detected (a candidate). Norwegian Bokmål and Nynorsk are
/// reported as <c>no</c> (the macrolanguage), and a declared <c>nb</c>, <c>nn</c> or <c>no</c> all mean it.
/// </summary>
internal sealed class LanguageIdentifier
{
    /// <summary>The code Pipeline reports for Norwegian, Bokmål or Nynorsk.</summary>
    public const string Norwegian = "no";

    private readonly EnricherOptions _options;
    private readonly Lazy<LanguageDetector> _detector;
    private readonly HashSet<string> _candidates;

    public LanguageIdentifier(IOptions<EnricherOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var languages = _options.EffectiveLanguages.SelectMany(ParseLanguage).Distinct().ToArray();
        if (languages.Length < 2)
        {
            throw new ArgumentException("Enricher:Languages needs at least two distinct languages.", nameof(options));
        }

        _candidates = new HashSet<string>(languages.Select(Code), StringComparer.Ordinal);
        _detector = new Lazy<LanguageDetector>(() => Build(languages, _options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The codes the detector can answer (ISO 639-1, Norwegian as <c>no</c>).</summary>
    public IReadOnlyCollection<string> Candidates => _candidates;

    /// <summary>Detects the language of <paramref name="text"/> and reconciles it with <paramref name="declared"/> (any BCP 47 tag).</summary>
    public LanguageInfo Identify(string text, string? declared)
    {
        ArgumentNullException.ThrowIfNull(text);
        var declaredCode = Normalize(declared);
        var declaredLanguage = Canonical(declaredCode);
        var letters = text.Count(char.IsLetter);
        if (letters < _options.MinimumLettersForDetection)
        {
            return new LanguageInfo { Code = declaredLanguage ?? "und", Declared = declaredCode };
        }

        var sample = text.Length > _options.MaximumDetectionCharacters ? text[.._options.MaximumDetectionCharacters] : text;
        var values = _detector.Value.ComputeLanguageConfidenceValues(sample);
        var confidences = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (language, confidence) in values)
        {
            if (language != LinguaLanguage.Unknown)
            {
                var code = Code(language);
                confidences[code] = confidences.GetValueOrDefault(code) + confidence; // Bokmål and Nynorsk add up to Norwegian.
            }
        }

        var best = confidences.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
        if (best.Key is null || best.Value <= 0)
        {
            return new LanguageInfo { Code = declaredLanguage ?? "und", Declared = declaredCode };
        }

        var detected = best.Key;
        var wins = declaredLanguage is null
            || (declaredLanguage != detected
                && _candidates.Contains(declaredLanguage)
                && best.Value >= _options.MinimumConfidence
                && best.Value - confidences.GetValueOrDefault(declaredLanguage) >= _options.MinimumMarginOverDeclared);
        return new LanguageInfo
        {
            Code = wins ? detected : declaredLanguage!,
            Detected = detected,
            Confidence = Math.Round(best.Value, 4),
            Declared = declaredCode,
            Conflict = wins && declaredLanguage is not null,
        };
    }

    /// <summary>The code Pipeline reports for a normalized code: <c>nb</c> and <c>nn</c> as <c>no</c>, others unchanged.</summary>
    public static string? Canonical(string? code) => code is "nb" or "nn" or "no" ? Norwegian : code;

    /// <summary>The primary subtag of a BCP 47 tag, lower case (<c>it-IT</c> → <c>it</c>), or null.</summary>
    public static string? Normalize(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        return primary.Length is 2 or 3 ? primary : null;
    }

    private static LanguageDetector Build(LinguaLanguage[] languages, EnricherOptions options)
    {
        var builder = LanguageDetectorBuilder.FromLanguages(languages);
        if (options.PreloadLanguageModels)
        {
            builder = builder.WithPreloadedLanguageModels();
        }

        if (options.LowAccuracyMode)
        {
            builder = builder.WithLowAccuracyMode();
        }

        return builder.Build();
    }

    /// <summary>True when Lingua knows the language <paramref name="code"/> (ISO 639-1 or a BCP 47 tag; <c>no</c> for Norwegian).</summary>
    public static bool IsSupported(string code) =>
        Normalize(code) is { } normalized
        && (normalized == Norwegian
            || (Enum.TryParse<IsoCode6391>(normalized, ignoreCase: true, out var iso) && iso != IsoCode6391.None && Enum.IsDefined(iso)));

    private static string Code(LinguaLanguage language) =>
        Canonical(LinguaLanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant())!;

    /// <summary>The Lingua languages of a code: <c>no</c> is Bokmål and Nynorsk.</summary>
    private static IEnumerable<LinguaLanguage> ParseLanguage(string code)
    {
        var normalized = Normalize(code) ?? throw new ArgumentException($"'{code}' is not a language code.", nameof(code));
        if (normalized == Norwegian)
        {
            return [LinguaLanguage.Bokmal, LinguaLanguage.Nynorsk];
        }

        if (Enum.TryParse<IsoCode6391>(normalized, ignoreCase: true, out var iso) && iso != IsoCode6391.None && Enum.IsDefined(iso))
        {
            return [LinguaLanguageInfo.GetByIsoCode6391(iso)];
        }

        throw new ArgumentException($"Lingua does not know the language '{code}'.", nameof(code));
    }
}
