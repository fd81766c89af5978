using System.Text;

namespace Pipeline.Normalizer.Tests.Fuzz;

/// <summary>
/// The seeded mutator of <c>MutationFuzzTests</c>: byte flips, deletions, splices between samples, tag duplication
/// (up to deep nesting), hostile tokens (repeated up to 5,000 times), truncation, repeats. Shared (linked) with the
/// integration tests, which drive its mutants through the fetcher's HTTP and AMQP entry points.
/// </summary>
internal static class Mutator
{
    private static readonly string[] HostileTokens =
    [
        "<", ">", "&", "\"", "'", "]]>", "<!--", "-->", "<![CDATA[", "&lol9;", "&nbsp;", "&#0;", "&#xD800;", "&#x202E;", "\u202E", "\u200B", "\u2066",
        "\0", "\u0001", "\uFFFE", "\uD800", "\\ud800", "\\u0000", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1e400", "-1", "99999999999999999999",
        "<!DOCTYPE x [<!ENTITY a \"b\">]>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "xml:lang=\"en\" lang=\"en\"", " type=\"xhtml\"", " mode=\"base64\"",
        "<div xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"it\" lang=\"it\">", "</div>", "[", "]", "{", "}", "\":", "null", "\u00A0", "\r\n\r\n",
        "## **", "**", " (ANSA) - ", "di ", "\u0002", "\u0003", "ZCZC", "NNNN",
    ];

    internal static string Mutate(string text, IReadOnlyList<(string Name, string Text)> samples, Random random, out string recipe)
    {
        var steps = new List<string>();
        var builder = new StringBuilder(text);
        var count = 1 + random.Next(3);
        for (var step = 0; step < count; step++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(8))
            {
                case 0:
                    // Byte (character) flips.
                    for (var k = 0; k < 1 + random.Next(8) && builder.Length > 0; k++)
                    {
                        builder[random.Next(builder.Length)] = (char)random.Next(0, 0x3000);
                    }

                    steps.Add("flip");
                    break;
                case 1:
                    var length = Math.Min(builder.Length - at, random.Next(1, 200));
                    builder.Remove(at, length);
                    steps.Add($"delete {length}@{at}");
                    break;
                case 2:
                    var donor = samples[random.Next(samples.Count)].Text;
                    var from = random.Next(donor.Length);
                    var slice = donor.Substring(from, Math.Min(donor.Length - from, random.Next(1, 2000)));
                    builder.Insert(at, slice);
                    steps.Add($"splice {slice.Length}@{at}");
                    break;
                case 3:
                case 4:
                    steps.Add(DuplicateTag(builder, random, at));
                    break;
                case 5:
                    var token = HostileTokens[random.Next(HostileTokens.Length)];
                    var times = random.Next(4) == 0 ? random.Next(2, 5000) : 1;
                    builder.Insert(at, string.Concat(Enumerable.Repeat(token, times)));
                    steps.Add($"token x{times}@{at}");
                    break;
                case 6:
                    builder.Length = at;
                    steps.Add($"truncate@{at}");
                    break;
                default:
                    var span = Math.Min(builder.Length - at, random.Next(1, 500));
                    var copy = builder.ToString(at, span);
                    builder.Insert(at, copy);
                    steps.Add($"repeat {span}@{at}");
                    break;
            }
        }

        recipe = string.Join(" + ", steps);
        return builder.ToString();
    }

    /// <summary>Finds the next tag from <paramref name="at"/> and repeats it: an open tag many times nests deeply, an element repeats.</summary>
    private static string DuplicateTag(StringBuilder builder, Random random, int at)
    {
        var text = builder.ToString();
        var open = text.IndexOf('<', at);
        var close = open < 0 ? -1 : text.IndexOf('>', open);
        if (close < 0 || close - open > 500)
        {
            return "tag (none)";
        }

        var tag = text[open..(close + 1)];
        var times = random.Next(3) == 0 ? random.Next(100, 20_000) : random.Next(2, 10);
        builder.Insert(open, string.Concat(Enumerable.Repeat(tag, times)));
        return $"tag x{times}@{open}";
    }
}
