namespace Pipeline.Cli.Evaluation;

/// <summary>True positives, false positives and false negatives, with the measures they give.</summary>
internal sealed record Counts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public static Counts Zero { get; } = new(0, 0, 0);

    /// <summary>TP / (TP + FP); 0 when nothing was predicted.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when the gold holds nothing.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static Counts operator +(Counts left, Counts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.TruePositives + right.TruePositives, left.FalsePositives + right.FalsePositives, left.FalseNegatives + right.FalseNegatives);
    }

    public static Counts Add(Counts left, Counts right) => left + right;
}
