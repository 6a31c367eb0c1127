using System.Text.Encodings.Web;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using GameHost.App.Features.Notifications;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts.Manage;

/// <summary>
/// The security e-mails of account self-service, written in the recipient's preferred language and queued in the
/// outbox (delivery is the dispatcher job's business, never the request's).
/// </summary>
public sealed class AccountMails(
    EmailOutbox outbox,
    IStringLocalizer<ManageText> text,
    IOptions<GameHostOptions> options,
    Notifier notifier,
    IDbContextFactory<GameHostDbContext> dbFactory,
    IStringLocalizer<NotificationsText> notificationText)
{
    public const string EmailChangeConfirmCategory = "account.email_change_confirm";
    public const string EmailChangedCategory = "account.email_changed";
    public const string TwoFactorChangedCategory = NotificationCatalogue.Codes.TwoFactorChanged;

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

    /// <summary>
    /// Raises the catalogue event <see cref="NotificationCatalogue.Codes.TwoFactorChanged"/> (mandatory): in the app, by
    /// e-mail, and on Telegram or SMS where the user gets them, from the template staff can edit.
    /// </summary>
    public async Task QueueTwoFactorChangedAsync(ApplicationUser user, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var state = CultureScope.In(user.PreferredLanguage, () => notificationText[enabled ? "StateEnabled" : "StateDisabled"].Value);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await notifier.NotifyAsync(db, new NotifyRequest(
            NotificationCatalogue.Codes.TwoFactorChanged, user.Id, new Dictionary<string, string?> { ["state"] = state },
            $"two-factor:{Guid.NewGuid():N}", "/account/manage"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
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
