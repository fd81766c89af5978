using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Pipeline.TextRules;

namespace Pipeline.Enricher;

/// <summary>Enricher settings, section <c>Enricher</c>.</summary>
public sealed class EnricherOptions
{
    public const string SectionName = "Enricher";

    /// <summary>
    /// The candidate languages used when <see cref="Languages"/> is empty: the EU's official languages that the
    /// detector knows (all but Maltese), Norwegian (Bokmål and Nynorsk), Russian, Ukrainian, Arabic, Turkish,
    /// Chinese and Japanese.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultLanguages =
    [
        "it", "en", "bg", "hr", "cs", "da", "nl", "et", "fi", "fr", "de", "el", "hu", "ga", "lv", "lt", "pl", "pt", "ro", "sk", "sl", "es", "sv",
        "nb", "nn", "ru", "uk", "ar", "tr", "zh", "ja",
    ];

    /// <summary>
    /// Candidate languages for detection (ISO 639-1), at least two. Fewer languages mean less memory
    /// and faster, more accurate detection. Empty (the default): <see cref="DefaultLanguages"/>.
    /// Configuration replaces the list rather than adding to it.
    /// </summary>
    public IList<string> Languages { get; init; } = [];

    /// <summary>The configured languages, or the defaults when none are configured.</summary>
    public IReadOnlyList<string> EffectiveLanguages => Languages.Count > 0 ? [.. Languages] : DefaultLanguages;

    /// <summary>Below this many letters the text is too short to detect: the declared language is used.</summary>
    [Range(0, 10_000)]
    public int MinimumLettersForDetection { get; set; } = 20;

    /// <summary>Confidence (0..1) the detected language needs to override the declared one.</summary>
    [Range(0.0, 1.0)]
    public double MinimumConfidence { get; set; } = 0.5;

    /// <summary>
    /// How far (0..1) the detected language's confidence must exceed the declared language's before it replaces
    /// it: a text the detector finds nearly as likely to be in the declared language keeps the declared one.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinimumMarginOverDeclared { get; set; } = 0.3;

    /// <summary>Characters of the text given to the detector (its start); longer text adds time, not accuracy.</summary>
    [Range(100, 1_000_000)]
    public int MaximumDetectionCharacters { get; set; } = 500;

    /// <summary>
    /// Lingua's low-accuracy mode: trigram models only, much faster and smaller; as accurate as the
    /// full mode on text over ~120 characters, which <see cref="MinimumLettersForDetection"/> can enforce.
    /// </summary>
    public bool LowAccuracyMode { get; set; }

    /// <summary>Load every candidate language's models at the first detection instead of on demand.</summary>
    public bool PreloadLanguageModels { get; set; }

    /// <summary>Key phrases to report.</summary>
    [Range(0, 100)]
    public int MaximumKeywords { get; set; } = 10;

    /// <summary>Longest key phrase, in words.</summary>
    [Range(1, 5)]
    public int MaximumKeywordWords { get; set; } = 3;

    /// <summary>Media topics to report at most.</summary>
    [Range(0, 17)]
    public int MaximumTopics { get; set; } = 3;
}

[OptionsValidator]
public sealed partial class EnricherOptionsValidator : IValidateOptions<EnricherOptions>;

/// <summary>Checks the annotations cannot express: the candidate languages.</summary>
internal sealed class EnricherLanguagesValidator : IValidateOptions<EnricherOptions>
{
    public ValidateOptionsResult Validate(string? name, EnricherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var languages = options.EffectiveLanguages;
        var unknown = languages.Where(l => !Languages.LanguageIdentifier.IsSupported(l)).ToList();
        if (unknown.Count > 0)
        {
            return ValidateOptionsResult.Fail($"Enricher:Languages has codes the language detector does not know: {string.Join(", ", unknown)}.");
        }

        return languages.Select(LanguageTags.Primary).Distinct().Count() < 2
            ? ValidateOptionsResult.Fail("Enricher:Languages needs at least two distinct languages.")
            : ValidateOptionsResult.Success;
    }
}
