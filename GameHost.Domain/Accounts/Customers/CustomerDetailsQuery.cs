using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Customers;

public sealed record CustomerProfileDetails(
    string? Company,
    string CountryCode,
    string BillingCurrency,
    string? VatNumber,
    DateTime CreatedAtUtc);

public sealed record CustomerDetails(
    Guid Id,
    string FullName,
    string Email,
    bool EmailConfirmed,
    string PreferredLanguage,
    bool TwoFactorEnabled,
    DateTime CreatedAtUtc,
    DateTime? LastLoginAtUtc,
    CustomerStatus Status,
    bool IsLockedByStaff,
    DateTime? LockedOutUntilUtc,
    int FailedSignIns,
    CustomerProfileDetails? Profile,
    PagedList<AuditEntryView> Audit);

/// <summary>Everything the staff customer page shows, including the newest page of the customer's audit log.</summary>
public sealed class CustomerDetailsQuery(IDbContextFactory<GameHostDbContext> contexts, AuditLogQuery auditLog, TimeProvider time)
{
    public const int AuditPageSize = 50;

    /// <returns>Null when there is no such user or the user is not a customer (staff are not shown here).</returns>
    public async Task<CustomerDetails?> ExecuteAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await CustomerScope.Customers(db).AsNoTracking()
            .Where(u => u.Id == customerId)
            .Select(u => new
            {
                u.Id,
                u.FullName,
                u.Email,
                u.EmailConfirmed,
                u.PreferredLanguage,
                u.TwoFactorEnabled,
                u.CreatedAtUtc,
                u.LastLoginAtUtc,
                u.IsLockedByStaff,
                u.LockoutEnabled,
                u.LockoutEnd,
                u.AccessFailedCount,
                Profile = u.CustomerProfile == null
                    ? null
                    : new CustomerProfileDetails(
                        u.CustomerProfile.Company,
                        u.CustomerProfile.CountryCode,
                        u.CustomerProfile.BillingCurrency,
                        u.CustomerProfile.VatNumber,
                        u.CustomerProfile.CreatedAtUtc),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var audit = await auditLog.ForSubjectAsync(
            CustomerAccess.SubjectType, CustomerAccess.SubjectId(customerId), 0, AuditPageSize, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return new CustomerDetails(
            row.Id,
            row.FullName,
            row.Email ?? "",
            row.EmailConfirmed,
            row.PreferredLanguage,
            row.TwoFactorEnabled,
            row.CreatedAtUtc,
            row.LastLoginAtUtc,
            CustomerStatusRules.Of(row.IsLockedByStaff, row.LockoutEnabled, row.LockoutEnd, row.EmailConfirmed, now),
            row.IsLockedByStaff,
            CustomerStatusRules.LockedOutUntil(row.LockoutEnabled, row.LockoutEnd, now),
            row.AccessFailedCount,
            row.Profile,
            audit);
    }
}
