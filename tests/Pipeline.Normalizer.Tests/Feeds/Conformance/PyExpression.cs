using System.Globalization;
using System.Text;

namespace Pipeline.Normalizer.Tests.Feeds.Conformance;

/// <summary>
/// A node of the small Python expression language feedparser's test files use in their <c>Expect:</c>
/// header: <c>not bozo and entries[0]['title'] == u'Example'</c>, chained comparisons, subscripts,
/// attribute access, calls (<c>len</c>, <c>ord</c>, <c>.get</c>, <c>.has_key</c>) and literals
/// (strings with escapes, numbers, tuples, lists, dicts, <c>None</c>/<c>True</c>/<c>False</c>).
/// </summary>
internal abstract record PyNode;

internal sealed record PyName(string Name) : PyNode;

internal sealed record PyLiteral(object? Value) : PyNode;

internal sealed record PySequence(IReadOnlyList<PyNode> Items, bool IsTuple) : PyNode;

internal sealed record PyDict(IReadOnlyList<(PyNode Key, PyNode Value)> Entries) : PyNode;

internal sealed record PySubscript(PyNode Target, PyNode Index) : PyNode;

internal sealed record PyAttribute(PyNode Target, string Name) : PyNode;

internal sealed record PyCall(PyNode Target, IReadOnlyList<PyNode> Arguments) : PyNode;

internal sealed record PyNot(PyNode Operand) : PyNode;

internal sealed record PyBoolean(string Operator, IReadOnlyList<PyNode> Operands) : PyNode;

/// <summary>A chain <c>a == b == c</c>: operands and the operators between them.</summary>
internal sealed record PyCompare(IReadOnlyList<PyNode> Operands, IReadOnlyList<string> Operators) : PyNode;

/// <summary>Parses the expressions (recursive descent with a depth limit); throws <see cref="FormatException"/> on anything else.</summary>
internal sealed class PyParser
{
    private const int MaxDepth = 64;
    private readonly List<string> _tokens;
    private int _position;
    private int _depth;

    private PyParser(List<string> tokens) => _tokens = tokens;

    public static PyNode Parse(string expression)
    {
        var parser = new PyParser(Tokenize(expression));
        var node = parser.Or();
        if (parser._position != parser._tokens.Count)
        {
            throw new FormatException($"Unexpected '{parser._tokens[parser._position]}' in: {expression}");
        }

        return node;
    }

    private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

    private bool Accept(string token)
    {
        if (Peek != token)
        {
            return false;
        }

        _position++;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException($"Expected '{token}', found '{Peek ?? "end"}'.");
        }
    }

    private PyNode Or() => Boolean("or", And);

    private PyNode And() => Boolean("and", Not);

    private PyNode Boolean(string op, Func<PyNode> operand)
    {
        var operands = new List<PyNode> { operand() };
        while (Accept(op))
        {
            operands.Add(operand());
        }

        return operands.Count == 1 ? operands[0] : new PyBoolean(op, operands);
    }

    private PyNode Not()
    {
        if (Accept("not"))
        {
            return Nested(() => new PyNot(Not()));
        }

        return Compare();
    }

    private PyNode Compare()
    {
        var operands = new List<PyNode> { Postfix() };
        var operators = new List<string>();
        while (Peek is "==" or "!=" or "<" or ">" or "<=" or ">=" or "is" or "in")
        {
            var op = _tokens[_position++];
            if (op == "is" && Accept("not"))
            {
                op = "is not";
            }

            operators.Add(op);
            operands.Add(Postfix());
        }

        return operators.Count == 0 ? operands[0] : new PyCompare(operands, operators);
    }

    private PyNode Postfix()
    {
        var node = Primary();
        while (true)
        {
            if (Accept("["))
            {
                var index = Nested(Or);
                Expect("]");
                node = new PySubscript(node, index);
            }
            else if (Accept("."))
            {
                node = new PyAttribute(node, Identifier());
            }
            else if (Accept("("))
            {
                node = new PyCall(node, Items(")"));
            }
            else
            {
                return node;
            }
        }
    }

    private PyNode Primary()
    {
        var token = Peek ?? throw new FormatException("Unexpected end of expression.");
        _position++;
        switch (token)
        {
            case "(":
                var items = Items(")", out var trailingComma);
                return items.Count == 1 && !trailingComma ? items[0] : new PySequence(items, IsTuple: true);
            case "[":
                return new PySequence(Items("]"), IsTuple: false);
            case "{":
                var entries = new List<(PyNode, PyNode)>();
                while (!Accept("}"))
                {
                    var key = Nested(Or);
                    Expect(":");
                    entries.Add((key, Nested(Or)));
                    if (!Accept(","))
                    {
                        Expect("}");
                        break;
                    }
                }

                return new PyDict(entries);
            case "None":
                return new PyLiteral(null);
            case "True":
                return new PyLiteral(true);
            case "False":
                return new PyLiteral(false);
            case "-":
                return Primary() switch
                {
                    PyLiteral { Value: long l } => new PyLiteral(-l),
                    PyLiteral { Value: double d } => new PyLiteral(-d),
                    _ => throw new FormatException("Unary minus on a non-number."),
                };
        }

        if (token[0] == '\0')
        {
            return new PyLiteral(token[1..]);
        }

        if (char.IsAsciiDigit(token[0]))
        {
            return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                ? new PyLiteral(integer)
                : new PyLiteral(double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (char.IsLetter(token[0]) || token[0] == '_')
        {
            return new PyName(token);
        }

        throw new FormatException($"Unexpected '{token}'.");
    }

    private List<PyNode> Items(string close) => Items(close, out _);

    private List<PyNode> Items(string close, out bool trailingComma)
    {
        var items = new List<PyNode>();
        trailingComma = false;
        while (!Accept(close))
        {
            items.Add(Nested(Or));
            trailingComma = Accept(",");
            if (!trailingComma)
            {
                Expect(close);
                break;
            }
        }

        return items;
    }

    private string Identifier()
    {
        var token = Peek;
        if (token is null || !(char.IsLetter(token[0]) || token[0] == '_'))
        {
            throw new FormatException($"Expected a name, found '{token ?? "end"}'.");
        }

        _position++;
        return token;
    }

    private T Nested<T>(Func<T> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw new FormatException("Expression nested too deeply.");
        }

        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Tokens; a string literal becomes "\0" + its decoded value.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (IsStringStart(text, i, out var prefix))
            {
                i += prefix;
                tokens.Add("\0" + ReadString(text, ref i, raw: prefix > 0 && char.ToLowerInvariant(text[i - prefix]) == 'r'));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or 'e' or 'E'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "==" or "!=" or "<=" or ">=")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if ("[](){}.,:<>-".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new FormatException($"Unexpected character '{c}'.");
            }
        }

        return tokens;
    }

    private static bool IsStringStart(string text, int i, out int prefix)
    {
        prefix = 0;
        while (i + prefix < text.Length && prefix < 2 && "uUbBrR".Contains(text[i + prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        if (prefix > 0 && i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] == '_'))
        {
            return false;
        }

        return i + prefix < text.Length && text[i + prefix] is '\'' or '"';
    }

    private static string ReadString(string text, ref int i, bool raw)
    {
        var quote = text[i];
        var triple = i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote;
        i += triple ? 3 : 1;
        var builder = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new FormatException("Unterminated string.");
            }

            var c = text[i];
            if (c == quote && (!triple || (i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote)))
            {
                i += triple ? 3 : 1;
                return builder.ToString();
            }

            if (c == '\\' && !raw && i + 1 < text.Length)
            {
                i = Escape(text, i + 1, builder);
                continue;
            }

            builder.Append(c);
            i++;
        }
    }

    /// <summary>Appends the escape starting at <paramref name="i"/> (after the backslash); returns the index after it.</summary>
    private static int Escape(string text, int i, StringBuilder builder)
    {
        var c = text[i];
        switch (c)
        {
            case 'n': builder.Append('\n'); return i + 1;
            case 't': builder.Append('\t'); return i + 1;
            case 'r': builder.Append('\r'); return i + 1;
            case '0': builder.Append('\0'); return i + 1;
            case 'x': return Hex(text, i + 1, 2, builder);
            case 'u': return Hex(text, i + 1, 4, builder);
            case 'U': return Hex(text, i + 1, 8, builder);
            case '\\' or '\'' or '"': builder.Append(c); return i + 1;
            default: builder.Append('\\').Append(c); return i + 1;
        }
    }

    private static int Hex(string text, int start, int length, StringBuilder builder)
    {
        if (start + length > text.Length || !int.TryParse(text.AsSpan(start, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            throw new FormatException("Bad escape.");
        }

        builder.Append(char.ConvertFromUtf32(code));
        return start + length;
    }
}
