using GameHost.Domain.Accounts.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Accounts;

public static class AccountsRegistration
{
    /// <summary>Accounts use cases and queries (Identity itself is wired by the host).</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<RoleSeeder>();
        services.AddScoped<Demo.DemoSeeder>();
        services.AddCustomers();
        return services;
    }
}
