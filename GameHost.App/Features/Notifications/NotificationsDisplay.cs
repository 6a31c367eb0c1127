using System.Globalization;
using GameHost.Domain.Common;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Notifications;

/// <summary>Small display helpers shared by the notification pages.</summary>
public static class NotificationsDisplay
{
    public static string EventKey(string eventCode) => "Event_" + eventCode;

    public static string When(DateTime utc) => utc.ToString("g", CultureInfo.CurrentCulture) + " UTC";

    /// <summary>Only http(s) and site-relative links become buttons; anything else (javascript:, data:) is dropped.</summary>
    public static string? SafeLink(string? link) =>
        link is null ? null
        : link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) ? link
        : Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? link
        : null;

    /// <summary>The error in the user's words: a localized text per code, with the first detail as its argument.</summary>
    public static string ErrorText(IStringLocalizer<NotificationsText> text, Error? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (error is null)
        {
            return text["ErrorUnexpected"];
        }

        var localized = text["Error_" + error.Code, error.Details.Count > 0 ? error.Details[0] : ""];
        return localized.ResourceNotFound ? text["ErrorUnexpected"] : localized.Value;
    }
}
