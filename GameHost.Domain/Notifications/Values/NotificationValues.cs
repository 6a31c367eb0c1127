using System.Globalization;
using System.Resources;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Templates;

namespace GameHost.Domain.Notifications.Values;

/// <summary>Marker for the words features put into placeholders (<c>NotificationValuesText.resx</c> and translations).</summary>
public sealed class NotificationValuesText;

/// <summary>
/// Formats the values a feature fills placeholders with, in the recipient's language: money with its currency, dates,
/// and the few words that are values rather than template text (a billing period, a reason). Templates stay logic-less;
/// the raiser formats, the template only places.
/// </summary>
public static class NotificationValues
{
    private static readonly ResourceManager Texts = new(typeof(NotificationValuesText));

    public static CultureInfo Culture(string? language) => NotificationTemplates.Culture(language);

    public static string Amount(Money amount, string? language) => amount.Format(Culture(language));

    /// <summary>A long date ("March 8, 2026" / "8 de marzo de 2026").</summary>
    public static string Date(DateTime utc, string? language) => utc.ToString("D", Culture(language));

    /// <summary>A long date with the UTC time ("March 8, 2026 18:00 UTC").</summary>
    public static string DateAndTime(DateTime utc, string? language) =>
        Date(utc, language) + " " + utc.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A date and time in UTC ("2026-03-01 12:00 UTC").</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A word or sentence from <c>NotificationValuesText</c> in the recipient's language, formatted with <paramref name="args"/>.</summary>
    public static string Text(string key, string? language, params object[] args)
    {
        var culture = Culture(language);
        var format = Texts.GetString(key, culture) ?? key;
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }
}
