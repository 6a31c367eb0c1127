using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Billing;

public static class BillingRegistration
{
    /// <summary>
    /// Billing's use cases and queries (needs <c>AddCatalog()</c> too). Billing sells the services, so it answers the
    /// catalog's <see cref="ITariffUsage"/>, replacing the catalog's stand-in whichever of the two runs first.
    /// </summary>
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.AddProvisioning();
        services.Replace(ServiceDescriptor.Scoped<ITariffUsage, SubscriptionTariffUsage>());
        services.Replace(ServiceDescriptor.Scoped<IPriceChangeImpact, SubscriptionPriceChangeImpact>());
        services.Replace(ServiceDescriptor.Scoped<ITaxPolicy, Taxes.TaxRulesPolicy>());
        services.AddScoped<Sweeps.PriceChangeSweep>();
        services.AddScoped<PlaceOrder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, Notices.InvoiceIssuedNotices>());
        services.AddSingleton<Ledger.LedgerPosting>();
        services.AddScoped<Ledger.InvoiceSettlement>();
        services.AddScoped<Ledger.PayInvoiceFromBalance>();
        services.AddScoped<Ledger.CustomerBalanceQuery>();
        services.AddScoped<Ledger.LedgerReconciliation>();
        services.AddScoped<Ledger.RefundUnprovisionedOrder>();
        services.AddScoped<CustomerInvoicesQuery>();
        services.AddScoped<InvoiceDetailsQuery>();
        services.AddScoped<OrderReviewQuery>();
        services.AddScoped<CustomerServicesQuery>();
        Invoicing.InvoicingRegistration.AddInvoicing(services);
        services.AddBillingChanges();
        services.AddBalanceAndUsage();
        services.AddRenewalsAndDunning();
        return services;
    }
}
