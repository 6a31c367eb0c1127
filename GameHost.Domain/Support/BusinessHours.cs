namespace GameHost.Domain.Support;

/// <summary>
/// When a department works: open days (bit 0 = Sunday … bit 6 = Saturday) and one opening window per day, in the
/// department's time zone. SLA targets count only minutes inside it.
/// </summary>
public readonly record struct BusinessHours(int Days, int OpensAtMinute, int ClosesAtMinute, string TimeZoneId)
{
    public const int MondayToFriday = 0b0111110;
    public const int EveryDay = 0b1111111;

    public static BusinessHours AlwaysOpen => new(EveryDay, 0, 24 * 60, "UTC");

    public bool IsValid => Days is > 0 and <= EveryDay && OpensAtMinute >= 0 && ClosesAtMinute <= 24 * 60 && OpensAtMinute < ClosesAtMinute;

    /// <summary>The instant <paramref name="minutes"/> business minutes after <paramref name="startUtc"/>.</summary>
    public DateTime AddBusinessMinutes(DateTime startUtc, int minutes)
    {
        if (!IsValid)
        {
            return startUtc.AddMinutes(minutes);
        }

        var zone = FindZone(TimeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), zone);
        var remaining = (double)Math.Max(0, minutes);
        // At most a couple of years of days; a mask with at least one day guarantees progress.
        for (var guard = 0; guard < 800; guard++)
        {
            var dayStart = local.Date;
            var open = dayStart.AddMinutes(OpensAtMinute);
            var close = dayStart.AddMinutes(ClosesAtMinute);
            if ((Days & (1 << (int)dayStart.DayOfWeek)) != 0 && local < close)
            {
                var from = local < open ? open : local;
                var available = (close - from).TotalMinutes;
                if (remaining <= available)
                {
                    var endLocal = from.AddMinutes(remaining);
                    return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(endLocal, DateTimeKind.Unspecified), zone);
                }

                remaining -= available;
            }

            local = dayStart.AddDays(1);
        }

        return startUtc.AddMinutes(minutes);
    }

    /// <summary>
    /// Business minutes between two instants (0 when <paramref name="toUtc"/> is not after <paramref name="fromUtc"/>):
    /// what is left of a target when its clock is paused, so resuming gives back exactly that much working time.
    /// </summary>
    public int BusinessMinutesBetween(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc)
        {
            return 0;
        }

        if (!IsValid)
        {
            return (int)Math.Ceiling((toUtc - fromUtc).TotalMinutes);
        }

        var zone = FindZone(TimeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone);
        var end = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), zone);
        var total = 0.0;
        for (var guard = 0; guard < 800 && local < end; guard++)
        {
            var dayStart = local.Date;
            if ((Days & (1 << (int)dayStart.DayOfWeek)) != 0)
            {
                var open = dayStart.AddMinutes(OpensAtMinute);
                var close = dayStart.AddMinutes(ClosesAtMinute);
                var from = local < open ? open : local;
                var to = end < close ? end : close;
                if (to > from)
                {
                    total += (to - from).TotalMinutes;
                }
            }

            local = dayStart.AddDays(1);
        }

        // Rounded up so a target with seconds left is not resumed as already spent.
        return (int)Math.Ceiling(total);
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(id) ? "UTC" : id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
