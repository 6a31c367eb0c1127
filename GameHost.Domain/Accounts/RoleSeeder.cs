using Microsoft.AspNetCore.Identity;

namespace GameHost.Domain.Accounts;

/// <summary>Makes sure the three roles exist; safe to run at every start.</summary>
public sealed class RoleSeeder(RoleManager<ApplicationRole> roles)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var name in Roles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                var result = await roles.CreateAsync(new ApplicationRole(name));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create role {name}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }
}
