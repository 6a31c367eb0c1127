using System.Globalization;
using System.Net;
using System.Resources;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Email;

namespace GameHost.Domain.Billing.Balance;

/// <summary>Marker for the low-balance e-mail texts (<c>LowBalanceEmailsText.resx</c> and its translations).</summary>
public sealed class LowBalanceEmailsText;

/// <summary>The warnings sent before pay-as-you-go services stop, in the customer's language.</summary>
public static class LowBalanceEmails
{
    public const string Category = "billing.low_balance";

    private static readonly ResourceManager Texts = new(typeof(LowBalanceEmailsText));

    /// <summary>One e-mail per customer, low spell and threshold.</summary>
    public static string Key(Guid customerId, int spell, bool final) =>
        $"low-balance:{customerId:N}:{spell.ToString(CultureInfo.InvariantCulture)}:{(final ? "final" : "first")}";

    public static EmailMessage Warn(ApplicationUser customer, bool final, DateTime runsOutAtUtc, Money recommended, NoticeContext context)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(context);
        var culture = CultureInfo.GetCultureInfo(
            SupportedLanguages.IsSupported(customer.PreferredLanguage) ? customer.PreferredLanguage.ToLowerInvariant() : SupportedLanguages.Default);
        string T(string key, params object[] args) => string.Format(culture, Texts.GetString(key, culture) ?? key, args);

        var name = string.IsNullOrWhiteSpace(customer.FullName) ? customer.Email ?? "" : customer.FullName;
        var when = runsOutAtUtc.ToString("f", culture) + " UTC";
        var paragraphs = new List<string>
        {
            T("Greeting", name),
            T(final ? "FinalIntro" : "FirstIntro", when),
            T("WhatHappens"),
        };
        if (!recommended.IsZero)
        {
            paragraphs.Add(T("Recommended", recommended.Format(culture)));
        }

        paragraphs.Add(T("TopUpAt", context.CabinetUrl));
        paragraphs.Add(T("Signature", context.SiteName));

        static string H(string value) => WebUtility.HtmlEncode(value);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{H(culture.TwoLetterISOLanguageName)}"><body style="font-family: sans-serif; line-height: 1.5">
            {string.Join("\n", paragraphs.Select(p => $"<p>{H(p)}</p>"))}
            </body></html>
            """;
        return new EmailMessage(customer.Email ?? "", customer.FullName, T(final ? "FinalSubject" : "FirstSubject", context.SiteName),
            string.Join("\n\n", paragraphs) + "\n", html, Category, customer.Id);
    }
}
