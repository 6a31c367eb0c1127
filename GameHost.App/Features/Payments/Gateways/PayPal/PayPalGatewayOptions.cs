namespace GameHost.App.Features.Payments.Gateways.PayPal;

/// <summary>
/// How the PayPal adapter behaves (<c>Payments:PayPal</c> in appsettings.json). Credentials, the webhook id and the
/// API base URL are per gateway account (<see cref="PayPalSettings"/>); these are the operator's knobs for all accounts.
/// </summary>
public sealed class PayPalGatewayOptions
{
    public const string Section = "Payments:PayPal";

    /// <summary>How long one HTTP exchange with PayPal may take before its outcome counts as unknown.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>A token is refreshed when less than this remains of it (capped at a tenth of its lifetime).</summary>
    public int TokenRefreshMarginSeconds { get; set; } = 300;

    /// <summary>How long a buyer has to approve an order before an unapproved order counts as expired (contract §2.4).</summary>
    public int ApprovalWindowMinutes { get; set; } = 180;

    /// <summary>A <c>Retry-After</c> longer than this is not waited out inside a call; the caller retries later.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>The wait after a 429 that carries no <c>Retry-After</c>.</summary>
    public int DefaultRetryAfterSeconds { get; set; } = 2;

    internal TimeSpan RequestTimeout => TimeSpan.FromSeconds(Math.Max(1, RequestTimeoutSeconds));

    internal TimeSpan ApprovalWindow => TimeSpan.FromMinutes(Math.Max(1, ApprovalWindowMinutes));
}
