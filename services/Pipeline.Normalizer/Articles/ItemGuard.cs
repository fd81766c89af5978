using System.Text.RegularExpressions;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Text;

namespace Pipeline.Normalizer.Articles;

/// <summary>
/// Maps the items of a document one by one: an item whose mapping fails is recorded as a <see cref="RejectedItem"/>
/// (with its GUID when that can be read) and the next item is mapped, so one bad item never costs the others.
/// </summary>
internal static class ItemGuard
{
    /// <summary>Maps each item; a failing item goes to <paramref name="rejected"/>. Returns the drafts in document order.</summary>
    public static List<ArticleDraft> Map<T>(IEnumerable<T> items, Func<T, ArticleDraft> map, Func<T, string?> guidOf, List<RejectedItem> rejected)
    {
        var drafts = new List<ArticleDraft>();
        var index = 0;
        foreach (var item in items)
        {
            try
            {
                var draft = map(item);
                draft.ItemIndex = index;
                drafts.Add(draft);
            }
            catch (Exception ex) when (IsItemFailure(ex))
            {
                rejected.Add(Reject(index, GuidOf(guidOf, item), ex));
            }

            index++;
        }

        return drafts;
    }

    /// <summary>
    /// Whether a failure belongs to the item rather than to the run: everything but cancellation (a deadline or a
    /// shutdown stops the whole dispatch) and running out of memory.
    /// </summary>
    public static bool IsItemFailure(Exception ex) => ex is not (OperationCanceledException or OutOfMemoryException);

    /// <summary>
    /// The permanent rejection a failure stands for, or null for a failure nobody foresaw: a
    /// <see cref="PermanentDispatchException"/> itself, and a pattern's match timeout as <c>unsafe</c>
    /// (<see cref="RegexLimits.Rejection"/>). The normalizer's one mapping, for a whole dispatch and for one item.
    /// </summary>
    public static PermanentDispatchException? AsPermanent(Exception ex) => ex switch
    {
        PermanentDispatchException permanent => permanent,
        RegexMatchTimeoutException timeout => RegexLimits.Rejection(timeout),
        _ => null,
    };

    /// <summary>The rejection for an item whose mapping or assembly threw <paramref name="ex"/>.</summary>
    public static RejectedItem Reject(int index, string? guid, Exception ex)
    {
        var permanent = AsPermanent(ex);
        var (code, message) = ex switch
        {
            _ when permanent is not null => (permanent.ReasonCode, permanent.Message),
            ArgumentOutOfRangeException or OverflowException => (RejectionReasons.Malformed, $"The item carries a value out of range: {ex.Message}"),
            InsufficientExecutionStackException => (RejectionReasons.TooLarge, "The item nests too deeply to be read."),
            _ => (RejectionReasons.Malformed, $"The item could not be read ({ex.GetType().Name}): {ex.Message}"),
        };
        var what = guid is null ? $"Item {index + 1}" : $"Item {index + 1} ('{Shorten(guid)}')";
        return new RejectedItem
        {
            Index = index,
            ItemGuid = guid,
            ReasonCode = code,
            Message = $"{what} was rejected on its own; the other items were kept. {message}",
            Unexpected = permanent is null,
        };
    }

    private static string? GuidOf<T>(Func<T, string?> guidOf, T item)
    {
        try
        {
            return TextCleaner.CleanId(guidOf(item));
        }
        catch (Exception ex) when (IsItemFailure(ex))
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
