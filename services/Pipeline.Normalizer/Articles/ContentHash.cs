using System.Security.Cryptography;
using System.Text;
using Pipeline.Normalizer.Text;

namespace Pipeline.Normalizer.Articles;

/// <summary>SHA-256 (lower-case hex) over the normalized headline, lead and body text, one per line.</summary>
internal static class ContentHash
{
    public static string Compute(string headline, string? lead, IEnumerable<string> paragraphs)
    {
        var builder = new StringBuilder();
        builder.Append(TextCleaner.Clean(headline)).Append('\n').Append(TextCleaner.Clean(lead));
        foreach (var paragraph in paragraphs)
        {
            builder.Append('\n').Append(TextCleaner.Clean(paragraph));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
