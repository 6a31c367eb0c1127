using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Notifications.Email;
using Microsoft.AspNetCore.Identity;

namespace GameHost.Domain.Accounts.Recovery;

/// <summary>
/// "Send me the confirmation link again" and "I forgot my password". Both answer the same whether or not the
/// address belongs to an account, so neither can be used to find out who is a customer.
/// </summary>
public sealed class AccountRecovery(UserManager<ApplicationUser> users, EmailOutbox outbox)
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
        await outbox.EnqueueAsync(AccountEmails.ConfirmEmail(user, links.SiteName, links.ConfirmEmail(user.Id, token)), null, cancellationToken);
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
        await outbox.EnqueueAsync(AccountEmails.ResetPassword(user, links.SiteName, links.ResetPassword(user.Email!, token)), null, cancellationToken);
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

    private async Task<ApplicationUser?> FindAsync(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
}
