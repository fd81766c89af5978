namespace Pipeline.Normalizer.Agency;

/// <summary>The known agency layouts, by name and by recognition.</summary>
public static class SourceProfiles
{
    /// <summary>Every profile; auto-detection tries them in this order. Add a new agency here.</summary>
    public static IReadOnlyList<SourceProfile> All { get; } =
    [
        new PrimaNotizia24Profile(),
        new ItalianLayoutProfile(),
        new AnsaProfile(),
        new AgencyDatelineProfile(),
        new PlainTextProfile(),
    ];

    /// <summary>Names accepted in <c>DispatchReceived.SourceProfile</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).ToList();

    /// <summary>The profile with the given name (case-insensitive, <c>_</c> and spaces read as <c>-</c>), or null.</summary>
    public static SourceProfile? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var key = name.Trim().Replace('_', '-').Replace(' ', '-');
        return All.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The profile whose layout the text follows, or null when none recognises it.</summary>
    public static SourceProfile? Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = AgencyTextParser.CleanLines(text).Where(l => l.Length > 0).Take(8).ToList();
        return All.FirstOrDefault(p => p.Recognises(text, lines));
    }
}
