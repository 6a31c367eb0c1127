using System.Globalization;
using System.Resources;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Templates;

/// <summary>Marker for the shipped default templates (<c>NotificationTemplatesText.resx</c> and its translations).</summary>
public sealed class NotificationTemplatesText;

/// <summary>The template of one event on one channel in one language. <see cref="Subject"/> is null for SMS.</summary>
public sealed record NotificationTemplate(string? Subject, string Body, bool IsOverride);

/// <summary>
/// Finds the template to use: the staff override for event + channel + language if there is one, else the shipped
/// default for that language (English and Spanish ship for every event in the catalogue).
/// </summary>
public static class NotificationTemplates
{
    private static readonly ResourceManager Texts = new(typeof(NotificationTemplatesText));

    public static string NormalizeLanguage(string? language) =>
        SupportedLanguages.IsSupported(language) ? language!.ToLowerInvariant() : SupportedLanguages.Default;

    public static CultureInfo Culture(string? language) => CultureInfo.GetCultureInfo(NormalizeLanguage(language));

    public static bool UsesSubject(NotificationChannel channel) => channel != NotificationChannel.Sms;

    /// <summary>The shipped default; never null for a catalogue event (a test proves every key exists in every language).</summary>
    public static NotificationTemplate Default(string eventCode, NotificationChannel channel, string language)
    {
        var culture = Culture(language);
        if (channel == NotificationChannel.Sms)
        {
            return new NotificationTemplate(null, Text($"{eventCode}.Sms", culture) ?? "", false);
        }

        // An event may ship a longer e-mail body (a ticket reply mails the whole message, the other channels an excerpt).
        var body = (channel == NotificationChannel.Email ? Text($"{eventCode}.EmailBody", culture) : null) ?? Text($"{eventCode}.Body", culture) ?? "";
        return new NotificationTemplate(Text($"{eventCode}.Subject", culture) ?? "", body, false);
    }

    public static string? Text(string key, CultureInfo culture) => Texts.GetString(key, culture);

    /// <summary>The text of a shipped default, as it exists in exactly this language (no fallback), for the catalogue test.</summary>
    /// <remarks>English is the neutral resource set, so it is read from the invariant culture.</remarks>
    internal static string? ExactText(string key, CultureInfo culture) =>
        Texts.GetResourceSet(
            culture.TwoLetterISOLanguageName == SupportedLanguages.Default ? CultureInfo.InvariantCulture : culture,
            createIfNotExists: true, tryParents: false)?.GetString(key);

    public static async Task<NotificationTemplate> ResolveAsync(
        GameHostDbContext db, string eventCode, NotificationChannel channel, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var lang = NormalizeLanguage(language);
        var stored = await db.NotificationTemplates().AsNoTracking()
            .Where(t => t.EventCode == eventCode && t.Channel == channel && t.Language == lang)
            .Select(t => new { t.Subject, t.Body })
            .FirstOrDefaultAsync(cancellationToken);
        return stored is null
            ? Default(eventCode, channel, lang)
            : new NotificationTemplate(UsesSubject(channel) ? stored.Subject ?? "" : null, stored.Body, true);
    }

    /// <summary>Sample values of the event, for previews and the "send test" action, in English.</summary>
    public static IReadOnlyDictionary<string, string?> SampleValues(NotificationEvent notificationEvent) =>
        SampleValues(notificationEvent, SupportedLanguages.Default);

    /// <summary>Sample values of the event in <paramref name="language"/>: words, amounts and dates as a real message in that language has them.</summary>
    public static IReadOnlyDictionary<string, string?> SampleValues(NotificationEvent notificationEvent, string? language)
    {
        ArgumentNullException.ThrowIfNull(notificationEvent);
        return notificationEvent.SampleValuesIn(language).ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
    }
}
