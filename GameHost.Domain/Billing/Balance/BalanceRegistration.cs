using GameHost.Domain.Billing.Postpaid;
using GameHost.Domain.Billing.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Billing.Balance;

public static class BalanceRegistration
{
    /// <summary>Balance, pay-as-you-go usage, postpaid credit, pay-ahead and manual adjustments.</summary>
    public static IServiceCollection AddBalanceAndUsage(this IServiceCollection services)
    {
        services.AddOptions<UsageOptions>();
        services.AddScoped<BalanceOverviewQuery>();
        services.AddScoped<LedgerHistoryQuery>();
        services.AddScoped<TopUp>();
        services.AddScoped<PayAhead>();
        services.AddScoped<AdjustBalance>();
        services.AddScoped<SetCreditLimit>();
        services.AddScoped<UsageSweep>();
        services.AddScoped<PostpaidInvoiceSweep>();
        return services;
    }
}
