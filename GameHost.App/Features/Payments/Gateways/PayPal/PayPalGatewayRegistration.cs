using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.App.Features.Payments.Gateways.PayPal;

public static class PayPalGatewayRegistration
{
    public const string HttpClientName = "paypal";

    /// <summary>
    /// The PayPal adapter as an <see cref="IPaymentGateway"/>: its options (<c>Payments:PayPal</c>), the token cache,
    /// and a named HTTP client that follows no redirects and keeps no cookies; deadlines are per call on the injected
    /// clock, so the client's own timeout is off.
    /// </summary>
    public static IServiceCollection AddPayPalGateway(this IServiceCollection services)
    {
        services.AddOptions<PayPalGatewayOptions>()
            .BindConfiguration(PayPalGatewayOptions.Section)
            .Validate(o => o is { RequestTimeoutSeconds: > 0, ApprovalWindowMinutes: > 0, TokenRefreshMarginSeconds: >= 0, MaxRetryAfterSeconds: >= 0, DefaultRetryAfterSeconds: >= 0 },
                $"{PayPalGatewayOptions.Section}: the timeout and approval window must be positive, the other values not negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLocalization();
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.TryAddSingleton<PayPalTokenCache>();
        services.TryAddSingleton<PayPalApi>();
        services.TryAddSingleton<PayPalGateway>();
        services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<PayPalGateway>());
        return services;
    }
}
