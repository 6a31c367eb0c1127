using System.Security.Cryptography;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Provisioning.Servers;

/// <summary>A new panel password, shown to the customer once and never stored by us.</summary>
public sealed record PanelPassword(string Username, string Password);

/// <summary>
/// Sets a new random password on the customer's panel user, for "Open in panel" (the panel has no single sign-on).
/// The panel validates a user update as a full replacement, so the user is read first and its e-mail, username and
/// names are sent back with the password. Only the owner of a server on the panel may do it.
/// </summary>
public sealed class ResetPanelPassword(IDbContextFactory<GameHostDbContext> contexts, IPterodactylApi panel, ILogger<ResetPanelPassword> logger)
{
    public const int PasswordLength = 20;

    // No look-alikes (0/O, 1/l/I): the customer may type it.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<Result<PanelPassword>> ExecuteAsync(Guid customerUserId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var server = await db.GameServers().AsNoTracking()
            .FirstOrDefaultAsync(s => s.SubscriptionId == subscriptionId && s.CustomerId == customerUserId, cancellationToken);
        if (server is null)
        {
            return ProvisioningErrors.ServerNotFound;
        }

        var account = await db.PanelAccounts().AsNoTracking().FirstOrDefaultAsync(a => a.CustomerId == customerUserId, cancellationToken);
        if (account is null || server.PanelServerId is null || server.IsGone)
        {
            return ProvisioningErrors.NotOnPanelYet;
        }

        var user = await panel.GetUserByExternalIdAsync(account.ExternalId, cancellationToken);
        if (!user.IsSuccess || user.Value is null)
        {
            logger.LogWarning("Panel password reset for customer {CustomerId}: the panel user could not be read ({Failure})",
                customerUserId, user.Failure?.ToString() ?? "not found");
            return ProvisioningErrors.PanelUnavailable;
        }

        var current = user.Value;
        var password = RandomNumberGenerator.GetString(Alphabet, PasswordLength);
        var updated = await panel.UpdateUserAsync(current.Id,
            new PanelUserUpdate(current.Email, current.Username, current.FirstName, current.LastName, current.ExternalId ?? account.ExternalId, password),
            cancellationToken);
        if (!updated.IsSuccess)
        {
            logger.LogWarning("Panel password reset for customer {CustomerId} failed: {Failure}", customerUserId, updated.Failure);
            return ProvisioningErrors.PanelUnavailable;
        }

        return new PanelPassword(updated.Value!.Username, password);
    }
}
