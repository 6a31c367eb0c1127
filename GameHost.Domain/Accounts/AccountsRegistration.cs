using GameHost.Domain.Accounts.Recovery;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Accounts.Setup;
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
        services.AddScoped<RegisterCustomer>();
        services.AddScoped<AccountRecovery>();
        services.AddScoped<OwnerSetupQuery>();
        services.AddScoped<CreateOwner>();
        services.AddCustomers();
        return services;
    }
}
