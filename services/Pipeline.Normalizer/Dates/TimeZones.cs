namespace Pipeline.Normalizer.Dates;

/// <summary>Time zones the normalizer needs, with a built-in fallback where the system has no tz database.</summary>
internal static class TimeZones
{
    /// <summary>Europe/Rome (CET/CEST, EU summer time rules), for Italian agency dispatches.</summary>
    public static TimeZoneInfo EuropeRome { get; } = FindOrCreateCentralEuropean("Europe/Rome");

    /// <summary>The zone with the given IANA or Windows id; null when the system does not know it.</summary>
    public static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static TimeZoneInfo FindOrCreateCentralEuropean(string id)
    {
        if (Find(id) is { } zone)
        {
            return zone;
        }

        // EU rule since 1996: summer time from the last Sunday of March 02:00 to the last Sunday of October 03:00 local.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(1996, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            DateTime.MaxValue.Date,
            TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0, DateTimeKind.Unspecified), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0, DateTimeKind.Unspecified), 10, 5, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(1), "Central European Time", "CET", "CEST", [rule]);
    }
}
