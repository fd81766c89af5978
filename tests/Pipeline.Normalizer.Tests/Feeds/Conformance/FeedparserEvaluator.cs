using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Normalizer.Urls;

namespace Pipeline.Normalizer.Tests.Feeds.Conformance;

internal enum CheckOutcome
{
    Pass,
    Fail,
    Unmapped,
}

/// <summary>The expectation touches something the canonical article has no counterpart for.</summary>
internal sealed class UnmappedException(string reason) : Exception(reason);

/// <summary>
/// Evaluates a feedparser <c>Expect:</c> expression against our canonical articles, seen through a
/// feedparser-shaped view: <c>entries[i]</c> is the i-th article and each feedparser key is projected
/// onto the canonical field that means the same thing (title → headline, summary → lead or body text,
/// content → body, link → canonical URL, tags → subjects, enclosures → media, …). Keys without a
/// counterpart (guidislink, links' rel, feed-level data, text types, xml:base of an element, psc
/// chapters…) raise <see cref="UnmappedException"/>; a conjunct made only of those is not counted.
/// </summary>
internal sealed partial class FeedparserEvaluator(IReadOnlyList<CanonicalArticle> articles)
{
    private static readonly object Len = new();
    private static readonly object Ord = new();

    public CheckOutcome Check(PyNode node)
    {
        try
        {
            switch (node)
            {
                case PyBoolean { Operator: "and" } and:
                    var outcomes = and.Operands.Select(Check).ToList();
                    return outcomes.All(o => o == CheckOutcome.Unmapped) ? CheckOutcome.Unmapped
                        : outcomes.Contains(CheckOutcome.Fail) ? CheckOutcome.Fail : CheckOutcome.Pass;
                case PyBoolean or:
                    var any = or.Operands.Select(Check).ToList();
                    return any.Contains(CheckOutcome.Pass) ? CheckOutcome.Pass
                        : any.All(o => o == CheckOutcome.Unmapped) ? CheckOutcome.Unmapped : CheckOutcome.Fail;
                case PyNot not:
                    return Check(not.Operand) switch
                    {
                        CheckOutcome.Pass => CheckOutcome.Fail,
                        CheckOutcome.Fail => CheckOutcome.Pass,
                        _ => CheckOutcome.Unmapped,
                    };
                case PyCompare compare:
                    return CheckCompare(compare);
                default:
                    return Truthy(Eval(node)) ? CheckOutcome.Pass : CheckOutcome.Fail;
            }
        }
        catch (UnmappedException)
        {
            return CheckOutcome.Unmapped;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or KeyNotFoundException or InvalidOperationException)
        {
            return CheckOutcome.Fail;
        }
    }

    private CheckOutcome CheckCompare(PyCompare compare)
    {
        var values = compare.Operands.Select(Eval).ToList();
        var literal = values.LastOrDefault(v => v is not IActual);
        var hasLiteral = values.Any(v => v is not IActual);
        for (var i = 0; i < compare.Operators.Count; i++)
        {
            var (left, right) = (values[i], values[i + 1]);
            var op = compare.Operators[i];
            bool result;
            if (left is IActual && right is IActual)
            {
                if (!hasLiteral || op != "==")
                {
                    throw new UnmappedException("comparison of two projected values");
                }

                result = ((IActual)left).Matches(literal) && ((IActual)right).Matches(literal);
            }
            else
            {
                result = op switch
                {
                    "==" or "is" => Equal(left, right),
                    "!=" or "is not" => !Equal(left, right),
                    "<" or ">" or "<=" or ">=" when left is long or double && right is long or double => Order(Convert.ToDouble(left, CultureInfo.InvariantCulture), op, Convert.ToDouble(right, CultureInfo.InvariantCulture)),
                    _ => throw new UnmappedException($"operator {op}"),
                };
            }

            if (!result)
            {
                return CheckOutcome.Fail;
            }
        }

        return CheckOutcome.Pass;
    }

    private static bool Order(double left, string op, double right) => op switch
    {
        "<" => left < right,
        ">" => left > right,
        "<=" => left <= right,
        _ => left >= right,
    };

    private static bool Equal(object? left, object? right) => (left, right) switch
    {
        (IActual a, _) => a.Matches(right),
        (_, IActual b) => b.Matches(left),
        (long or double, long or double) => Convert.ToDouble(left, CultureInfo.InvariantCulture) == Convert.ToDouble(right, CultureInfo.InvariantCulture),
        _ => Equals(left, right),
    };

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        string s => s.Length > 0,
        IActual => throw new UnmappedException("truth value of a projected field"),
        _ => true,
    };

    private object? Eval(PyNode node) => node switch
    {
        PyLiteral literal => literal.Value,
        PyName { Name: "entries" } => new EntriesView(articles),
        PyName { Name: "len" } => Len,
        PyName { Name: "ord" } => Ord,
        PyName name => throw new UnmappedException($"name {name.Name}"),
        PySequence sequence => sequence.Items.Select(Eval).ToList(),
        PyDict dict => dict.Entries.ToDictionary(e => Eval(e.Key) as string ?? throw new UnmappedException("dict key"), e => Eval(e.Value)),
        PySubscript subscript => Index(Eval(subscript.Target), Eval(subscript.Index)),
        PyAttribute attribute => Eval(attribute.Target) is IView view ? new BoundMethod(view, attribute.Name) : throw new UnmappedException($"attribute {attribute.Name}"),
        PyCall call => Call(Eval(call.Target), call.Arguments.Select(Eval).ToList()),
        PyCompare or PyBoolean or PyNot => Check(node) switch
        {
            CheckOutcome.Pass => true,
            CheckOutcome.Fail => false,
            _ => throw new UnmappedException("nested condition"),
        },
        _ => throw new UnmappedException(node.GetType().Name),
    };

    private static object? Index(object? target, object? index) => target switch
    {
        BoundMethod bound => Index(bound.Resolve(), index),
        IView view => view.Get(index),
        _ => throw new UnmappedException("subscript of a literal"),
    };

    private static object? Call(object? target, List<object?> arguments)
    {
        if (ReferenceEquals(target, Len) && arguments.Count == 1)
        {
            var value = arguments[0] is BoundMethod b ? b.Resolve() : arguments[0];
            return value is ICountable countable ? countable.Count : throw new UnmappedException("len of an unmapped value");
        }

        if (ReferenceEquals(target, Ord) && arguments.Count == 1)
        {
            var value = arguments[0] is BoundMethod b ? b.Resolve() : arguments[0];
            return value is TextActual text ? new OrdActual(text) : throw new UnmappedException("ord of an unmapped value");
        }

        if (target is BoundMethod { Name: "get" } get && arguments.Count == 1)
        {
            return get.View.TryGet(arguments[0], out var value) ? value : null;
        }

        if (target is BoundMethod { Name: "has_key" } has && arguments.Count == 1)
        {
            return has.View.TryGet(arguments[0], out var value) && value is not IActual { IsMissing: true };
        }

        throw new UnmappedException("call");
    }

    /// <summary><c>x.name</c>: a method to call, or the same as <c>x['name']</c>.</summary>
    private sealed record BoundMethod(IView View, string Name) : IActual, IView
    {
        public object? Resolve() => View.Get(Name);

        public bool IsMissing => Resolve() is IActual { IsMissing: true };

        public bool Matches(object? expected) => Resolve() is IActual actual ? actual.Matches(expected) : Equal(Resolve(), expected);

        public object? Get(object? key) => Index(Resolve(), key);

        public bool TryGet(object? key, out object? value) => ((IView)(Resolve() as IView ?? throw new UnmappedException("attribute"))).TryGet(key, out value);
    }

    // ---------------------------------------------------------------- views

    private interface IView
    {
        object? Get(object? key) => TryGet(key, out var value) ? value : throw new KeyNotFoundException(key?.ToString());

        bool TryGet(object? key, out object? value);
    }

    private interface ICountable
    {
        long Count { get; }
    }

    /// <summary>A projected field that compares itself with an expected literal.</summary>
    private interface IActual
    {
        bool IsMissing => false;

        bool Matches(object? expected);
    }

    private sealed class EntriesView(IReadOnlyList<CanonicalArticle> articles) : IView, ICountable
    {
        public long Count => articles.Count;

        public bool TryGet(object? key, out object? value)
        {
            // An entry we do not have: its mapped keys fail, its unmapped keys stay unmapped.
            value = new EntryView(key is long index && index >= 0 && index < articles.Count ? articles[(int)index] : null);
            return true;
        }
    }

    private sealed class EntryView(CanonicalArticle? entry) : IView
    {
        private static readonly CanonicalArticle Absent = new()
        {
            ArticleId = "absent",
            Source = new() { Id = "absent" },
            Format = "absent",
            Headline = new() { Main = "\u0000absent" },
            Body = new() { Paragraphs = [], Html = string.Empty },
            ContentHash = string.Empty,
        };

        public bool TryGet(object? key, out object? value)
        {
            // An entry we do not have is seen as an empty article: mapped keys fail, unmapped ones stay unmapped.
            value = Project(key as string ?? throw new UnmappedException("entry index"));
            return true;
        }

        private object? Project(string key)
        {
            var article = entry ?? Absent;
            var body = string.Join(' ', article.Body.Paragraphs);
            var summary = new TextActual([article.Lead, body], article.Body.Html);
            var content = new TextActual([body], article.Body.Html);
            var title = new TextActual([article.Headline.Main], null);
            var language = new LanguageActual(article.DeclaredLanguage);
            return key switch
            {
                "title" => title,
                "title_detail" => Detail(title, language),
                "summary" or "description" => summary,
                "summary_detail" => Detail(summary, language),
                "content" => new ListView(i => i == 0 ? Detail(content, language) : throw new UnmappedException("second content"), null),
                "subtitle" => new TextActual([article.Headline.Sub], null),
                "language" => language,
                "link" => new UrlActual(article.CanonicalUrl),
                "links" => new AnyView(Links(article).Select(u => (Func<string, IActual?>)(k => k is "href" ? new UrlActual(u) : null)).ToList(), "links", ["href"], countable: false),
                "id" or "guid" => new ExactActual(article.ItemGuid),
                "author" => new AuthorStringActual(article.Authors.Count > 0 ? article.Authors[0] : null),
                "author_detail" => new AuthorView(article.Authors.Count > 0 ? article.Authors[0] : null),
                "authors" => new ListView(i => i < article.Authors.Count ? new AuthorView(article.Authors[i]) : throw new ArgumentOutOfRangeException(nameof(key)), article.Authors.Count),
                "published" or "published_parsed" or "issued" or "issued_parsed" or "created" or "created_parsed" => new DateActual(article.PublishedAt),
                "updated" or "updated_parsed" or "modified" or "modified_parsed" => new DateActual(article.UpdatedAt ?? article.PublishedAt),
                "tags" => new AnyView(article.Subjects.Select(s => (Func<string, IActual?>)(k => k is "term" or "label" ? new TextActual([s], null) : null)).ToList(), "tags", ["term", "label"]),
                "category" => new AnyActual(article.Subjects.Select(s => (IActual)new TextActual([s], null)).ToList()),
                "enclosures" => Media(article.Media),
                "image" => new AnyView(article.Media.Where(m => m.Kind == MediaKinds.Image).Select(m => (Func<string, IActual?>)(k => k is "href" or "url" ? new UrlActual(m.Url) : null)).ToList(), "image", ["href", "url"]),
                "media_thumbnail" or "media_content" => Media(article.Media),
                "itunes_duration" => new DurationActual(article.Media.Select(m => m.DurationSeconds).OfType<double>().ToList()),
                "media_credit" => new AnyView(
                    article.Authors.Select(a => (Func<string, IActual?>)(k => k switch { "content" => new TextActual([a.Name], null), "role" => new ExactActual(a.Role), _ => null }))
                        .Concat(article.Media.Where(m => m.Credit is not null).Select(m => (Func<string, IActual?>)(k => k == "content" ? new TextActual([m.Credit], null) : null))).ToList(), "media_credit", ["content", "role"]),
                "comments" => new UrlActual(article.CommentsUrl),
                "source" => new DictView(k => k switch
                {
                    "title" => new TextActual([article.OriginalSource?.Title], null),
                    "href" or "url" or "link" => new UrlActual(article.OriginalSource?.Url),
                    _ => null,
                }),
                "where" => article.Location is { } point ? new WhereView(point) : new MissingView(),
                _ => throw new UnmappedException($"entry key {key}"),
            };
        }

        private static IEnumerable<Uri> Links(CanonicalArticle article) =>
            new[] { article.CanonicalUrl, article.CommentsUrl }.OfType<Uri>().Concat(article.Media.Select(m => m.Url));

        private static DictView Detail(TextActual value, LanguageActual language) => new(k => k switch
        {
            "value" => value,
            "language" => language,
            _ => null,
        });

        private static AnyView Media(IEnumerable<MediaItem> media) => new(media.Select(m => (Func<string, IActual?>)(k => k switch
        {
            "href" or "url" => new UrlActual(m.Url),
            "type" => new ExactActual(m.MimeType),
            "length" => new ExactActual(m.Length?.ToString(CultureInfo.InvariantCulture)),
            _ => null,
        })).ToList(), "media", ["href", "url", "type", "length"]);
    }

    /// <summary>A list indexed in order (authors, content).</summary>
    private sealed class ListView(Func<int, object?> item, int? count) : IView, ICountable
    {
        public long Count => count ?? throw new UnmappedException("length of a list without counterpart");

        public bool TryGet(object? key, out object? value)
        {
            value = key is long i and >= 0 ? item((int)i) : throw new UnmappedException("negative index");
            return true;
        }
    }

    /// <summary>
    /// A list whose canonical counterpart is a set (subjects, media): <c>x[i]['k'] == v</c> holds when
    /// some element has <c>k == v</c>; <c>x[i] == {…}</c> when one element matches every mapped key.
    /// </summary>
    private sealed class AnyView(List<Func<string, IActual?>> elements, string name, string[] fields, bool countable = true) : IView, ICountable, IActual
    {
        /// <summary>Link relations the canonical article keeps (as URL, comments and media).</summary>
        private static readonly HashSet<string> KeptRelations = new(StringComparer.OrdinalIgnoreCase) { "alternate", "enclosure", "replies" };

        public long Count => countable ? elements.Count : throw new UnmappedException($"length of {name}");

        public bool TryGet(object? key, out object? value)
        {
            value = key is long ? this : throw new UnmappedException($"{name} key");
            if (key is string field)
            {
                value = Field(field);
            }

            return true;
        }

        public object? Get(object? key) => key switch
        {
            long => this,
            string field => Field(field),
            _ => throw new UnmappedException($"{name} index"),
        };

        private AnyActual Field(string field)
        {
            if (!fields.Contains(field))
            {
                throw new UnmappedException($"{name}.{field}");
            }

            return new AnyActual(elements.Select(e => e(field)).OfType<IActual>().ToList());
        }

        public bool Matches(object? expected)
        {
            if (expected is not Dictionary<string, object?> dict)
            {
                throw new UnmappedException($"{name} compared with a non-dict");
            }

            if (dict.TryGetValue("rel", out var rel) && rel is string relation && !KeptRelations.Contains(relation))
            {
                throw new UnmappedException($"{name} of relation {relation}");
            }

            var mapped = dict.Where(kv => fields.Contains(kv.Key)).ToList();
            if (mapped.Count == 0)
            {
                throw new UnmappedException($"{name} dict without mapped keys");
            }

            return elements.Any(e => mapped.All(kv => e(kv.Key) is { } actual && actual.Matches(kv.Value)));
        }
    }

    private sealed class DictView(Func<string, IActual?> field) : IView, IActual
    {
        public bool TryGet(object? key, out object? value)
        {
            value = key is string k ? field(k) ?? throw new UnmappedException($"key {k}") : throw new UnmappedException("index");
            return true;
        }

        public bool Matches(object? expected)
        {
            if (expected is not Dictionary<string, object?> dict)
            {
                throw new UnmappedException("dict compared with a non-dict");
            }

            var mapped = dict.Where(kv => field(kv.Key) is not null).ToList();
            return mapped.Count == 0 ? throw new UnmappedException("dict without mapped keys") : mapped.All(kv => field(kv.Key)!.Matches(kv.Value));
        }
    }

    /// <summary>A field the article does not have: every comparison but with None / {} fails.</summary>
    private sealed class MissingView : IView, IActual
    {
        public bool IsMissing => true;

        public bool TryGet(object? key, out object? value)
        {
            value = key switch
            {
                "type" => new ShapeTypeActual(null),
                "coordinates" => new CoordinatesActual(null),
                _ => throw new UnmappedException($"where.{key}"),
            };
            return true;
        }

        public bool Matches(object? expected) => expected is null || expected is Dictionary<string, object?> { Count: 0 };
    }

    private sealed class AuthorView(Author? author) : IView, IActual
    {
        public bool TryGet(object? key, out object? value)
        {
            value = Field(key as string ?? throw new UnmappedException("author index")) ?? throw new UnmappedException($"author key {key}");
            return true;
        }

        private IActual? Field(string key) => key switch
        {
            "name" => new TextActual([author?.Name], null),
            "email" => new ExactActual(author?.Contact is { } c && c.Contains('@', StringComparison.Ordinal) ? c : null),
            "url" or "href" => new UrlActual(author?.Url),
            _ => null,
        };

        public bool Matches(object? expected)
        {
            if (expected is not Dictionary<string, object?> dict)
            {
                throw new UnmappedException("author compared with a non-dict");
            }

            return dict.Where(kv => Field(kv.Key) is not null).All(kv => Field(kv.Key)!.Matches(kv.Value));
        }
    }

    private sealed class WhereView(GeoPoint point) : IView, IActual
    {
        public bool TryGet(object? key, out object? value)
        {
            value = key switch
            {
                "type" => new ShapeTypeActual(point),
                "coordinates" => new CoordinatesActual(point),
                _ => throw new UnmappedException($"where.{key}"),
            };
            return true;
        }

        public bool Matches(object? expected) => expected is Dictionary<string, object?> { Count: 0 } ? false : throw new UnmappedException("where dict");
    }

    // ---------------------------------------------------------------- leaf comparisons

    private sealed class AnyActual(List<IActual> candidates) : IActual
    {
        public bool Matches(object? expected) => expected is null ? candidates.Count == 0 : candidates.Any(c => c.Matches(expected));
    }

    private sealed class ExactActual(string? value) : IActual
    {
        public bool IsMissing => value is null;

        public bool Matches(object? expected) => expected switch
        {
            null => value is null,
            string s => string.Equals(s.Trim(), value, StringComparison.Ordinal),
            long or double => value is not null && double.TryParse(value, CultureInfo.InvariantCulture, out var d) && d == Convert.ToDouble(expected, CultureInfo.InvariantCulture),
            _ => throw new UnmappedException("exact value compared with a non-string"),
        };
    }

    /// <summary>
    /// Text: feedparser's value is HTML (or plain text for text constructs); it matches when its text —
    /// known HTML tags removed, entities decoded, white space collapsed — equals one of the candidates,
    /// and every <c>href</c>/<c>src</c> it carries is in the article's HTML.
    /// </summary>
    private sealed class TextActual(string?[] candidates, string? html) : IActual
    {
        public bool IsMissing => candidates.All(string.IsNullOrEmpty);

        public IEnumerable<string> Texts => candidates.Select(c => Collapse(c ?? string.Empty));

        public bool Matches(object? expected)
        {
            if (expected is null)
            {
                return IsMissing;
            }

            if (expected is not string value)
            {
                throw new UnmappedException("text compared with a non-string");
            }

            if (SvgOrMathMl().IsMatch(value))
            {
                // Inline SVG / MathML: our sanitiser removes it on purpose (a rendering difference, not a mapping one).
                throw new UnmappedException("inline SVG or MathML rendering");
            }

            var text = ExpectedText(value);
            if (!Texts.Any(t => t == text))
            {
                return false;
            }

            return html is null || Links().Matches(value).All(m => LinkPresent(m.Groups[1].Value));
        }

        private bool LinkPresent(string link)
        {
            var decoded = WebUtility.HtmlDecode(link);
            return html!.Contains(decoded, StringComparison.Ordinal) || html.Contains(WebUtility.HtmlEncode(decoded), StringComparison.Ordinal)
                || (Uri.TryCreate(decoded, UriKind.Absolute, out var uri) && html.Contains(uri.AbsoluteUri, StringComparison.Ordinal));
        }
    }

    private sealed class OrdActual(TextActual text) : IActual
    {
        public bool Matches(object? expected) => expected is long code && text.Texts.Any(t => t == char.ConvertFromUtf32((int)code));
    }

    private sealed class LanguageActual(string? value) : IActual
    {
        public bool IsMissing => value is null;

        public bool Matches(object? expected) => expected switch
        {
            null => value is null,
            string s => string.Equals(s.Replace('_', '-'), value, StringComparison.OrdinalIgnoreCase),
            _ => throw new UnmappedException("language compared with a non-string"),
        };
    }

    /// <summary>A URL, compared after the canonicalisation the contract promises (<see cref="UrlCanonicalizer"/>).</summary>
    private sealed class UrlActual(Uri? value) : IActual
    {
        public bool IsMissing => value is null;

        public bool Matches(object? expected)
        {
            if (expected is null)
            {
                return value is null;
            }

            if (expected is not string s || value is null)
            {
                return false;
            }

            if (string.Equals(s, value.OriginalString, StringComparison.Ordinal) || string.Equals(s, value.AbsoluteUri, StringComparison.Ordinal))
            {
                return true;
            }

            var canonical = UrlCanonicalizer.Canonicalize(s, null);
            return canonical is not null && (canonical == value || canonical == UrlCanonicalizer.Canonicalize(value.AbsoluteUri, null));
        }
    }

    private sealed class AuthorStringActual(Author? author) : IActual
    {
        public bool IsMissing => author is null;

        public bool Matches(object? expected)
        {
            if (expected is not string s)
            {
                return expected is null && author is null;
            }

            if (author is null)
            {
                return false;
            }

            var parenthesised = NameAndEmail().Match(s);
            if (parenthesised.Success)
            {
                return author.Name == parenthesised.Groups[1].Value.Trim() && author.Contact == parenthesised.Groups[2].Value.Trim();
            }

            return author.Name == s.Trim() || (s.Contains('@', StringComparison.Ordinal) && author.Contact == s.Trim());
        }
    }

    /// <summary>A date: a <c>time.struct_time</c> tuple (UTC) or a date string, against the canonical instant.</summary>
    private sealed class DateActual(DateTimeOffset? value) : IActual
    {
        public bool IsMissing => value is null;

        public bool Matches(object? expected)
        {
            switch (expected)
            {
                case null:
                    return value is null;
                case List<object?> tuple when tuple.Count >= 6 && tuple.Take(6).All(t => t is long):
                    if (value is not { } v)
                    {
                        return false;
                    }

                    var utc = v.UtcDateTime;
                    var parts = tuple.Take(6).Select(t => (int)(long)t!).ToArray();
                    return utc.Year == parts[0] && utc.Month == parts[1] && utc.Day == parts[2] && utc.Hour == parts[3] && utc.Minute == parts[4] && utc.Second == parts[5];
                case string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed):
                    return value == parsed;
                default:
                    throw new UnmappedException("date literal not understood");
            }
        }
    }

    private sealed class DurationActual(List<double> durations) : IActual
    {
        public bool Matches(object? expected)
        {
            if (expected is not string s)
            {
                throw new UnmappedException("duration compared with a non-string");
            }

            var seconds = 0.0;
            foreach (var part in s.Split(':'))
            {
                if (!double.TryParse(part, CultureInfo.InvariantCulture, out var n))
                {
                    throw new UnmappedException("duration not understood");
                }

                seconds = (seconds * 60) + n;
            }

            return durations.Contains(seconds);
        }
    }

    /// <summary>A point is a <see cref="GeoPoint"/>; lines, boxes and polygons have no canonical counterpart.</summary>
    private sealed class ShapeTypeActual(GeoPoint? point) : IActual
    {
        public bool Matches(object? expected) => expected is "Point" ? point is not null : throw new UnmappedException($"shape {expected}");
    }

    /// <summary>feedparser's GeoJSON order: (longitude, latitude[, height]).</summary>
    private sealed class CoordinatesActual(GeoPoint? point) : IActual, IView
    {
        public bool Matches(object? expected) => expected is List<object?> { Count: 2 or 3 } tuple && tuple.All(t => t is long or double)
            ? point is not null && Near(tuple[0], point.Longitude) && Near(tuple[1], point.Latitude)
            : throw new UnmappedException("coordinates of a shape");

        public bool TryGet(object? key, out object? value) => throw new UnmappedException("coordinates of a shape");

        private static bool Near(object? expected, double actual) => Math.Abs(Convert.ToDouble(expected, CultureInfo.InvariantCulture) - actual) < 1e-6;
    }

    // ---------------------------------------------------------------- expected text

    private static readonly HashSet<string> InlineTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "acronym", "b", "big", "cite", "code", "del", "dfn", "em", "font", "i", "img", "ins", "kbd", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var",
    };

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figure", "figcaption", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
    };

    /// <summary>The text of an expected HTML value: known tags removed (block tags as a space), entities decoded, white space collapsed.</summary>
    internal static string ExpectedText(string html)
    {
        var stripped = Tag().Replace(html, m =>
        {
            var name = m.Groups[1].Value;
            return InlineTags.Contains(name) ? string.Empty : BlockTags.Contains(name) ? " " : m.Value;
        });
        return Collapse(WebUtility.HtmlDecode(stripped));
    }

    private static string Collapse(string text) => Space().Replace(text, " ").Trim().Normalize(NormalizationForm.FormC);

    [GeneratedRegex(@"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\s*<(?:svg|math)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SvgOrMathMl();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Space();

    [GeneratedRegex(@"\b(?:href|src)=""([^""]*)""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Links();

    [GeneratedRegex(@"^([^()]*)\(([^()]*)\)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NameAndEmail();
}
