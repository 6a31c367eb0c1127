using GameHost.Domain.Audit;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Payments.Gateways;

public static class GatewaysRegistration
{
    /// <summary>Gateway accounts, attempts, the event inbox, the janitor, refunds and autopay. Adapters are added by the host.</summary>
    public static IServiceCollection AddPaymentGateways(this IServiceCollection services)
    {
        services.TryAddSingleton<AuditLog>();
        services.AddOptions<ProvisioningSiteOptions>();
        services.TryAddSingleton<GatewayEventSignal>();
        services.TryAddSingleton<EnabledAccountsCache>();
        services.AddOptions<GatewayInboxOptions>();
        services.TryAddSingleton<GatewayInboxWriter>();
        services.TryAddScoped<GatewayRegistry>();
        services.TryAddScoped<GatewayAccounts>();
        services.TryAddScoped<PaymentAlerts>();
        services.TryAddScoped<AttemptOutcomes>();
        services.TryAddScoped<StartPayment>();
        services.TryAddScoped<ConfirmReturn>();
        services.TryAddSingleton<ReceiveWebhook>();
        services.TryAddScoped<GatewayEventProcessor>();
        services.TryAddScoped<AttemptJanitor>();
        services.TryAddScoped<PaymentOptionsQuery>();
        services.TryAddScoped<GatewayAdminQuery>();
        services.TryAddScoped<RefundPayment>();
        services.TryAddScoped<PaymentDetailsQuery>();
        services.TryAddScoped<ReviewHeldPayment>();
        services.TryAddScoped<UnclearRefunds>();
        services.TryAddScoped<SettlementCheck>();
        services.TryAddScoped<SavedMethods>();
        // Replaces the renewals' NoAutoPay seam: saved methods in the customer's order, then the balance.
        services.Replace(ServiceDescriptor.Scoped<Billing.Renewals.IAutoPay, GatewayAutoPay>());
        return services;
    }
}
