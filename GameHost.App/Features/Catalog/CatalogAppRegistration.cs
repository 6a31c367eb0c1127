using FluentValidation;
using GameHost.App.Features.Catalog.Admin;

namespace GameHost.App.Features.Catalog;

public static class CatalogAppRegistration
{
    /// <summary>
    /// The staff catalog editor's form validators. The Domain side (use cases, queries) is registered by
    /// <c>AddCatalog()</c> in Program.cs, because the cabinet's order pages use it too.
    /// </summary>
    public static WebApplicationBuilder AddCatalogFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddCatalogValidators();
        return builder;
    }

    public static IServiceCollection AddCatalogValidators(this IServiceCollection services)
    {
        services.AddScoped<IValidator<TariffForm>, TariffFormValidator>();
        services.AddScoped<IValidator<AddOnForm>, AddOnFormValidator>();
        services.AddScoped<IValidator<PromoCodeForm>, PromoCodeFormValidator>();
        services.AddScoped<IValidator<PriceChangeForm>, PriceChangeFormValidator>();
        return services;
    }
}
