namespace GameHost.App.Features.Payments.Gateways.PayPal;

/// <summary>The keys of a PayPal gateway account's settings (<see cref="Domain.Payments.Gateways.GatewayAccountConfig.Settings"/>).</summary>
public static class PayPalSettings
{
    public const string ClientId = "client_id";

    public const string ClientSecret = "client_secret";

    /// <summary>The id PayPal gave our webhook registration; verification needs it (it is not an event id).</summary>
    public const string WebhookId = "webhook_id";

    /// <summary>REST API base URL; empty means the sandbox or live default by the account's sandbox flag.</summary>
    public const string BaseUrl = "base_url";

    /// <summary>Shown to the buyer on PayPal's pages.</summary>
    public const string BrandName = "brand_name";

    public const string SandboxBaseUrl = "https://api-m.sandbox.paypal.com";

    public const string LiveBaseUrl = "https://api-m.paypal.com";
}
