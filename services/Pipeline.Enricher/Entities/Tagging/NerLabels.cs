using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Entities.Tagging;

/// <summary>The BIO labels of the tagger: outside, then begin/inside for person, organisation and place.</summary>
internal static class NerLabels
{
    public const int Outside = 0;
    public const int Count = 7;

    private static readonly string[] Names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];

    public static string Name(int label) => Names[label];

    /// <summary>The label of a corpus tag (<c>B-PER</c>, <c>I-LOC</c>…); anything else is outside.</summary>
    public static int Parse(string tag) => Array.IndexOf(Names, tag) is var i and >= 0 ? i : Outside;

    public static bool IsBegin(int label) => label is 1 or 3 or 5;

    public static bool IsInside(int label) => label is 2 or 4 or 6;

    /// <summary>0 person, 1 organisation, 2 place; -1 for outside.</summary>
    public static int Kind(int label) => label == Outside ? -1 : (label - 1) / 2;

    public static int Begin(int kind) => 1 + (2 * kind);

    public static int Inside(int kind) => 2 + (2 * kind);

    /// <summary>An inside label may only continue a name of its own kind.</summary>
    public static bool Allowed(int previous, int label) => !IsInside(label) || (previous != Outside && Kind(previous) == Kind(label));

    public static string EntityType(int kind) => kind switch
    {
        0 => EntityTypes.Person,
        1 => EntityTypes.Organisation,
        _ => EntityTypes.Place,
    };
}
