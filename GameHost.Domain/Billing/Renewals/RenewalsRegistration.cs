using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.PromisedPayments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Billing.Renewals;

public static class RenewalsRegistration
{
    /// <summary>Renewals, dunning and promised payments (called by <c>AddBilling()</c>).</summary>
    public static IServiceCollection AddRenewalsAndDunning(this IServiceCollection services)
    {
        services.AddAudit();
        services.AddOptions<RenewalOptions>();
        services.AddOptions<DunningOptions>();
        services.TryAddSingleton<IAutoPay, NoAutoPay>();
        services.AddScoped<RenewalSweep>();
        services.AddScoped<DunningSweep>();
        services.AddScoped<DunningTimelineQuery>();
        services.AddScoped<DunningAdmin>();
        services.AddScoped<TakePromisedPayment>();
        services.AddScoped<PromiseOfferQuery>();
        services.AddScoped<BillingGroupsAdmin>();
        return services;
    }
}
