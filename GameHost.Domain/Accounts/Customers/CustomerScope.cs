using GameHost.Domain.Persistence;

namespace GameHost.Domain.Accounts.Customers;

/// <summary>
/// The users staff manage as customers: in the Customer role and in no staff role. Staff are never listed,
/// shown or locked through the customer pages, even if someone also gave them the Customer role.
/// </summary>
internal static class CustomerScope
{
    private static readonly string CustomerRole = Roles.Customer.ToUpperInvariant();
    private static readonly string AdminRole = Roles.Admin.ToUpperInvariant();
    private static readonly string SupportRole = Roles.Support.ToUpperInvariant();

    public static IQueryable<ApplicationUser> Customers(GameHostDbContext db) =>
        db.Users.Where(u =>
            db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == CustomerRole))
            && !db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId
                && (r.NormalizedName == AdminRole || r.NormalizedName == SupportRole))));

    public static IQueryable<ApplicationUser> Staff(GameHostDbContext db) =>
        db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId
            && (r.NormalizedName == AdminRole || r.NormalizedName == SupportRole))));
}
