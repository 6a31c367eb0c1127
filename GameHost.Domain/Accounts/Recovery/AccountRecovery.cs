using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Identity;

namespace GameHost.Domain.Accounts.Recovery;

/// <summary>
/// "Send me the confirmation link again" and "I forgot my password". Both answer the same whether or not the
/// address belongs to an account, so neither can be used to find out who is a customer. Both links go out as the
/// mandatory catalogue events <see cref="NotificationCatalogue.Codes.ConfirmEmail"/> and
/// <see cref="NotificationCatalogue.Codes.PasswordReset"/> (e-mail only, from templates staff can edit).
/// </summary>
public sealed class AccountRecovery(UserManager<ApplicationUser> users, GameHostDbContext db, Notifier notifier)
{
    /// <summary>Queues a new confirmation e-mail when the address belongs to an account that is not confirmed yet.</summary>
    public async Task<bool> ResendConfirmationAsync(string email, IAccountLinks links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        var user = await FindAsync(email);
        if (user is null || user.EmailConfirmed)
        {
            return false;
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await NotifyAsync(NotificationCatalogue.Codes.ConfirmEmail, user, links.ConfirmEmail(user.Id, token), cancellationToken);
        return true;
    }

    /// <summary>
    /// Queues a reset link for a confirmed account. Unconfirmed addresses get nothing: a reset link would let whoever
    /// typed someone else's address at sign-up take the account over once it is confirmed.
    /// </summary>
    public async Task<bool> RequestPasswordResetAsync(string email, IAccountLinks links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        var user = await FindAsync(email);
        if (user is null || !user.EmailConfirmed)
        {
            return false;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        await NotifyAsync(NotificationCatalogue.Codes.PasswordReset, user, links.ResetPassword(user.Email!, token), cancellationToken);
        return true;
    }

    /// <summary>
    /// Sets the new password and lifts an automatic lockout: whoever holds the reset link has proved they own the
    /// mailbox. A staff lock stays.
    /// </summary>
    public async Task<IdentityResult> ResetPasswordAsync(string email, string token, string newPassword)
    {
        var user = await FindAsync(email);
        if (user is null)
        {
            return IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
        }

        return result;
    }

    /// <summary>Each request is its own occurrence (a new token), so each one is sent.</summary>
    private async Task NotifyAsync(string eventCode, ApplicationUser user, string link, CancellationToken cancellationToken)
    {
        await notifier.NotifyAsync(db, new NotifyRequest(eventCode, user.Id, new Dictionary<string, string?>(), $"{eventCode}:{Guid.NewGuid():N}", link), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ApplicationUser?> FindAsync(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
}
