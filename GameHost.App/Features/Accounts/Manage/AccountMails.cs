using GameHost.App.Features.Notifications;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.Manage;

/// <summary>
/// The security notices of account self-service, raised as catalogue events through the <see cref="Notifier"/>: each
/// reaches the user in their language from a template staff can edit, in the app and by e-mail through the outbox
/// (delivery is the dispatcher job's business, never the request's).
/// </summary>
public sealed class AccountMails(
    Notifier notifier,
    IDbContextFactory<GameHostDbContext> dbFactory,
    IStringLocalizer<NotificationsText> notificationText)
{
    public const string EmailChangeConfirmCategory = NotificationCatalogue.Codes.EmailChangeConfirm;
    public const string EmailChangedCategory = NotificationCatalogue.Codes.EmailChanged;
    public const string TwoFactorChangedCategory = NotificationCatalogue.Codes.TwoFactorChanged;

    /// <summary>The confirmation link goes to the new address (e-mail only): opening it proves the user owns it.</summary>
    public Task QueueEmailChangeConfirmationAsync(ApplicationUser user, string newEmail, Uri link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(link);
        return RaiseAsync(new NotifyRequest(
            NotificationCatalogue.Codes.EmailChangeConfirm, user.Id, new Dictionary<string, string?> { ["new_email"] = newEmail },
            $"email-change:{Guid.NewGuid():N}", link.AbsoluteUri, EmailAddress: newEmail), cancellationToken);
    }

    /// <summary>The notice goes to the old address, so the owner hears of a change they did not make.</summary>
    public Task QueueEmailChangedNoticeAsync(ApplicationUser user, string oldEmail, string newEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return RaiseAsync(new NotifyRequest(
            NotificationCatalogue.Codes.EmailChanged, user.Id, new Dictionary<string, string?> { ["old_email"] = oldEmail, ["new_email"] = newEmail },
            $"email-changed:{Guid.NewGuid():N}", "/account/manage", EmailAddress: oldEmail), cancellationToken);
    }

    /// <summary>
    /// Raises the catalogue event <see cref="NotificationCatalogue.Codes.TwoFactorChanged"/> (mandatory): in the app, by
    /// e-mail, and on Telegram or SMS where the user gets them, from the template staff can edit.
    /// </summary>
    public Task QueueTwoFactorChangedAsync(ApplicationUser user, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var state = CultureScope.In(user.PreferredLanguage, () => notificationText[enabled ? "StateEnabled" : "StateDisabled"].Value);
        return RaiseAsync(new NotifyRequest(
            NotificationCatalogue.Codes.TwoFactorChanged, user.Id, new Dictionary<string, string?> { ["state"] = state },
            $"two-factor:{Guid.NewGuid():N}", "/account/manage"), cancellationToken);
    }

    private async Task RaiseAsync(NotifyRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await notifier.NotifyAsync(db, request, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
