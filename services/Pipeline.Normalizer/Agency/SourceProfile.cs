using System.Text.RegularExpressions;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// The layout of one agency's plain-text dispatches, declared as patterns. A new agency is a new
/// small subclass listed in <see cref="SourceProfiles"/>; <see cref="AgencyTextParser"/> applies any profile.
/// Patterns see lines with markdown markup already removed and whitespace collapsed.
/// </summary>
public abstract class SourceProfile
{
    /// <summary>Machine name, as in <c>DispatchReceived.SourceProfile</c> (e.g. <c>prima-notizia-24</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The agency's display name, used when the dateline does not name it.</summary>
    public abstract string AgencyName { get; }

    /// <summary>Language the agency writes in (declared language of its articles), when fixed.</summary>
    public virtual string? Language => null;

    /// <summary>Zone of the agency's dates: a dateline date becomes midnight in this zone.</summary>
    public virtual TimeZoneInfo TimeZone => TimeZoneInfo.Utc;

    /// <summary>
    /// Optional pattern over the headline line with groups <c>headline</c> and optionally
    /// <c>section</c> and <c>subject</c>. Without it (or when it does not match) the whole line is the headline.
    /// </summary>
    public virtual Regex? HeadlinePattern => null;

    /// <summary>
    /// Pattern matching a paragraph that starts with a dateline, with groups <c>date</c> and
    /// <c>rest</c> (the lead that follows) and optionally <c>place</c>, <c>country</c> and <c>agency</c>.
    /// Null for layouts without datelines.
    /// </summary>
    public abstract Regex? DatelinePattern { get; }

    /// <summary>Optional pattern for a closing byline paragraph, groups <c>author</c> and optionally <c>date</c>.</summary>
    public virtual Regex? BylinePattern => null;

    /// <summary>Optional pattern for a sign-off at the end of the last paragraph (removed), e.g. <c>(ANSA).</c></summary>
    public virtual Regex? TrailerPattern => null;

    /// <summary>True when a line after the headline may be a sub-headline (text between headline and dateline).</summary>
    public virtual bool HasSubHeadline => true;

    /// <summary>
    /// True when a dispatch recognised in this layout must carry text after its heading: a heading alone,
    /// or with an empty dateline, is rejected rather than read as an article without text.
    /// </summary>
    public virtual bool RequiresBody => false;

    /// <summary>Whether a dispatch (its raw text and its first cleaned, non-empty lines) looks like this layout; by default <see cref="Recognises(IReadOnlyList{string})"/>.</summary>
    public virtual bool Recognises(string text, IReadOnlyList<string> leadingLines) => Recognises(leadingLines);

    /// <summary>Whether a dispatch (its cleaned lines) looks like this agency's layout: by default, a dateline within the first lines.</summary>
    public virtual bool Recognises(IReadOnlyList<string> leadingLines)
    {
        ArgumentNullException.ThrowIfNull(leadingLines);
        return DatelinePattern is { } dateline && leadingLines.Any(dateline.IsMatch);
    }
}
