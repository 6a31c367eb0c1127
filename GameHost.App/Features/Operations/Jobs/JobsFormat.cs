using System.Globalization;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Operations.Jobs;

/// <summary>How the Jobs page writes instants, durations and schedules in the visitor's culture.</summary>
internal static class JobsFormat
{
    public static string Instant(DateTime? utc, string whenMissing) =>
        utc is null ? whenMissing : utc.Value.ToString("G", CultureInfo.CurrentCulture);

    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "";
        }

        var culture = CultureInfo.CurrentCulture;
        return d.TotalSeconds < 1 ? $"{d.TotalMilliseconds.ToString("0", culture)} ms"
            : d.TotalMinutes < 2 ? $"{d.TotalSeconds.ToString("0.0", culture)} s"
            : $"{d.TotalMinutes.ToString("0.0", culture)} min";
    }

    public static string Schedule(TimeSpan interval, IStringLocalizer<JobsText> text)
    {
        var culture = CultureInfo.CurrentCulture;
        if (interval.TotalMinutes < 1 || interval.TotalSeconds % 60 != 0)
        {
            return text["EverySeconds", interval.TotalSeconds.ToString("0", culture)];
        }

        return interval.TotalHours < 1 || interval.TotalMinutes % 60 != 0
            ? text["EveryMinutes", interval.TotalMinutes.ToString("0", culture)]
            : text["EveryHours", interval.TotalHours.ToString("0", culture)];
    }
}
