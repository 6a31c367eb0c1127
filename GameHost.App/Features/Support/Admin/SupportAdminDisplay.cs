using System.Globalization;
using GameHost.Domain.Common;
using GameHost.Domain.Support;
using GameHost.Domain.Support.UseCases;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Support.Admin;

/// <summary>How the support admin screens word hours, prices and durations.</summary>
public static class SupportAdminDisplay
{
    /// <summary>Monday first, as the editor lists the days.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>Every half hour of the day, 00:00 to 24:00, in minutes.</summary>
    public static readonly IReadOnlyList<int> HalfHours = Enumerable.Range(0, 49).Select(i => i * 30).ToList();

    public static string Time(int minuteOfDay) => minuteOfDay >= 24 * 60
        ? "24:00"
        : new TimeOnly(minuteOfDay / 60, minuteOfDay % 60).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(day);

    public static string Hours(IStringLocalizer<SupportText> text, DepartmentForm form)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(form);
        var days = Week.Where(d => (form.BusinessDays & (1 << (int)d)) != 0).Select(Day).ToList();
        var dayText = days.Count == 7 ? text["EveryDay"].Value : string.Join(" ", days);
        return $"{dayText} · {Time(form.OpensAtMinute)}–{Time(form.ClosesAtMinute)} ({form.TimeZoneId})";
    }

    public static string Paid(IStringLocalizer<SupportText> text, DepartmentForm form)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(form);
        if (form.PaidMode == PaidSupportMode.Free || !Currency.TryFromCode(form.PriceCurrency, out var currency))
        {
            return text["PaidMode_Free"];
        }

        var price = new Money(form.PriceMinor, currency).Format(CultureInfo.CurrentCulture);
        return form.PaidMode == PaidSupportMode.PerTicket
            ? text["PricePerTicket", price]
            : text["PricePerPack", form.IncidentsPerPack, price];
    }

    /// <summary>A target in business minutes as staff read it: "45 min", "4 h", "2 h 30 min".</summary>
    public static string Duration(int minutes)
    {
        if (minutes <= 0)
        {
            return "—";
        }

        var hours = minutes / 60;
        var rest = minutes % 60;
        return hours == 0 ? $"{rest} min" : rest == 0 ? $"{hours} h" : $"{hours} h {rest} min";
    }
}
