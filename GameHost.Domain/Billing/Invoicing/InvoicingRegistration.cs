using GameHost.Domain.Billing.Taxes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Billing.Invoicing;

public static class InvoicingRegistration
{
    /// <summary>Staff invoice actions, credit notes, their queries, and the tax administration.</summary>
    public static IServiceCollection AddInvoicing(this IServiceCollection services)
    {
        services.TryAddScoped<TaxAdministration>();
        services.TryAddScoped<InvoiceActions>();
        services.TryAddScoped<IssueCreditNote>();
        services.TryAddScoped<AdminInvoicesQuery>();
        services.TryAddScoped<CustomerCreditNotesQuery>();
        return services;
    }
}
