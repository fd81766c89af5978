using System.Globalization;

namespace Pipeline.Indexer;

/// <summary>Query parameters shared by <c>GET /search</c> and <c>GET /stream</c>: the filters, with the same names and checks.</summary>
internal static class SearchParameters
{
    public const int MaxFilterLength = 200;

    /// <summary>
    /// <c>lang</c>, <c>topic</c>, <c>country</c>, <c>source</c>, <c>entity</c> and the urgency limit (given under
    /// <paramref name="urgency"/>'s name) checked, trimmed and normalized (topic lower-case, country upper-case); problems
    /// go to <paramref name="errors"/> by parameter name.
    /// </summary>
    public static StreamFilter Filter(
        Dictionary<string, string[]> errors, string? lang, string? topic, string? country, string? source, string? entity, (string Name, string? Value) urgency)
    {
        CheckLength(errors, "lang", lang, 16);
        if (lang is not null && !lang.All(c => char.IsAsciiLetter(c) || c is '-' or '_'))
        {
            errors["lang"] = ["The language must be an ISO 639-1 code such as 'it' or 'en'."];
        }

        CheckLength(errors, "topic", topic, MaxFilterLength);
        CheckLength(errors, "source", source, MaxFilterLength);
        CheckLength(errors, "entity", entity, MaxFilterLength);
        if (!string.IsNullOrWhiteSpace(country) && !(country.Trim().Length == 2 && country.Trim().All(char.IsAsciiLetter)))
        {
            errors["country"] = ["The country must be an ISO 3166-1 alpha-2 code such as 'IT' or 'RU'."];
        }

        return new StreamFilter
        {
            Language = NullIfBlank(lang),
            Topic = NullIfBlank(topic)?.ToLowerInvariant(),
            Country = NullIfBlank(country)?.ToUpperInvariant(),
            Source = NullIfBlank(source),
            Entity = NullIfBlank(entity),
            MaxUrgency = string.IsNullOrWhiteSpace(urgency.Value) ? null : ParseInt(errors, urgency.Name, urgency.Value, 9, 1, 9),
        };
    }

    public static void CheckLength(Dictionary<string, string[]> errors, string name, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors[name] = [$"'{name}' is {value.Length} characters long; the limit is {maxLength}."];
        }
    }

    public static int ParseInt(Dictionary<string, string[]> errors, string name, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors[name] = [$"'{name}' must be a whole number from {min} to {max}."];
        return fallback;
    }

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
