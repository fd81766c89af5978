using Pipeline.Enricher.Clustering;

namespace Pipeline.Enricher.Tests.Clustering;

public sealed class NearDuplicatesTests
{
    private static readonly string[] ReutersQuake =
    [
        "SAN SALVADOR A strong earthquake off the Pacific Coast of Central America shook the region on Thursday, and could prompt hazardous tsunami waves, U.S. monitoring agencies said, just as a hurricane barreled into the Caribbean coasts of Nicaragua and Costa Rica.",
        "Emergency services in El Salvador said on Twitter there were no immediate reports of damage at a national level.",
        "The 7.0 magnitude quake, initially reported as a magnitude 7.2, was very shallow at 10.3 kilometers (6.4 miles) below the seabed, which would have amplified its effect.",
        "Nicaraguan President Daniel Ortega declared a state of emergency due to the quake and Hurricane Otto, which landed on the country's southeastern coast earlier on Thursday, his spokeswoman said.",
    ];

    [Fact]
    public void Fingerprint_FixedArticle_IsTheSameValueOnEveryMachine()
    {
        // Values computed independently (a Python transcription of the documented algorithm): they pin the
        // normalization, the shingles, FNV-1a + SplitMix64 and the SimHash votes.
        var english = Articles.Build(
            "Central bank holds rates as inflation cools",
            null,
            ["The European Central Bank kept interest rates unchanged on Thursday, its president said in Frankfurt."]);
        var italian = Articles.Build("Perché la BCE è ferma", null, ["La Banca centrale europea ha lasciato i tassi invariati, giovedì."]);

        Assert.Equal(0x94585338b9374cdcUL, NearDuplicates.Fingerprint(english));
        Assert.Equal(0xfde426c618b53b2eUL, NearDuplicates.Fingerprint(italian));
        Assert.Equal("94585338b9374cdc", NearDuplicates.ToHex(NearDuplicates.Fingerprint(english)));
    }

    [Fact]
    public void Fingerprint_CaseAccentsAndPunctuation_AreIgnored()
    {
        var a = Articles.Build("Perché la BCE è ferma", null, ["La Banca centrale europea ha lasciato i tassi invariati, giovedì."]);
        var b = Articles.Build("PERCHE' LA BCE E' FERMA", null, ["«La banca centrale europea» ha lasciato i tassi invariati — giovedi"]);

        Assert.Equal(NearDuplicates.Fingerprint(a), NearDuplicates.Fingerprint(b));
        Assert.Equal(1.0, NearDuplicates.Resemblance(a, b));
    }

    [Fact]
    public void Similarity_CountsAgreeingBits()
    {
        Assert.Equal(1.0, NearDuplicates.Similarity(0xABCDUL, 0xABCDUL));
        Assert.Equal(0.0, NearDuplicates.Similarity(0UL, ulong.MaxValue));
        Assert.Equal(1 - (4 / 64.0), NearDuplicates.Similarity(0b1011UL, 0b0100UL), 10);
        Assert.Equal(0.5, NearDuplicates.Similarity(0UL, 0xFFFFFFFFUL));
    }

    [Fact]
    public void AreNearDuplicates_SameWireCopyWithOtherHeadlineAndDatelineAndOneParagraphLess_IsTrue()
    {
        var wire = Articles.Build("Strong quake off Central America as hurricane hits", null, ReutersQuake);
        var republished = Articles.Build(
            "7.2 earthquake hits Pacific coast of Central America, no damage",
            null,
            [ReutersQuake[0].Replace("SAN SALVADOR ", string.Empty, StringComparison.Ordinal), ReutersQuake[2], ReutersQuake[3]]);

        Assert.True(NearDuplicates.AreNearDuplicates(wire, republished));
        Assert.True(NearDuplicates.Resemblance(wire, republished) > 0.5);
        Assert.True(NearDuplicates.Similarity(NearDuplicates.Fingerprint(wire), NearDuplicates.Fingerprint(republished)) > 0.7);
    }

    [Fact]
    public void AreNearDuplicates_OtherStoryOnTheSameEvent_IsFalse()
    {
        var reuters = Articles.Build("Strong quake off Central America as hurricane hits", null, ReutersQuake);
        var afp = Articles.Build("7.0 quake shakes El Salvador, Nicaragua: officials", null,
        [
            "A Pacific Ocean earthquake with a 7.0 magnitude shook El Salvador and Nicaragua on Thursday, officials said, an hour after a powerful hurricane hit Nicaragua's Caribbean coast.",
            "Tsunami alerts were issued as a precaution by the authorities in Nicaragua and El Salvador, where residents were told to evacuate from the Pacific coast.",
            "The 7.0-magnitude temblor occurred around 120 kilometers (75 miles) off the coast of El Salvador, at a depth of 10.3 kilometers (6 miles), according to the US Geological Survey.",
        ]);

        Assert.False(NearDuplicates.AreNearDuplicates(reuters, afp));
        Assert.True(NearDuplicates.Resemblance(reuters, afp) < 0.1);
    }

    [Fact]
    public void AreNearDuplicates_ThresholdParameter_IsHonoured()
    {
        var wire = Articles.Build("Strong quake off Central America as hurricane hits", null, ReutersQuake);
        var half = Articles.Build("Quake", null, ReutersQuake[..2]);
        var resemblance = NearDuplicates.Resemblance(wire, half);

        Assert.True(NearDuplicates.AreNearDuplicates(wire, half, resemblance));
        Assert.False(NearDuplicates.AreNearDuplicates(wire, half, Math.Min(1.0, resemblance + 0.05)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearDuplicates.AreNearDuplicates(wire, half, 1.5));
    }

    [Fact]
    public void AreNearDuplicates_ArticlesWithoutText_AreNeverDuplicates()
    {
        var empty = Articles.Build("", null, []);

        Assert.Empty(NearDuplicates.Signature(empty));
        Assert.Equal(0UL, NearDuplicates.Fingerprint(empty));
        Assert.False(NearDuplicates.AreNearDuplicates(empty, empty with { ArticleId = "other" }));
    }

    [Fact]
    public void Signature_IsStableAndHasTheDocumentedLength()
    {
        var article = Articles.Build("Strong quake off Central America as hurricane hits", null, ReutersQuake);

        var first = NearDuplicates.Signature(article);
        var second = NearDuplicates.Signature(article with { ArticleId = "elsewhere" });

        Assert.Equal(NearDuplicates.SignatureLength, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(64, StorySketch.BandKeys(first).Length);
    }
}
