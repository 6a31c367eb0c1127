using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Staff;

/// <summary>The state of a delivery as staff read it; e-mail rows take theirs from the outbox.</summary>
public enum DeliveryLogStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

public sealed record DeliveryLogFilter(NotificationChannel? Channel = null, DeliveryLogStatus? Status = null, string? EventCode = null, string? Search = null, int Take = 100);

public sealed record DeliveryLogEntry(
    Guid Id,
    DateTime CreatedAtUtc,
    string EventCode,
    NotificationChannel Channel,
    string Recipient,
    string Destination,
    string? Subject,
    DeliveryLogStatus Status,
    int Attempts,
    string? LastError,
    DateTime? SentAtUtc);

/// <summary>Every outside delivery of every notification, newest first, with filters; and the staff resend.</summary>
public sealed class DeliveryLog(IDbContextFactory<GameHostDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public static readonly IReadOnlyList<string> ResendRoles = [Roles.Admin, Roles.Support];

    public async Task<IReadOnlyList<DeliveryLogEntry>> ListAsync(DeliveryLogFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = from d in db.NotificationDeliveries().AsNoTracking()
                   join u in db.Users on d.UserId equals u.Id
                   join e in db.OutboundEmails on d.OutboundEmailId equals e.Id into emails
                   from e in emails.DefaultIfEmpty()
                   select new
                   {
                       d,
                       Recipient = u.Email ?? u.FullName,
                       Name = u.FullName,
                       Status = e == null
                           ? (d.Status == DeliveryStatus.Sent ? DeliveryLogStatus.Sent : d.Status == DeliveryStatus.Failed ? DeliveryLogStatus.Failed : DeliveryLogStatus.Pending)
                           : (e.Status == OutboundEmailStatus.Sent ? DeliveryLogStatus.Sent : e.Status == OutboundEmailStatus.Failed ? DeliveryLogStatus.Failed : DeliveryLogStatus.Pending),
                       Attempts = e == null ? d.Attempts : e.Attempts,
                       LastError = e == null ? d.LastError : e.LastError,
                       SentAtUtc = e == null ? d.SentAtUtc : e.SentAtUtc,
                   };
        if (filter.Channel is { } channel)
        {
            rows = rows.Where(r => r.d.Channel == channel);
        }

        if (filter.Status is { } status)
        {
            rows = rows.Where(r => r.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.EventCode))
        {
            rows = rows.Where(r => r.d.EventCode == filter.EventCode);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // As the other staff searches: any case (staff type addresses and names as they remember them), and what is
            // typed is plain text, never a LIKE wildcard.
            var pattern = "%" + EscapeLike(filter.Search.Trim()) + "%";
            rows = rows.Where(r => EF.Functions.Like(r.Recipient, pattern, "\\") || EF.Functions.Like(r.Name, pattern, "\\")
                || EF.Functions.Like(r.d.Destination, pattern, "\\") || (r.d.Subject != null && EF.Functions.Like(r.d.Subject, pattern, "\\")));
        }

        return await rows
            .OrderByDescending(r => r.d.CreatedAtUtc).ThenByDescending(r => r.d.Id)
            .Take(Math.Clamp(filter.Take, 1, 500))
            .Select(r => new DeliveryLogEntry(
                r.d.Id, r.d.CreatedAtUtc, r.d.EventCode, r.d.Channel, r.Recipient, r.d.Destination, r.d.Subject, r.Status, r.Attempts, r.LastError, r.SentAtUtc))
            .ToListAsync(cancellationToken);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// Sends a delivery again with a fresh set of attempts (a failed one, or a sent one the recipient says never
    /// arrived). One still pending is already on its way and is refused. An e-mail is requeued in the outbox.
    /// </summary>
    public async Task<Result> ResendAsync(Guid staffUserId, Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffUserId, ResendRoles, cancellationToken);
        if (actor is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotStaff, "Only staff can resend notifications.");
        }

        var delivery = await db.NotificationDeliveries().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotFound, "The delivery does not exist.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (delivery.OutboundEmailId is { } emailId)
        {
            var email = await db.OutboundEmails.FirstOrDefaultAsync(e => e.Id == emailId, cancellationToken);
            if (email is null || email.Status == OutboundEmailStatus.Pending)
            {
                return NotificationErrors.Of(NotificationErrors.NotResendable, "This delivery is still on its way.");
            }

            email.Requeue(now);
        }
        else
        {
            if (delivery.Status == DeliveryStatus.Pending)
            {
                return NotificationErrors.Of(NotificationErrors.NotResendable, "This delivery is still on its way.");
            }

            delivery.Requeue(now);
        }

        audit.Record(db, actor, "notifications.delivery_resent", "NotificationDelivery", delivery.Id.ToString("D"), null, new { delivery.Channel, delivery.Destination });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return NotificationErrors.Of(NotificationErrors.Changed, "The delivery changed meanwhile; reload and try again.");
        }

        return Result.Success();
    }
}
