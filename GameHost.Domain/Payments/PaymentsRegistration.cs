using GameHost.Domain.Billing;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Payments;

public static class PaymentsRegistration
{
    /// <summary>Payments' use cases and queries (billing comes with them: payments settle its invoices).</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddBilling();
        services.AddScoped<RecordPayment>();
        services.AddScoped<PaymentsQuery>();
        services.AddPaymentGateways();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, Notices.PaymentFailedNotices>());
        return services;
    }
}
