using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Dashboard;

public sealed record CustomerDashboard(
    string FullName,
    string Email,
    bool EmailConfirmed,
    bool TwoFactorEnabled,
    string PreferredLanguage,
    DateTime? LastLoginAtUtc,
    string? Company,
    string? CountryCode,
    string? BillingCurrency,
    string? VatNumber);

/// <summary>What the signed-in customer sees on the cabinet's front page about their own account.</summary>
public sealed class CustomerDashboardQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    /// <returns>Null when the user no longer exists.</returns>
    public async Task<CustomerDashboard?> ExecuteAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new CustomerDashboard(
                u.FullName,
                u.Email ?? "",
                u.EmailConfirmed,
                u.TwoFactorEnabled,
                u.PreferredLanguage,
                u.LastLoginAtUtc,
                u.CustomerProfile != null ? u.CustomerProfile.Company : null,
                u.CustomerProfile != null ? u.CustomerProfile.CountryCode : null,
                u.CustomerProfile != null ? u.CustomerProfile.BillingCurrency : null,
                u.CustomerProfile != null ? u.CustomerProfile.VatNumber : null))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
