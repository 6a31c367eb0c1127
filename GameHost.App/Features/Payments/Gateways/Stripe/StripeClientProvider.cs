using GameHost.Domain.Payments.Gateways;
using Stripe;

namespace GameHost.App.Features.Payments.Gateways.Stripe;

/// <summary>
/// Builds a Stripe.net client for one gateway account: its secret key, its API base (the real API, or a local fake in
/// tests) and the factory's named <see cref="HttpClient"/>. The SDK's own retries are off: the adapter retries with
/// the same idempotency key where the contract allows, and the janitor resolves the rest. No static configuration.
/// </summary>
public sealed class StripeClientProvider(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "stripe";

    public IStripeClient For(GatewayAccountConfig account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var http = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), maxNetworkRetries: 0);
        var apiBase = (account.Get(StripeGateway.Settings.ApiBase) ?? StripeGateway.DefaultApiBase).TrimEnd('/');
        return new StripeClient(account.Require(StripeGateway.Settings.SecretKey), httpClient: http, apiBase: apiBase);
    }
}
