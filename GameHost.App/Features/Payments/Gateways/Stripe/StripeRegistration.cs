using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Payments.Gateways.Stripe;

public static class StripeRegistration
{
    /// <summary>The Stripe adapter as an <see cref="IPaymentGateway"/> with its named HTTP client.</summary>
    public static IServiceCollection AddStripeGateway(this IServiceCollection services)
    {
        services.AddOptions<StripeGatewayOptions>()
            .BindConfiguration(StripeGatewayOptions.Section)
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.WebhookTolerance > TimeSpan.Zero
                           && o.CheckoutLifetime >= TimeSpan.FromMinutes(30) && o.CheckoutLifetime <= TimeSpan.FromHours(24)
                           && o.MaxRetryAfter >= TimeSpan.Zero,
                $"{StripeGatewayOptions.Section}: timeouts must be positive and CheckoutLifetime between 30 minutes and 24 hours.");
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(StripeClientProvider.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<StripeGatewayOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.TryAddSingleton<StripeClientProvider>();
        services.AddSingleton<StripeGateway>();
        services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<StripeGateway>());
        return services;
    }
}
