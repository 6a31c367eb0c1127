using System.Globalization;
using System.Net;
using System.Resources;
using GameHost.Domain.Notifications.Email;

namespace GameHost.Domain.Accounts.Registration;

/// <summary>
/// The e-mails of the sign-up and recovery flows, in the recipient's preferred language, as plain text and simple
/// HTML. Every value placed in the HTML is encoded: a name is whatever the user typed.
/// </summary>
public static class AccountEmails
{
    public const string ConfirmEmailCategory = "account.confirm_email";
    public const string ResetPasswordCategory = "account.reset_password";

    private static readonly ResourceManager Texts = new(typeof(AccountEmailsText));

    public static EmailMessage ConfirmEmail(ApplicationUser user, string siteName, string link) =>
        Compose(user, ConfirmEmailCategory, siteName, link, "ConfirmSubject", "ConfirmIntro", "ConfirmAction", "ConfirmIgnore");

    public static EmailMessage ResetPassword(ApplicationUser user, string siteName, string link) =>
        Compose(user, ResetPasswordCategory, siteName, link, "ResetSubject", "ResetIntro", "ResetAction", "ResetIgnore");

    private static EmailMessage Compose(
        ApplicationUser user, string category, string siteName, string link,
        string subjectKey, string introKey, string actionKey, string ignoreKey)
    {
        ArgumentNullException.ThrowIfNull(user);
        var culture = CultureFor(user.PreferredLanguage);
        string T(string key, params object[] args) =>
            string.Format(culture, Texts.GetString(key, culture) ?? key, args);

        var name = string.IsNullOrWhiteSpace(user.FullName) ? user.Email ?? "" : user.FullName;
        var greeting = T("Greeting", name);
        var intro = T(introKey, siteName);
        var expiry = T("LinkExpiry");
        var ignore = T(ignoreKey);
        var signature = T("Signature", siteName);

        var text = string.Join("\n\n", greeting, intro, link, expiry, ignore, signature) + "\n";

        static string H(string value) => WebUtility.HtmlEncode(value);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{H(culture.TwoLetterISOLanguageName)}"><body style="font-family: sans-serif; line-height: 1.5">
            <p>{H(greeting)}</p>
            <p>{H(intro)}</p>
            <p><a href="{H(link)}" style="display: inline-block; padding: 10px 18px; background: #5b3cc4; color: #ffffff; text-decoration: none; border-radius: 4px">{H(T(actionKey))}</a></p>
            <p style="font-size: 0.9em; color: #555555">{H(link)}</p>
            <p>{H(expiry)} {H(ignore)}</p>
            <p>{H(signature)}</p>
            </body></html>
            """;

        return new EmailMessage(user.Email ?? "", user.FullName, T(subjectKey, siteName), text, html, category, user.Id);
    }

    private static CultureInfo CultureFor(string? language) =>
        CultureInfo.GetCultureInfo(SupportedLanguages.IsSupported(language) ? language!.ToLowerInvariant() : SupportedLanguages.Default);
}
