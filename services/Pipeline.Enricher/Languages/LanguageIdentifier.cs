using Lingua;
using Microsoft.Extensions.Options;
using LanguageInfo = Pipeline.Contracts.Articles.LanguageInfo;
using LinguaLanguage = Lingua.Language;
using LinguaLanguageInfo = Lingua.LanguageInfo;

namespace Pipeline.Enricher.Languages;

/// <summary>
/// Detects the language of a text with Lingua, restricted to the configured candidate languages.
/// The detector is built once, lazily (thread-safe), on the first detection; Lingua loads each
/// language's models on demand unless <see cref="EnricherOptions.PreloadLanguageModels"/> is set.
/// Decides between the declared and detected language: the detected one wins when it is confident,
/// the declared one when the text is too short or the detector unsure.
/// </summary>
internal sealed class LanguageIdentifier
{
    private readonly EnricherOptions _options;
    private readonly Lazy<LanguageDetector> _detector;

    public LanguageIdentifier(IOptions<EnricherOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var languages = _options.EffectiveLanguages.Select(ParseLanguage).Distinct().ToArray();
        if (languages.Length < 2)
        {
            throw new ArgumentException("Enricher:Languages needs at least two distinct languages.", nameof(options));
        }

        _detector = new Lazy<LanguageDetector>(() => Build(languages, _options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Detects the language of <paramref name="text"/> and reconciles it with <paramref name="declared"/> (any BCP 47 tag).</summary>
    public LanguageInfo Identify(string text, string? declared)
    {
        ArgumentNullException.ThrowIfNull(text);
        var declaredCode = Normalize(declared);
        var letters = text.Count(char.IsLetter);
        if (letters < _options.MinimumLettersForDetection)
        {
            return new LanguageInfo { Code = declaredCode ?? "und", Declared = declaredCode };
        }

        var sample = text.Length > _options.MaximumDetectionCharacters ? text[.._options.MaximumDetectionCharacters] : text;
        var best = _detector.Value.ComputeLanguageConfidenceValues(sample).FirstOrDefault();
        if (best.Key == LinguaLanguage.Unknown || best.Value <= 0)
        {
            return new LanguageInfo { Code = declaredCode ?? "und", Declared = declaredCode };
        }

        var detected = LinguaLanguageInfo.IsoCode6391(best.Key).ToString().ToLowerInvariant();
        var confident = best.Value >= _options.MinimumConfidence;
        var code = confident || declaredCode is null ? detected : declaredCode;
        return new LanguageInfo
        {
            Code = code,
            Detected = detected,
            Confidence = Math.Round(best.Value, 4),
            Declared = declaredCode,
            Conflict = confident && declaredCode is not null && declaredCode != detected,
        };
    }

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

    /// <summary>True when Lingua knows the language <paramref name="code"/> (ISO 639-1 or a BCP 47 tag).</summary>
    public static bool IsSupported(string code) =>
        Normalize(code) is { } normalized && Enum.TryParse<IsoCode6391>(normalized, ignoreCase: true, out var iso) && iso != IsoCode6391.None
        && Enum.IsDefined(iso);

    private static LinguaLanguage ParseLanguage(string code)
    {
        var normalized = Normalize(code) ?? throw new ArgumentException($"'{code}' is not a language code.", nameof(code));
        if (Enum.TryParse<IsoCode6391>(normalized, ignoreCase: true, out var iso) && iso != IsoCode6391.None)
        {
            return LanguageInfo6391(iso);
        }

        throw new ArgumentException($"Lingua does not know the language '{code}'.", nameof(code));
    }

    private static LinguaLanguage LanguageInfo6391(IsoCode6391 iso) => LinguaLanguageInfo.GetByIsoCode6391(iso);
}
