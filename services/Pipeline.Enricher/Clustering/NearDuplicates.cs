using System.Globalization;
using System.Numerics;
using System.Text;
using Pipeline.Contracts.Articles;

namespace Pipeline.Enricher.Clustering;

/// <summary>
/// Near-duplicate detection for wire copy republished by many outlets: a 64-bit SimHash fingerprint
/// (Charikar 2002; Manku, Jain and Das Sarma 2007) and a 128-value MinHash signature (Broder 1997) over the
/// same word shingles of the article's text. The decision is taken on the MinHash estimate of the shingle
/// resemblance (Jaccard); the SimHash is the article's compact, stable fingerprint.
/// </summary>
/// <remarks>
/// <para>
/// Text: the main headline, the lead and the body paragraphs, NFC-normalized, lower-cased with the
/// invariant culture, diacritics removed (so <c>perchè</c>/<c>perché</c> and a copy that lost its accents
/// still agree), every character that is not a letter or a digit treated as a word break (punctuation,
/// quotes of any style, apostrophes, dashes).
/// </para>
/// <para>
/// Features: every distinct run of <see cref="ShingleSize"/> consecutive words, weight 1 each, wherever it
/// occurs (headline included: an outlet that rewrites the headline only loses its few shingles, and a short
/// wire item keeps its headline's evidence). A set, not a bag, so a page that repeats a paragraph, or a feed
/// that repeats its lead as the first paragraph, does not tilt the result. A text shorter than a shingle
/// is one shingle.
/// </para>
/// <para>
/// Hashes: 64-bit FNV-1a over the shingle's UTF-8 bytes (words joined by one space), finished with the
/// SplitMix64 mixer; MinHash value <c>i</c> is the minimum over the shingles of the high 32 bits of
/// SplitMix64(shingle hash XOR seed<c>i</c>) with fixed seeds. All implemented here, so fingerprints and
/// signatures are the same on every process, machine and .NET version (never
/// <see cref="string.GetHashCode()"/>).
/// </para>
/// <para>
/// Why not SimHash alone: on the gold pairs in <c>tests/gold/enrichment/pairs</c> (22 near-duplicate pairs
/// of real wire copy — ANSA, Adnkronos, Italpress, LaPresse, AP, Reuters, AFP, BBC — republished by two
/// outlets or in two versions, and 24 different-but-similar pairs on the same event or people) the SimHash
/// similarity of the different pairs reaches 0.625 and that of the duplicates starts at 0.625: no margin.
/// Worse, two unrelated texts agree on 0.5 ± 0.0625 of their bits, so any SimHash threshold low enough to
/// catch a shortened or updated copy (≈ 0.65) also matches about 2 % of unrelated articles — hundreds of
/// false merges per article against a week of news. The shingle resemblance separates the same pairs by a
/// wide margin (different ≤ 0.05, duplicates ≥ 0.32), and a MinHash estimate of it over 128 values has a
/// standard error of at most 0.045, so it stays the deciding number.
/// </para>
/// </remarks>
public static class NearDuplicates
{
    /// <summary>
    /// Two articles whose estimated shingle resemblance (Jaccard of their 3-word shingle sets, by MinHash)
    /// is at least this are near-duplicates.
    /// </summary>
    /// <remarks>
    /// Chosen on the gold pairs. Exact shingle resemblance: different-but-similar pairs 0.00–0.05,
    /// near-duplicates 0.32–1.00; the MinHash estimates the code uses: different 0.000–0.070, near-duplicates
    /// 0.266–1.000. 0.2 keeps the duplicates' lowest exact value 2.9 standard errors above the line and the
    /// different pairs' highest almost 8 below it (a false merge across stories costs more than a missed
    /// copy), and still catches a copy that keeps about a fifth of the other's text (a lead-only excerpt).
    /// Measured at this value by <c>NearDuplicatesGoldTests</c>: duplicate-pair precision 1.00 and recall 1.00
    /// on the 46 gold pairs (22 duplicate, 24 different).
    /// </remarks>
    public const double DefaultThreshold = 0.2;

    /// <summary>Words per shingle.</summary>
    public const int ShingleSize = 3;

    /// <summary>Values in a MinHash signature.</summary>
    public const int SignatureLength = 128;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Seeds of the MinHash functions: fixed, derived from one constant by SplitMix64.</summary>
    private static readonly ulong[] Seeds = CreateSeeds();

    /// <summary>The 64-bit SimHash of the article's headline, lead and paragraphs.</summary>
    public static ulong Fingerprint(CanonicalArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return SimHash(Shingles(Words(article)));
    }

    /// <summary>1 − Hamming(a, b) / 64: the share of fingerprint bits the two agree on.</summary>
    public static double Similarity(ulong a, ulong b) => 1.0 - (BitOperations.PopCount(a ^ b) / 64.0);

    /// <summary>
    /// The estimated resemblance (Jaccard of the shingle sets) of two articles, 0..1; 0 when either has no text.
    /// </summary>
    public static double Resemblance(CanonicalArticle a, CanonicalArticle b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Resemblance(Signature(a), Signature(b));
    }

    /// <summary>
    /// True when the two articles' estimated shingle resemblance is at least <paramref name="threshold"/>
    /// (default <see cref="DefaultThreshold"/>).
    /// </summary>
    public static bool AreNearDuplicates(CanonicalArticle a, CanonicalArticle b, double? threshold = null)
    {
        var limit = threshold ?? DefaultThreshold;
        if (limit is < 0 or > 1 || double.IsNaN(limit))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), limit, "The threshold is a resemblance between 0 and 1.");
        }

        var resemblance = Resemblance(a, b);
        return resemblance > 0 && resemblance >= limit;
    }

    /// <summary>The fingerprint as 16 lower-case hex digits (the form carried in <see cref="StoryCluster.Fingerprint"/>).</summary>
    public static string ToHex(ulong fingerprint) => fingerprint.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The article's MinHash signature: <see cref="SignatureLength"/> values, or none when it has no text.</summary>
    public static uint[] Signature(CanonicalArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return MinHash(Shingles(Words(article)));
    }

    /// <summary>Fingerprint and signature from one pass over the text.</summary>
    internal static (ulong Fingerprint, uint[] Signature) Sketch(CanonicalArticle article)
    {
        var shingles = Shingles(Words(article));
        return (SimHash(shingles), MinHash(shingles));
    }

    /// <summary>Share of equal positions of two signatures; 0 when either is empty or their lengths differ.</summary>
    public static double Resemblance(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length == 0 || a.Length != b.Length)
        {
            return 0;
        }

        var equal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                equal++;
            }
        }

        return (double)equal / a.Length;
    }

    internal static HashSet<ulong> Shingles(IReadOnlyList<string> words)
    {
        var shingles = new HashSet<ulong>();
        if (words.Count == 0)
        {
            return shingles;
        }

        if (words.Count < ShingleSize)
        {
            shingles.Add(Hash(words, 0, words.Count));
            return shingles;
        }

        for (var i = 0; i + ShingleSize <= words.Count; i++)
        {
            shingles.Add(Hash(words, i, ShingleSize));
        }

        return shingles;
    }

    internal static ulong SimHash(IReadOnlyCollection<ulong> shingles)
    {
        Span<int> votes = stackalloc int[64];
        foreach (var hash in shingles)
        {
            for (var bit = 0; bit < 64; bit++)
            {
                votes[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
            }
        }

        var fingerprint = 0UL;
        for (var bit = 0; bit < 64; bit++)
        {
            if (votes[bit] > 0)
            {
                fingerprint |= 1UL << bit;
            }
        }

        return fingerprint;
    }

    internal static uint[] MinHash(IReadOnlyCollection<ulong> shingles)
    {
        if (shingles.Count == 0)
        {
            return [];
        }

        var signature = new uint[SignatureLength];
        Array.Fill(signature, uint.MaxValue);
        foreach (var hash in shingles)
        {
            for (var i = 0; i < SignatureLength; i++)
            {
                var value = (uint)(Mix(hash ^ Seeds[i]) >> 32);
                if (value < signature[i])
                {
                    signature[i] = value;
                }
            }
        }

        return signature;
    }

    /// <summary>The normalized words of headline, lead and paragraphs, in order.</summary>
    internal static List<string> Words(CanonicalArticle article)
    {
        var words = new List<string>();
        AddWords(article.Headline.Main, words);
        AddWords(article.Lead, words);
        foreach (var paragraph in article.Body.Paragraphs)
        {
            AddWords(paragraph, words);
        }

        return words;
    }

    internal static void AddWords(string? text, List<string> words)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        // NFD splits accented letters into base letter + combining mark; the marks are dropped below.
        var decomposed = text.Normalize(NormalizationForm.FormC).ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString().Normalize(NormalizationForm.FormC));
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString().Normalize(NormalizationForm.FormC));
        }
    }

    /// <summary>SplitMix64 finalizer.</summary>
    internal static ulong Mix(ulong value)
    {
        value ^= value >> 30;
        value *= 0xbf58476d1ce4e5b9UL;
        value ^= value >> 27;
        value *= 0x94d049bb133111ebUL;
        value ^= value >> 31;
        return value;
    }

    private static ulong Hash(IReadOnlyList<string> words, int start, int count)
    {
        var hash = FnvOffset;
        for (var i = start; i < start + count; i++)
        {
            if (i > start)
            {
                hash = (hash ^ (byte)' ') * FnvPrime;
            }

            foreach (var b in Encoding.UTF8.GetBytes(words[i]))
            {
                hash = (hash ^ b) * FnvPrime;
            }
        }

        // FNV-1a's high bits depend weakly on the last bytes: mix before using single bits.
        return Mix(hash);
    }

    private static ulong[] CreateSeeds()
    {
        var seeds = new ulong[SignatureLength];
        var state = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < seeds.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = Mix(state);
        }

        return seeds;
    }
}
