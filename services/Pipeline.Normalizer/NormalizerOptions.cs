using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Normalizer;

/// <summary>Normalizer settings, section <c>Normalizer</c>. The payload limit is the shared <c>Dispatches:MaxPayloadBytes</c> (<see cref="Pipeline.Dispatches.PayloadLimitOptions"/>).</summary>
public sealed class NormalizerOptions
{
    public const string SectionName = "Normalizer";

    /// <summary>Most items taken from one feed document; the rest are ignored.</summary>
    [Range(1, 100_000)]
    public int MaxItemsPerDocument { get; set; } = 1000;

    /// <summary>Repair undeclared HTML entities, bare ampersands and forbidden characters in XML (recorded as warnings) instead of rejecting it.</summary>
    public bool RepairXml { get; set; } = true;
}

[OptionsValidator]
public sealed partial class NormalizerOptionsValidator : IValidateOptions<NormalizerOptions>;
