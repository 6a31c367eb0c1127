using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Audit;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Dashboard;

public sealed record StaffDashboard(
    int CustomersTotal,
    int CustomersNewLast7Days,
    int CustomersUnconfirmed,
    int CustomersLockedByStaff,
    int CustomersLockedOut,
    int EmailsPending,
    int EmailsFailed,
    IReadOnlyList<AuditEntryView> LatestAudit);

/// <summary>The figures on the staff console's front page, counted in the database at the moment of asking.</summary>
public sealed class StaffDashboardQuery(IDbContextFactory<GameHostDbContext> contexts, AuditLogQuery auditLog, TimeProvider time)
{
    public const int LatestAuditCount = 10;

    public static readonly TimeSpan NewCustomerWindow = TimeSpan.FromDays(7);

    public async Task<StaffDashboard> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - NewCustomerWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var customers = CustomerScope.Customers(db).AsNoTracking();

        var total = await customers.CountAsync(cancellationToken);
        var recent = await customers.CountAsync(u => u.CreatedAtUtc >= since, cancellationToken);
        var unconfirmed = await customers.CountAsync(u => !u.EmailConfirmed, cancellationToken);
        var lockedByStaff = await customers.CountAsync(u => u.IsLockedByStaff, cancellationToken);

        // SQLite cannot compare DateTimeOffset; the few accounts with any lockout end are checked here.
        var lockoutEnds = await customers
            .Where(u => !u.IsLockedByStaff && u.LockoutEnabled && u.LockoutEnd != null)
            .Select(u => u.LockoutEnd)
            .ToListAsync(cancellationToken);
        var lockedOut = lockoutEnds.Count(end => end!.Value.UtcDateTime > now);

        var emails = await db.OutboundEmails.AsNoTracking()
            .Where(e => e.Status == OutboundEmailStatus.Pending || e.Status == OutboundEmailStatus.Failed)
            .GroupBy(e => e.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var latest = await auditLog.LatestAsync(LatestAuditCount, cancellationToken);
        return new StaffDashboard(
            total,
            recent,
            unconfirmed,
            lockedByStaff,
            lockedOut,
            emails.FirstOrDefault(e => e.Status == OutboundEmailStatus.Pending)?.Count ?? 0,
            emails.FirstOrDefault(e => e.Status == OutboundEmailStatus.Failed)?.Count ?? 0,
            latest);
    }
}
