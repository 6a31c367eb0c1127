namespace GameHost.App.Features.Payments.Gateways.Stripe;

/// <summary>How the Stripe adapter behaves (<c>Payments:Stripe</c> in appsettings.json). Credentials and base URLs
/// are per gateway account (<see cref="StripeGateway.SettingFields"/>), not here.</summary>
public sealed class StripeGatewayOptions
{
    public const string Section = "Payments:Stripe";

    /// <summary>One request's time limit. Past it the outcome is unknown (the charge may have happened).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far a webhook's signed timestamp may be from our clock (Stripe's default is 300 s).</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a Checkout Session stays open (Stripe allows 30 minutes to 24 hours).</summary>
    public TimeSpan CheckoutLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A 429's <c>Retry-After</c> longer than this is not waited out inside the call.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);
}
