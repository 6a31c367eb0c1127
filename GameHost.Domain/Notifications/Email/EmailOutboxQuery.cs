using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Email;

public sealed record EmailOutboxSummary(int Pending, int Failed, IReadOnlyList<FailedEmailView> FailedMessages);

public sealed record FailedEmailView(
    Guid Id,
    string ToAddress,
    string Subject,
    string Category,
    int Attempts,
    string? LastError,
    DateTime CreatedAtUtc);

/// <summary>The outbox at a glance for staff: how much waits, what gave up.</summary>
public sealed class EmailOutboxQuery(IDbContextFactory<GameHostDbContext> dbFactory)
{
    public async Task<EmailOutboxSummary> GetSummaryAsync(int maxFailed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.OutboundEmails.CountAsync(e => e.Status == OutboundEmailStatus.Pending, cancellationToken);
        var failed = await db.OutboundEmails.CountAsync(e => e.Status == OutboundEmailStatus.Failed, cancellationToken);
        var failedMessages = await db.OutboundEmails.AsNoTracking()
            .Where(e => e.Status == OutboundEmailStatus.Failed)
            .OrderByDescending(e => e.CreatedAtUtc)
            .Take(maxFailed)
            .Select(e => new FailedEmailView(e.Id, e.ToAddress, e.Subject, e.Category, e.Attempts, e.LastError, e.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        return new EmailOutboxSummary(pending, failed, failedMessages);
    }
}
