namespace GameHost.App.Features.Payments.Gateways.PayPal;

/// <summary>
/// Error codes the adapter puts on <see cref="Domain.Payments.Gateways.GatewayResult.ErrorCode"/>. A PayPal business
/// error keeps PayPal's own <c>issue</c> (<c>INSTRUMENT_DECLINED</c>, <c>ORDER_NOT_APPROVED</c>, …) or <c>name</c>;
/// these are the adapter's own, for what PayPal did not say.
/// </summary>
public static class PayPalErrorCodes
{
    public const string NotConfigured = "paypal.not_configured";

    public const string AuthenticationFailed = "paypal.authentication_failed";

    public const string Unavailable = "paypal.unavailable";

    public const string RateLimited = "paypal.rate_limited";

    public const string Timeout = "paypal.timeout";

    public const string CurrencyNotSupported = "paypal.currency_not_supported";

    public const string AmountNotExpressible = "paypal.amount_not_expressible";

    public const string CaptureDeclined = "paypal.capture_declined";

    public const string OrderVoided = "paypal.order_voided";

    public const string UnexpectedAnswer = "paypal.unexpected_answer";

    public const string NoApprovalLink = "paypal.no_approval_link";
}
