using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Normalizer;

/// <summary>Normalizer settings, section <c>Normalizer</c>.</summary>
public sealed class NormalizerOptions
{
    public const string SectionName = "Normalizer";

    /// <summary>Largest payload accepted, in UTF-8 bytes (default 5 MB); larger dispatches are rejected as <c>too-large</c>.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most items taken from one feed document; the rest are ignored.</summary>
    [Range(1, 100_000)]
    public int MaxItemsPerDocument { get; set; } = 1000;

    /// <summary>Repair undeclared HTML entities, bare ampersands and forbidden characters in XML (recorded as warnings) instead of rejecting it.</summary>
    public bool RepairXml { get; set; } = true;
}

[OptionsValidator]
public sealed partial class NormalizerOptionsValidator : IValidateOptions<NormalizerOptions>;
