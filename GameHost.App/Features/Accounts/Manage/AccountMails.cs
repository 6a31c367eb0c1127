using System.Text.Encodings.Web;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications.Email;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts.Manage;

/// <summary>
/// The security e-mails of account self-service, written in the recipient's preferred language and queued in the
/// outbox (delivery is the dispatcher job's business, never the request's).
/// </summary>
public sealed class AccountMails(EmailOutbox outbox, IStringLocalizer<ManageText> text, IOptions<GameHostOptions> options)
{
    public const string EmailChangeConfirmCategory = "account.email_change_confirm";
    public const string EmailChangedCategory = "account.email_changed";
    public const string TwoFactorChangedCategory = "account.two_factor_changed";

    private string SiteName => options.Value.SiteName;

    public Task QueueEmailChangeConfirmationAsync(ApplicationUser user, string newEmail, Uri link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(link);
        var message = CultureScope.In(user.PreferredLanguage, () => Compose(
            newEmail, user, EmailChangeConfirmCategory,
            text["MailEmailChangeSubject", SiteName],
            [text["MailGreeting", user.FullName], text["MailEmailChangeBody", newEmail], text["MailEmailChangeIgnore"]],
            (text["MailEmailChangeAction"], link)));
        return outbox.EnqueueAsync(message, idempotencyKey: null, cancellationToken);
    }

    public Task QueueEmailChangedNoticeAsync(ApplicationUser user, string oldEmail, string newEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var message = CultureScope.In(user.PreferredLanguage, () => Compose(
            oldEmail, user, EmailChangedCategory,
            text["MailEmailChangedSubject", SiteName],
            [text["MailGreeting", user.FullName], text["MailEmailChangedBody", oldEmail, newEmail], text["MailNotYou"]],
            action: null));
        return outbox.EnqueueAsync(message, idempotencyKey: null, cancellationToken);
    }

    public Task QueueTwoFactorChangedAsync(ApplicationUser user, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var message = CultureScope.In(user.PreferredLanguage, () => Compose(
            user.Email ?? "", user, TwoFactorChangedCategory,
            text[enabled ? "MailTwoFactorEnabledSubject" : "MailTwoFactorDisabledSubject", SiteName],
            [text["MailGreeting", user.FullName], text[enabled ? "MailTwoFactorEnabledBody" : "MailTwoFactorDisabledBody"], text["MailNotYou"]],
            action: null));
        return outbox.EnqueueAsync(message, idempotencyKey: null, cancellationToken);
    }

    private EmailMessage Compose(string to, ApplicationUser user, string category, string subject, string[] paragraphs, (string Label, Uri Url)? action)
    {
        var plain = string.Join("\n\n", paragraphs);
        var html = string.Concat(paragraphs.Select(p => $"<p>{HtmlEncoder.Default.Encode(p)}</p>"));
        if (action is { } a)
        {
            plain += $"\n\n{a.Label}: {a.Url.AbsoluteUri}";
            html += $"<p><a href=\"{HtmlEncoder.Default.Encode(a.Url.AbsoluteUri)}\">{HtmlEncoder.Default.Encode(a.Label)}</a></p>";
        }

        plain += $"\n\n— {SiteName}";
        html += $"<p>— {HtmlEncoder.Default.Encode(SiteName)}</p>";
        return new EmailMessage(to, user.FullName, subject, plain, html, category, user.Id);
    }
}
