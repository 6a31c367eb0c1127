using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Customers;

public enum CustomerSort
{
    Created = 0,
    Name = 1,
    Email = 2,
    LastLogin = 3,
}

/// <param name="Search">Matched, case-insensitively, anywhere in the name, e-mail or company.</param>
/// <param name="Page">Zero-based.</param>
public sealed record CustomerListRequest(
    string? Search = null,
    CustomerSort Sort = CustomerSort.Created,
    bool Descending = true,
    int Page = 0,
    int PageSize = 25);

public sealed record CustomerListItem(
    Guid Id,
    string FullName,
    string Email,
    string? Company,
    string? CountryCode,
    string? BillingCurrency,
    DateTime CreatedAtUtc,
    DateTime? LastLoginAtUtc,
    CustomerStatus Status,
    DateTime? LockedOutUntilUtc);

/// <summary>
/// The staff list of customers. Filtering, sorting, counting and paging all run in the database, so the page stays
/// fast with many thousands of customers; only the rows of the requested page are read.
/// </summary>
public sealed class CustomerListQuery(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time)
{
    public async Task<PagedList<CustomerListItem>> ExecuteAsync(CustomerListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (page, pageSize) = PagedList<CustomerListItem>.Clamp(request.Page, request.PageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var customers = CustomerScope.Customers(db).AsNoTracking();
        var search = request.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            // SQLite's LIKE ignores case (ASCII); the escape keeps a typed % or _ literal.
            var pattern = "%" + EscapeLike(search) + "%";
            customers = customers.Where(u =>
                EF.Functions.Like(u.FullName, pattern, "\\")
                || EF.Functions.Like(u.Email!, pattern, "\\")
                || (u.CustomerProfile != null && EF.Functions.Like(u.CustomerProfile.Company!, pattern, "\\")));
        }

        var total = await customers.CountAsync(cancellationToken);
        var rows = await Sort(customers, request.Sort, request.Descending)
            .Skip(page * pageSize)
            .Take(pageSize)
            .Select(u => new
            {
                u.Id,
                u.FullName,
                u.Email,
                Company = u.CustomerProfile != null ? u.CustomerProfile.Company : null,
                CountryCode = u.CustomerProfile != null ? u.CustomerProfile.CountryCode : null,
                BillingCurrency = u.CustomerProfile != null ? u.CustomerProfile.BillingCurrency : null,
                u.CreatedAtUtc,
                u.LastLoginAtUtc,
                u.IsLockedByStaff,
                u.LockoutEnabled,
                u.LockoutEnd,
                u.EmailConfirmed,
            })
            .ToListAsync(cancellationToken);

        // The lockout end is a DateTimeOffset, which SQLite cannot compare; the status is worked out on the page's rows.
        var now = time.GetUtcNow().UtcDateTime;
        var items = rows.Select(r => new CustomerListItem(
                r.Id, r.FullName, r.Email ?? "", r.Company, r.CountryCode, r.BillingCurrency, r.CreatedAtUtc, r.LastLoginAtUtc,
                CustomerStatusRules.Of(r.IsLockedByStaff, r.LockoutEnabled, r.LockoutEnd, r.EmailConfirmed, now),
                CustomerStatusRules.LockedOutUntil(r.LockoutEnabled, r.LockoutEnd, now)))
            .ToList();
        return new PagedList<CustomerListItem>(items, total, page, pageSize);
    }

    private static IQueryable<ApplicationUser> Sort(IQueryable<ApplicationUser> customers, CustomerSort sort, bool descending)
    {
        var ordered = (sort, descending) switch
        {
            (CustomerSort.Name, false) => customers.OrderBy(u => EF.Functions.Collate(u.FullName, "NOCASE")),
            (CustomerSort.Name, true) => customers.OrderByDescending(u => EF.Functions.Collate(u.FullName, "NOCASE")),
            (CustomerSort.Email, false) => customers.OrderBy(u => u.NormalizedEmail),
            (CustomerSort.Email, true) => customers.OrderByDescending(u => u.NormalizedEmail),
            (CustomerSort.LastLogin, false) => customers.OrderBy(u => u.LastLoginAtUtc),
            (CustomerSort.LastLogin, true) => customers.OrderByDescending(u => u.LastLoginAtUtc),
            (_, false) => customers.OrderBy(u => u.CreatedAtUtc),
            (_, true) => customers.OrderByDescending(u => u.CreatedAtUtc),
        };

        // A unique tie-breaker keeps paging stable: equal keys never swap rows between pages.
        return ordered.ThenBy(u => u.Id);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
