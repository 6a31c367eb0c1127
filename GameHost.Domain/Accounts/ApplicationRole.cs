using Microsoft.AspNetCore.Identity;

namespace GameHost.Domain.Accounts;

public sealed class ApplicationRole : IdentityRole<Guid>
{
    public ApplicationRole() { }

    public ApplicationRole(string name) : base(name) { }
}

/// <summary>The three roles. Admin is the owner and managers; Support answers customers; Customer buys.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Support = "Support";
    public const string Customer = "Customer";

    /// <summary>For <c>[Authorize(Roles = …)]</c> on the staff console.</summary>
    public const string Staff = Admin + "," + Support;

    public static readonly IReadOnlyList<string> All = [Admin, Support, Customer];
}
