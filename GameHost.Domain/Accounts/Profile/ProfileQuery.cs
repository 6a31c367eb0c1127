using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Profile;

/// <summary>A user's own profile as the settings pages show it.</summary>
public sealed record ProfileView(
    Guid UserId,
    string Email,
    string FullName,
    string PreferredLanguage,
    bool IsCustomer,
    bool IsStaff,
    string? Company,
    string? CountryCode,
    string? BillingCurrency,
    string? VatNumber);

public sealed class ProfileQuery(GameHostDbContext db)
{
    public async Task<ProfileView?> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.FullName,
                u.PreferredLanguage,
                Profile = u.CustomerProfile,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var roleNames = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == userId
                select role.Name)
            .ToListAsync(cancellationToken);
        var isStaff = roleNames.Contains(Roles.Admin) || roleNames.Contains(Roles.Support);
        return new ProfileView(
            row.Id,
            row.Email ?? "",
            row.FullName,
            row.PreferredLanguage,
            IsCustomer: row.Profile is not null,
            IsStaff: isStaff,
            row.Profile?.Company,
            row.Profile?.CountryCode.Trim(),
            row.Profile?.BillingCurrency.Trim(),
            row.Profile?.VatNumber);
    }
}
