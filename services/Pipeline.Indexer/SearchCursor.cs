using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Pipeline.Indexer;

/// <summary>
/// The opaque <c>cursor</c> of a search (search_after): the sort key and article id of the last hit of a page, and a
/// fingerprint of the search it belongs to. Every sort ends with the article id, so the position is exact even among
/// equal keys, and pages stay consistent while articles are added (a new article sorting before the cursor is not shown;
/// relevance scores can shift a little as the index grows).
/// </summary>
internal sealed record SearchCursor(SearchCursor.KeyKind Kind, double Key, string ArticleId, ulong Fingerprint)
{
    private const byte FormatVersion = 1;
    private const int HeaderLength = 1 + 8 + 1 + 8;
    private const int MaxIdBytes = 4000;

    /// <summary>The boxed type Lucene's comparer gave the key, so the cursor hands it back the same type.</summary>
    internal enum KeyKind : byte
    {
        Single = 1,
        J2NSingle = 2,
        Int64 = 3,
        J2NInt64 = 4,

        /// <summary>A collapsed page: score or date as a double.</summary>
        Double = 5,
    }

    /// <summary>The cursor after a hit of a Lucene sorted page (fields: the key, then the id).</summary>
    public static SearchCursor FromFieldDoc(FieldDoc doc, ulong fingerprint)
    {
        var (kind, key) = doc.Fields[0] switch
        {
            float f => (KeyKind.Single, (double)f),
            J2N.Numerics.Single f => (KeyKind.J2NSingle, (double)f.ToSingle()),
            long l => (KeyKind.Int64, (double)l),
            J2N.Numerics.Int64 l => (KeyKind.J2NInt64, (double)l.ToInt64()),
            var other => throw new InvalidOperationException($"Unexpected sort value type {other?.GetType().FullName}."),
        };
        var id = doc.Fields[1] is BytesRef bytes ? bytes.Utf8ToString() : Convert.ToString(doc.Fields[1], CultureInfo.InvariantCulture) ?? "";
        return new SearchCursor(kind, key, id, fingerprint);
    }

    /// <summary>The position for <c>TopFieldCollector</c>: after this key and id (any document with both equal is excluded).</summary>
    public FieldDoc ToFieldDoc()
    {
        object key = Kind switch
        {
            KeyKind.Single => (float)Key,
            KeyKind.J2NSingle => J2N.Numerics.Single.GetInstance((float)Key),
            KeyKind.Int64 => (long)Key,
            KeyKind.J2NInt64 => J2N.Numerics.Int64.GetInstance((long)Key),
            _ => throw new InvalidSearchException("The cursor belongs to a collapsed search; pass collapse=story with it, or start again without the cursor."),
        };
        return new FieldDoc(int.MaxValue, float.NaN, [key, new BytesRef(ArticleId)]);
    }

    /// <summary>True when a hit with <paramref name="key"/> and <paramref name="id"/> comes after this cursor (key descending, id ascending).</summary>
    public bool Precedes(double key, string id) => key < Key || (key == Key && string.CompareOrdinal(id, ArticleId) > 0);

    public string Encode()
    {
        var id = Encoding.UTF8.GetBytes(ArticleId);
        var buffer = new byte[HeaderLength + id.Length];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(1), Fingerprint);
        buffer[9] = (byte)Kind;
        BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(10), Key);
        id.CopyTo(buffer.AsSpan(HeaderLength));
        return Base64Url.EncodeToString(buffer);
    }

    /// <summary>Decodes a cursor of the search with <paramref name="fingerprint"/>; anything else is an <see cref="InvalidSearchException"/>.</summary>
    public static SearchCursor Decode(string text, ulong fingerprint)
    {
        byte[] buffer;
        try
        {
            buffer = Base64Url.DecodeFromChars(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidSearchException("The cursor is not one this API returned; pass nextCursor from the previous page unchanged.", ex);
        }

        if (buffer.Length < HeaderLength + 1 || buffer.Length > HeaderLength + MaxIdBytes || buffer[0] != FormatVersion
            || !Enum.IsDefined((KeyKind)buffer[9]))
        {
            throw new InvalidSearchException("The cursor is not one this API returned; pass nextCursor from the previous page unchanged.");
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(1)) != fingerprint)
        {
            throw new InvalidSearchException("The cursor belongs to a different search (query, filters, sort or collapse changed); start again without it.");
        }

        var key = BinaryPrimitives.ReadDoubleBigEndian(buffer.AsSpan(10));
        if (!double.IsFinite(key))
        {
            throw new InvalidSearchException("The cursor is not one this API returned; pass nextCursor from the previous page unchanged.");
        }

        return new SearchCursor((KeyKind)buffer[9], key, Encoding.UTF8.GetString(buffer.AsSpan(HeaderLength)), fingerprint);
    }

    /// <summary>What makes two requests the same search: everything but the page (limit, offset, cursor).</summary>
    public static ulong FingerprintOf(SearchRequest request)
    {
        var text = string.Join('\u001F',
            request.Query.Trim(), request.Language, request.SourceId, request.Entity, request.Topic, request.Country, request.Story,
            request.MaxUrgency?.ToString(CultureInfo.InvariantCulture),
            request.From?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            request.To?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            request.Sort.ToString(), request.Collapse.ToString());
        return BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
