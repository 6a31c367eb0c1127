using System.Globalization;
using System.Net;
using System.Resources;
using GameHost.Domain.Accounts;
using GameHost.Domain.Catalog;
using GameHost.Domain.Notifications.Email;

namespace GameHost.Domain.Billing.Sweeps;

/// <summary>Marker for the price-change e-mail texts (<c>PriceChangeEmailsText.resx</c> and its translations).</summary>
public sealed class PriceChangeEmailsText;

/// <summary>Where notices point and how they are signed; the host fills it from its settings.</summary>
public sealed record NoticeContext(string SiteName, string CabinetUrl);

/// <summary>The advance notice of a price change, in the customer's language, as text and simple encoded HTML.</summary>
public static class PriceChangeEmails
{
    public const string Category = "billing.price_change_announced";

    private static readonly ResourceManager Texts = new(typeof(PriceChangeEmailsText));

    public static EmailMessage Announce(ApplicationUser customer, AffectedService service, DateTime effectiveAtUtc, NoticeContext context)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(context);
        var culture = CultureInfo.GetCultureInfo(
            SupportedLanguages.IsSupported(customer.PreferredLanguage) ? customer.PreferredLanguage.ToLowerInvariant() : SupportedLanguages.Default);
        string T(string key, params object[] args) => string.Format(culture, Texts.GetString(key, culture) ?? key, args);

        var name = string.IsNullOrWhiteSpace(customer.FullName) ? customer.Email ?? "" : customer.FullName;
        var period = T("Period." + service.Period);
        var date = effectiveAtUtc.ToString("D", culture);
        var paragraphs = new[]
        {
            T("Greeting", name),
            T("Intro", service.ServerName, date),
            T("Prices", period, service.CurrentRecurring.Format(culture), service.NewRecurring!.Value.Format(culture)),
            T("PaidStays"),
            T("Choice", context.CabinetUrl),
            T("Signature", context.SiteName),
        };

        static string H(string value) => WebUtility.HtmlEncode(value);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{H(culture.TwoLetterISOLanguageName)}"><body style="font-family: sans-serif; line-height: 1.5">
            {string.Join("\n", paragraphs.Select(p => $"<p>{H(p)}</p>"))}
            </body></html>
            """;
        return new EmailMessage(customer.Email ?? "", customer.FullName, T("Subject", service.ServerName, context.SiteName),
            string.Join("\n\n", paragraphs) + "\n", html, Category, customer.Id);
    }
}
