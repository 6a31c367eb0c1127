using GameHost.Domain.Provisioning.Settings;

namespace GameHost.App.Features.Ordering;

public static class OrderingAppRegistration
{
    /// <summary>The cabinet's order form at <c>/cabinet/order</c> (its Domain side comes with <c>AddCatalog()</c> and <c>AddBilling()</c>).</summary>
    public static WebApplicationBuilder AddOrderingFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddOrdering();
        return builder;
    }

    public static IServiceCollection AddOrdering(this IServiceCollection services)
    {
        services.AddScoped<OrderSubmission>();
        services.AddScoped<LocationNames>();
        services.AddPanelCatalog();
        return services;
    }
}
