namespace Pipeline.Normalizer.Agency;

/// <summary>Regex fragments for Italian dispatch layouts.</summary>
internal static class ItalianPatterns
{
    /// <summary>An Italian weekday, full or abbreviated, with or without the accent (case-insensitive).</summary>
    public const string Weekday = @"(?i:(?:luned|marted|mercoled|gioved|venerd)(?:ì|í|i'|i)|sabato|domenica|lun|mar|mer|gio|ven|sab|dom)\.?";

    /// <summary>A day, a month name (any language the date parser knows) and an optional year, optionally after a weekday.</summary>
    public const string Date = @"(?:" + Weekday + @",?\s+)?[0-9]{1,2}\s+\p{L}{3,}\.?(?:\s+[0-9]{4})?";

    /// <summary>A dash of any kind used as a separator.</summary>
    public const string Dash = "[-–—]";
}
