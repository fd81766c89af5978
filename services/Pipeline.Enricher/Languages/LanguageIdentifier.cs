using Lingua;
using Microsoft.Extensions.Options;
using Pipeline.TextRules;
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
    private readonly Lazy<LanguageDetector>? _fast;

    /// <summary>
    /// Languages of the fast path: text that reads as Italian or English (their own function words) is first
    /// detected among these only, so it/en traffic loads and scores few models; anything else, or a fast answer
    /// other than a confident it/en, goes to the full candidate set.
    /// </summary>
    private static readonly HashSet<string> FastLanguages = new(StringComparer.Ordinal) { "it", "en", "fr", "de", "es", "pt", "nl" };

    /// <summary>Confidence the fast path's it/en answer needs to stand without the full detector.</summary>
    private const double FastConfidence = 0.95;

    /// <summary>Share of words that must be Italian or English function words for the fast path.</summary>
    private const double FastFunctionWordShare = 0.1;

    /// <summary>
    /// Function words of Italian and English that the other candidate languages do not write as words (no
    /// <c>is</c>, <c>was</c>, <c>for</c>, <c>by</c>, <c>on</c>, <c>ha</c>: Dutch, German, Scandinavian, Finnish words too).
    /// </summary>
    private static readonly HashSet<string> ItalianEnglishWords = new(StringComparer.Ordinal)
    {
        "il", "che", "della", "delle", "degli", "dello", "nel", "nella", "alla", "alle", "dal", "dalla", "sono", "anche", "gli", "questo", "questa", "essere", "dopo", "hanno", "agli", "sul", "sulla",
        "the", "and", "of", "that", "with", "has", "have", "were", "from", "said", "which", "his", "their", "would", "been", "after", "this",
    };
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
        var fast = languages.Where(l => FastLanguages.Contains(Code(l))).ToArray();
        if (fast.Length >= 2 && fast.Length < languages.Length && _candidates.Contains("it") && _candidates.Contains("en"))
        {
            _fast = new Lazy<LanguageDetector>(() => Build(fast, _options), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    /// <summary>The codes the detector can answer (ISO 639-1, Norwegian as <c>no</c>).</summary>
    public IReadOnlyCollection<string> Candidates => _candidates;

    /// <summary>Detects the language of <paramref name="text"/> and reconciles it with <paramref name="declared"/> (any BCP 47 tag).</summary>
    public LanguageInfo Identify(string text, string? declared)
    {
        ArgumentNullException.ThrowIfNull(text);
        var declaredCode = LanguageTags.Primary(declared);
        var declaredLanguage = Canonical(declaredCode);
        var letters = text.Count(char.IsLetter);
        if (letters < _options.MinimumLettersForDetection)
        {
            return new LanguageInfo { Code = declaredLanguage ?? LanguageTags.Undetermined, Declared = declaredCode };
        }

        var sample = text.Length > _options.MaximumDetectionCharacters ? text[.._options.MaximumDetectionCharacters] : text;
        Dictionary<string, double>? confidences = null;
        KeyValuePair<string, double> best = default;
        if (_fast is not null && declaredLanguage is null or "it" or "en" && ReadsAsItalianOrEnglish(sample))
        {
            confidences = Confidences(_fast.Value, sample);
            best = Best(confidences);
            if (best.Key is not ("it" or "en") || best.Value < FastConfidence)
            {
                confidences = null;
            }
        }

        if (confidences is null)
        {
            confidences = Confidences(_detector.Value, sample);
            best = Best(confidences);
        }

        if (best.Key is null || best.Value <= 0)
        {
            return new LanguageInfo { Code = declaredLanguage ?? LanguageTags.Undetermined, Declared = declaredCode };
        }

        var detected = best.Key;
        var wins = declaredLanguage is null
            || (declaredLanguage != detected
                && _candidates.Contains(declaredLanguage)
                && best.Value >= _options.MinimumConfidence
                && best.Value - confidences.GetValueOrDefault(declaredLanguage) > _options.MinimumMarginOverDeclared);
        return new LanguageInfo
        {
            Code = wins ? detected : declaredLanguage!,
            Detected = detected,
            Confidence = Math.Round(best.Value, 4),
            Declared = declaredCode,
            Conflict = wins && declaredLanguage is not null,
        };
    }

    private static Dictionary<string, double> Confidences(LanguageDetector detector, string sample)
    {
        var confidences = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (language, confidence) in detector.ComputeLanguageConfidenceValues(sample))
        {
            if (language != LinguaLanguage.Unknown)
            {
                var code = Code(language);
                confidences[code] = confidences.GetValueOrDefault(code) + confidence; // Bokmål and Nynorsk add up to Norwegian.
            }
        }

        return confidences;
    }

    private static KeyValuePair<string, double> Best(Dictionary<string, double> confidences) =>
        confidences.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>True when at least <see cref="FastFunctionWordShare"/> of the words are Italian or English function words.</summary>
    private static bool ReadsAsItalianOrEnglish(string sample)
    {
        var words = 0;
        var hits = 0;
        var start = -1;
        for (var i = 0; i <= sample.Length; i++)
        {
            var letter = i < sample.Length && char.IsLetter(sample[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words++;
                var length = i - start;
                if (length <= 8 && ItalianEnglishWords.Contains(sample.Substring(start, length).ToLowerInvariant()))
                {
                    hits++;
                }

                start = -1;
            }
        }

        return words > 0 && hits >= FastFunctionWordShare * words;
    }

    /// <summary>The code Pipeline reports for a normalized code: <c>nb</c> and <c>nn</c> as <c>no</c>, others unchanged.</summary>
    public static string? Canonical(string? code) => code is "nb" or "nn" or "no" ? Norwegian : code;

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
        LanguageTags.Primary(code) is { } normalized
        && (normalized == Norwegian
            || (Enum.TryParse<IsoCode6391>(normalized, ignoreCase: true, out var iso) && iso != IsoCode6391.None && Enum.IsDefined(iso)));

    private static string Code(LinguaLanguage language) =>
        Canonical(LinguaLanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant())!;

    /// <summary>The Lingua languages of a code: <c>no</c> is Bokmål and Nynorsk.</summary>
    private static IEnumerable<LinguaLanguage> ParseLanguage(string code)
    {
        var normalized = LanguageTags.Primary(code) ?? throw new ArgumentException($"'{code}' is not a language code.", nameof(code));
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
