using System.Net;
using GameHost.Domain.Notifications.Catalogue;

namespace GameHost.Domain.Notifications.Templates;

/// <summary>A notification rendered for one channel. <see cref="Html"/> only for e-mail.</summary>
public sealed record ComposedMessage(string Subject, string Text, string? Html);

/// <summary>
/// Renders a template for a channel: the same code builds what is sent and what the staff preview shows, so the
/// preview cannot drift from the real thing.
/// </summary>
public static class NotificationComposer
{
    public const string UnsubscribePlaceholder = "unsubscribe_link";

    public static ComposedMessage Compose(
        NotificationChannel channel, NotificationTemplate template, IReadOnlyDictionary<string, string?> values, string language, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var subject = OneLine(TemplateRenderer.RenderText(template.Subject ?? "", values));
        var body = TemplateRenderer.RenderText(template.Body, values).Trim();
        switch (channel)
        {
            case NotificationChannel.Email:
                return ComposeEmail(subject, template, values, language, unsubscribeUrl);
            case NotificationChannel.Telegram:
                return new ComposedMessage(subject, string.IsNullOrEmpty(subject) ? body : subject + "\n\n" + body, null);
            case NotificationChannel.Sms:
                return new ComposedMessage("", OneLine(body), null);
            default:
                return new ComposedMessage(subject, body, null);
        }
    }

    private static ComposedMessage ComposeEmail(
        string subject, NotificationTemplate template, IReadOnlyDictionary<string, string?> values, string language, string? unsubscribeUrl)
    {
        var culture = NotificationTemplates.Culture(language);
        var footerTemplate = NotificationTemplates.Text("Email.Footer", culture) ?? "";
        var unsubscribeTemplate = NotificationTemplates.Text("Email.Unsubscribe", culture) ?? "";
        var withLink = new Dictionary<string, string?>(values, StringComparer.Ordinal) { [UnsubscribePlaceholder] = unsubscribeUrl };

        var text = TemplateRenderer.RenderText(template.Body, values).Trim() + "\n\n-- \n" + TemplateRenderer.RenderText(footerTemplate, values);
        if (unsubscribeUrl is not null)
        {
            text += "\n" + TemplateRenderer.RenderText(unsubscribeTemplate, withLink);
        }

        var footerHtml = WebUtility.HtmlEncode(TemplateRenderer.RenderText(footerTemplate, values));
        if (unsubscribeUrl is not null)
        {
            var label = WebUtility.HtmlEncode(NotificationTemplates.Text("Email.UnsubscribeLabel", culture) ?? "Unsubscribe");
            footerHtml += $"<br><a href=\"{WebUtility.HtmlEncode(unsubscribeUrl)}\" style=\"color: #555555\">{label}</a>";
        }

        var html = $"""
            <!DOCTYPE html>
            <html lang="{WebUtility.HtmlEncode(culture.TwoLetterISOLanguageName)}"><body style="font-family: sans-serif; line-height: 1.5">
            {TemplateRenderer.RenderHtmlParagraphs(template.Body, values)}<hr style="border: none; border-top: 1px solid #dddddd">
            <p style="font-size: 0.85em; color: #555555">{footerHtml}</p>
            </body></html>
            """;
        return new ComposedMessage(subject, text + "\n", html);
    }

    /// <summary>A subject or SMS is one line: line breaks a value smuggled in become spaces.</summary>
    private static string OneLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Allowed names for a template of the event (e-mail templates do not need more: the footer is added).</summary>
    public static IReadOnlyCollection<string> AllowedPlaceholders(NotificationEvent notificationEvent)
    {
        ArgumentNullException.ThrowIfNull(notificationEvent);
        return notificationEvent.Placeholders;
    }
}
