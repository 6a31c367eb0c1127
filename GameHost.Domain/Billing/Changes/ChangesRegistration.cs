using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Billing.Changes;

public static class ChangesRegistration
{
    /// <summary>Changing and cancelling running services, one-off products and resource pools.</summary>
    public static IServiceCollection AddBillingChanges(this IServiceCollection services)
    {
        services.AddScoped<ServiceChanges>();
        services.AddScoped<ChangeOptionsQuery>();
        services.AddScoped<ServiceCancellation>();
        services.AddScoped<BillingChangeSettingsService>();
        services.AddScoped<ServiceEndingSweep>();
        services.AddScoped<Products.ProductPurchases>();
        services.AddScoped<Products.ProductAdmin>();
        services.AddScoped<Pools.PoolPurchases>();
        services.AddScoped<Pools.PoolServers>();
        services.AddScoped<Pools.PoolRenewalSweep>();
        services.AddScoped<Pools.PoolDunningSweep>();
        services.AddScoped<Pools.PoolCancellation>();
        services.AddScoped<Pools.PoolResizes>();
        services.AddOptions<ChangesOptions>();
        return services;
    }
}
