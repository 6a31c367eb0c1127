using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Catalog;

public static class CatalogRegistration
{
    /// <summary>Catalog use cases and queries. Billing replaces <see cref="ITariffUsage"/> once it sells services.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddAudit();
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section);
        services.TryAddScoped<ITariffUsage, NoTariffUsageYet>();
        services.TryAddScoped<IPriceChangeImpact, NoServicesAffectedYet>();
        services.AddScoped<CreateTariff>();
        services.AddScoped<EditTariff>();
        services.AddScoped<ArchiveTariff>();
        services.AddScoped<CreateAddOn>();
        services.AddScoped<EditAddOn>();
        services.AddScoped<CreatePromoCode>();
        services.AddScoped<EditPromoCode>();
        services.AddScoped<SetPromoCodeEnabled>();
        services.AddScoped<RedeemPromoCode>();
        services.AddScoped<SchedulePriceChange>();
        services.AddScoped<QuoteOrder>();
        services.AddScoped<PublicCatalogQuery>();
        services.AddScoped<TariffDetailsQuery>();
        services.AddScoped<PromoCodeListQuery>();
        services.AddScoped<CatalogAdminQuery>();
        services.AddScoped<OrderTariffQuery>();
        services.AddScoped<CatalogCurrenciesQuery>();
        return services;
    }
}
