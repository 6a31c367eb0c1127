using System.Globalization;
using System.Net;
using System.Resources;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Email;

namespace GameHost.Domain.Billing.Dunning;

/// <summary>Marker for the dunning and promised-payment e-mail texts (<c>DunningEmailsText.resx</c> and translations).</summary>
public sealed class DunningEmailsText;

public enum DunningEmailKind
{
    ReminderBeforeDue,
    ReminderOnDue,
    ReminderAfterDue,
    Suspension,
    Termination,
    PromiseTaken,
    PromiseExpiring,
}

/// <summary>What an e-mail about one unpaid invoice says.</summary>
/// <param name="OtherDateUtc">The next consequence (suspension, deletion) or the promise's end.</param>
public sealed record DunningEmailFacts(string InvoiceNumber, string ServerName, Money Amount, DateTime DueAtUtc, DateTime? OtherDateUtc, int Days);

/// <summary>Reminders, suspension and termination notices and promised-payment e-mails, in the customer's language.</summary>
public static class DunningEmails
{
    public const string CategoryPrefix = "billing.dunning.";

    private static readonly ResourceManager Texts = new(typeof(DunningEmailsText));

    public static EmailMessage Build(DunningEmailKind kind, ApplicationUser customer, DunningEmailFacts facts, NoticeContext context)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(context);
        var culture = CultureInfo.GetCultureInfo(
            SupportedLanguages.IsSupported(customer.PreferredLanguage) ? customer.PreferredLanguage.ToLowerInvariant() : SupportedLanguages.Default);
        string T(string key, params object[] args) => string.Format(culture, Texts.GetString(key, culture) ?? key, args);

        var name = string.IsNullOrWhiteSpace(customer.FullName) ? customer.Email ?? "" : customer.FullName;
        var due = facts.DueAtUtc.ToString("D", culture);
        var other = facts.OtherDateUtc?.ToString("D", culture) ?? "";
        var paragraphs = new List<string>
        {
            T("Greeting", name),
            T("Body." + kind, facts.InvoiceNumber, facts.ServerName, facts.Amount.Format(culture), due, other),
        };
        if (kind is not DunningEmailKind.Termination)
        {
            paragraphs.Add(T("PayLink", context.CabinetUrl));
        }

        paragraphs.Add(T("Signature", context.SiteName));

        static string H(string value) => WebUtility.HtmlEncode(value);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{H(culture.TwoLetterISOLanguageName)}"><body style="font-family: sans-serif; line-height: 1.5">
            {string.Join("\n", paragraphs.Select(p => $"<p>{H(p)}</p>"))}
            </body></html>
            """;
        return new EmailMessage(customer.Email ?? "", customer.FullName, T("Subject." + kind, facts.InvoiceNumber, facts.ServerName, facts.Days),
            string.Join("\n\n", paragraphs) + "\n", html, CategoryPrefix + kind.ToString().ToLowerInvariant(), customer.Id);
    }
}
