using System.Net;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Payments.Gateways.PayFast;

public static class PayFastRegistration
{
    /// <summary>The PayFast adapter as an <see cref="IPaymentGateway"/>, its HTTP client and the ITN source check.</summary>
    public static IServiceCollection AddPayFastGateway(this IServiceCollection services)
    {
        services.AddOptions<PayFastGatewayOptions>()
            .BindConfiguration(PayFastGatewayOptions.Section)
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.DnsCacheLifetime >= TimeSpan.Zero && o.AbandonAfter > TimeSpan.Zero
                           && o.AllowedRanges.All(r => IPNetwork.TryParse(r.Trim(), out _)),
                $"{PayFastGatewayOptions.Section}: timeouts must be positive and AllowedRanges valid CIDR ranges.");
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(PayFastGateway.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PayFastGatewayOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.TryAddSingleton<IPayFastSourceCheck, DnsPayFastSourceCheck>();
        services.AddSingleton<PayFastGateway>();
        services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<PayFastGateway>());
        return services;
    }
}
