using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Email;

/// <summary>Staff action: a Failed message goes back to Pending with a fresh set of attempts, due at once.</summary>
public sealed class ResendEmail(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time)
{
    public static class Errors
    {
        public const string NotFound = "notifications.email_not_found";
        public const string NotFailed = "notifications.email_not_failed";
        public const string Changed = "notifications.email_changed";
    }

    public async Task<Result> ExecuteAsync(Guid emailId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.OutboundEmails.FirstOrDefaultAsync(e => e.Id == emailId, cancellationToken);
        if (email is null)
        {
            return new Error(Errors.NotFound, "The e-mail does not exist.");
        }

        if (email.Status != OutboundEmailStatus.Failed)
        {
            return new Error(Errors.NotFailed, "Only a failed e-mail can be sent again.");
        }

        email.Requeue(time.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Error(Errors.Changed, "The e-mail was changed by someone else; reload and try again.");
        }

        return Result.Success();
    }
}
