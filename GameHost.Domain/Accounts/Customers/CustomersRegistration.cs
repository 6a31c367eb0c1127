using GameHost.Domain.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Accounts.Customers;

public static class CustomersRegistration
{
    /// <summary>Staff-side customer queries and the lock/unlock use cases.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddAudit();
        services.AddScoped<CustomerListQuery>();
        services.AddScoped<CustomerDetailsQuery>();
        services.AddScoped<LockCustomer>();
        services.AddScoped<UnlockCustomer>();
        return services;
    }
}
