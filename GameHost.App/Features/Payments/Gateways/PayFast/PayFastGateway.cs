using System.Net;
using System.Net.Sockets;
using System.Text;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Payments.Gateways.PayFast;

/// <summary>
/// PayFast (contract §4), ZAR only: a signed form the browser POSTs to PayFast's payment page, and the ITN that
/// PayFast sends back. The ITN endpoint runs checks 1–2 (<see cref="VerifyWebhookAsync"/>: signature with the
/// passphrase over every received field, and the source address); the processor runs checks 3–4
/// (<see cref="InterpretEventAsync"/>: our merchant id, our attempt in <c>custom_str1</c>, PayFast's validate
/// postback answering exactly <c>VALID</c>). The amount check needs the attempt, which the port does not hand to the
/// adapter: the exact <c>amount_gross</c> comes back as <see cref="GatewayResult.Amount"/> and the one recording path
/// compares it with the attempt's amount, holding any difference for review (contract §1.4 step 5).
/// Ad-hoc token charges and refunds are not offered: the contract leaves their API unconfirmed (§4.4, §4.5).
/// </summary>
public sealed class PayFastGateway(
    IHttpClientFactory httpClients,
    IPayFastSourceCheck sourceCheck,
    IOptions<PayFastGatewayOptions> options,
    TimeProvider time,
    ILogger<PayFastGateway> logger) : IPaymentGateway
{
    public const string GatewayCode = "payfast";
    public const string HttpClientName = "payfast";
    public const string SandboxProcessUrl = "https://sandbox.payfast.co.za/eng/process";
    public const string SandboxValidateUrl = "https://sandbox.payfast.co.za/eng/query/validate";

    public static class Settings
    {
        public const string MerchantId = "merchant_id";
        public const string MerchantKey = "merchant_key";
        public const string Passphrase = "passphrase";
        public const string ProcessUrl = "process_url";
        public const string ValidateUrl = "validate_url";
    }

    private static readonly IReadOnlySet<string> Currencies = new HashSet<string>(StringComparer.Ordinal) { "ZAR" };

    private readonly PayFastGatewayOptions _options = options.Value;

    public string Code => GatewayCode;

    public GatewayCapabilities Capabilities => GatewayCapabilities.HostedCheckout;

    public IReadOnlySet<string> SupportedCurrencies => Currencies;

    public IReadOnlyList<GatewaySettingField> SettingFields { get; } =
    [
        new(Settings.MerchantId, "Merchant ID", Secret: false, Required: true),
        new(Settings.MerchantKey, "Merchant key", Secret: true, Required: true),
        new(Settings.Passphrase, "Passphrase (set the same one in the PayFast dashboard)", Secret: true, Required: true),
        new(Settings.ProcessUrl, "Payment page URL (…/eng/process)", Secret: false, Required: true, DefaultValue: SandboxProcessUrl),
        new(Settings.ValidateUrl, "ITN validation URL (…/eng/query/validate)", Secret: false, Required: true, DefaultValue: SandboxValidateUrl),
    ];

    public Task<GatewayResult> StartCheckoutAsync(GatewayAccountConfig account, CheckoutRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Amount.Currency.Code != "ZAR")
        {
            return Task.FromResult(GatewayResult.NotSent($"PayFast only takes ZAR, not {request.Amount.Currency.Code}.") with { ErrorCode = "payfast.currency_not_supported" });
        }

        if (request.Amount.Minor <= 0)
        {
            return Task.FromResult(GatewayResult.NotSent("The amount must be positive.") with { ErrorCode = "payfast.invalid_amount" });
        }

        if (account.Get(Settings.MerchantId) is not { } merchantId || account.Get(Settings.MerchantKey) is not { } merchantKey
            || account.Get(Settings.Passphrase) is not { } passphrase)
        {
            return Task.FromResult(GatewayResult.NotSent("The PayFast merchant id, key and passphrase must all be configured.") with { ErrorCode = "payfast.not_configured" });
        }

        var (first, last) = SplitName(request.CustomerName);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, string? value, int max)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                fields[key] = value.Trim().Length <= max ? value.Trim() : value.Trim()[..max];
            }
        }

        Put("merchant_id", merchantId, 100);
        Put("merchant_key", merchantKey, 100);
        Put("return_url", request.ReturnUrl, 255);
        Put("cancel_url", request.CancelUrl, 255);
        Put("notify_url", request.NotifyUrl, 255);
        Put("name_first", first, 100);
        Put("name_last", last, 100);
        Put("email_address", request.CustomerEmail, 100);
        Put("m_payment_id", request.Reference, 100);
        fields["amount"] = PayFastAmounts.Format(request.Amount);
        Put("item_name", request.Description, 100);
        Put("custom_str1", request.AttemptId.ToString(), 255);

        // Sent in PayFast's documented order, the order the signature covers.
        var ordered = PayFastSignature.FormFieldOrder.Where(fields.ContainsKey).ToDictionary(k => k, k => fields[k], StringComparer.Ordinal);
        ordered["signature"] = PayFastSignature.ForForm(ordered, passphrase);
        return Task.FromResult(new GatewayResult(
            GatewayOutcome.RequiresCustomerAction,
            GatewayReference: fields.GetValueOrDefault("m_payment_id"),
            Amount: request.Amount,
            RedirectUrl: account.Get(Settings.ProcessUrl) ?? SandboxProcessUrl,
            RedirectForm: ordered));
    }

    /// <summary>
    /// PayFast answers only through its ITN: there is no status query the contract confirms. An attempt waits
    /// (<see cref="GatewayOutcome.Pending"/>) until its ITN arrives, and expires after
    /// <see cref="PayFastGatewayOptions.AbandonAfter"/> without one; a late ITN is still recorded by the inbox.
    /// </summary>
    public Task<GatewayResult> ConfirmAsync(GatewayAccountConfig account, AttemptSnapshot attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var age = time.GetUtcNow().UtcDateTime - attempt.CreatedAtUtc;
        return Task.FromResult(age > _options.AbandonAfter
            ? new GatewayResult(GatewayOutcome.Expired, GatewayReference: attempt.GatewayReference, ErrorCode: "payfast.no_itn",
                ErrorMessage: "No ITN arrived for this payment.")
            : new GatewayResult(GatewayOutcome.Pending, GatewayReference: attempt.GatewayReference,
                ErrorMessage: "PayFast confirms payments by ITN only."));
    }

    public async Task<WebhookVerification> VerifyWebhookAsync(GatewayAccountConfig account, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(webhook);
        if (ParseItn(webhook.Body) is not { } fields)
        {
            return Rejected("the body is not a UTF-8 form post");
        }

        var received = Field(fields, "signature");
        if (string.IsNullOrEmpty(received))
        {
            return Rejected("the ITN carries no signature");
        }

        if (account.Get(Settings.Passphrase) is not { } passphrase)
        {
            logger.LogError("PayFast account {Account} has no passphrase: ITNs cannot be verified", account.AccountId);
            return WebhookVerification.CouldNotVerify("The PayFast passphrase is not configured.");
        }

        // Check 1: every received field but the signature, in received order, empty ones included, + passphrase.
        if (!PayFastSignature.Matches(PayFastSignature.ForItn(fields, passphrase), received))
        {
            return Rejected("signature mismatch (fields, order, empty fields or passphrase differ)");
        }

        // Check 2: the source address.
        if (webhook.RemoteIp is null || !IPAddress.TryParse(webhook.RemoteIp, out var remote))
        {
            return Rejected("the sender's address is unknown");
        }

        try
        {
            if (!await sourceCheck.IsPayFastAsync(remote, cancellationToken))
            {
                return Rejected($"{remote} is not a PayFast address");
            }
        }
        catch (SocketException ex)
        {
            logger.LogWarning(ex, "PayFast ITN source check could not resolve PayFast's hosts");
            return WebhookVerification.CouldNotVerify("PayFast's addresses could not be resolved.");
        }

        var paymentId = Field(fields, "pf_payment_id");
        var status = Field(fields, "payment_status");
        if (string.IsNullOrEmpty(paymentId) || string.IsNullOrEmpty(status))
        {
            return Rejected("pf_payment_id or payment_status is missing");
        }

        return WebhookVerification.Valid(EventId(paymentId, status), "itn." + status.ToLowerInvariant());

        WebhookVerification Rejected(string reason)
        {
            logger.LogWarning("PayFast ITN for account {Account} from {Remote} rejected: {Reason}", account.AccountId, webhook.RemoteIp, reason);
            return WebhookVerification.Invalid(reason);
        }
    }

    public static string EventId(string pfPaymentId, string paymentStatus) => $"{pfPaymentId}:{paymentStatus}";

    public async Task<GatewayEventOutcome> InterpretEventAsync(GatewayAccountConfig account, StoredGatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        if (ParseItn(gatewayEvent.Body) is not { } fields)
        {
            return GatewayEventOutcome.Ignore("The stored ITN is not a form post.");
        }

        var paymentId = Field(fields, "pf_payment_id");

        // Check 3: the data is ours.
        var merchantId = Field(fields, "merchant_id");
        if (merchantId is null || merchantId != account.Get(Settings.MerchantId))
        {
            return Ignored($"merchant_id '{merchantId}' is not this account's");
        }

        if (!Guid.TryParse(Field(fields, "custom_str1"), out var attemptId))
        {
            return Ignored("custom_str1 does not name a payment attempt");
        }

        if (PayFastAmounts.Parse(Field(fields, "amount_gross")) is not { } gross)
        {
            return Ignored($"amount_gross '{Field(fields, "amount_gross")}' is not an amount");
        }

        // Check 4: PayFast confirms the very parameters it sent.
        var answer = await ValidateAsync(account, fields, cancellationToken);
        if (answer != "VALID")
        {
            return Ignored($"PayFast's validation answered '{Truncate(answer, 40)}'");
        }

        var fee = PayFastAmounts.Parse(Field(fields, "amount_fee"));
        var status = Field(fields, "payment_status");
        var reference = Field(fields, "m_payment_id");
        GatewayResult? result = status switch
        {
            "COMPLETE" => new GatewayResult(GatewayOutcome.Succeeded, GatewayReference: reference, TransactionId: paymentId,
                Amount: gross, FeeMinor: fee is { } f ? -f.Minor : null),
            "PENDING" => new GatewayResult(GatewayOutcome.Pending, GatewayReference: reference, TransactionId: paymentId, Amount: gross),
            "CANCELLED" => GatewayResult.Fail("payfast.cancelled", "The buyer cancelled the payment at PayFast.") with { GatewayReference = reference, TransactionId = paymentId },
            "FAILED" => GatewayResult.Fail("payfast.failed", "PayFast reports the payment failed.") with { GatewayReference = reference, TransactionId = paymentId },
            _ => null,
        };
        return result is null
            ? Ignored($"payment_status '{status}' is not one PayFast documents")
            : GatewayEventOutcome.ForPayment(attemptId, result);

        GatewayEventOutcome Ignored(string reason)
        {
            logger.LogWarning("PayFast ITN {PaymentId} for account {Account} not credited: {Reason}", paymentId, account.AccountId, reason);
            return GatewayEventOutcome.Ignore(reason);
        }
    }

    public Task<GatewayResult> RefundAsync(GatewayAccountConfig account, GatewayRefundRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(GatewayResult.Fail("gateway.not_supported", "PayFast refunds are made in the PayFast dashboard and recorded by staff."));

    public Task<GatewayResult> ChargeSavedMethodAsync(GatewayAccountConfig account, SavedMethodCharge request, CancellationToken cancellationToken) =>
        Task.FromResult(GatewayResult.Fail("gateway.not_supported", "PayFast ad-hoc token charges are not offered."));

    /// <summary>
    /// Reaches the validation endpoint with an empty parameter string: PayFast answers <c>INVALID</c> to it, which proves
    /// the URL is PayFast's validator and reachable. The merchant credentials themselves are only proven by a payment.
    /// </summary>
    public async Task<GatewayResult> TestConnectionAsync(GatewayAccountConfig account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Get(Settings.MerchantId) is null || account.Get(Settings.MerchantKey) is null || account.Get(Settings.Passphrase) is null)
        {
            return GatewayResult.NotSent("The PayFast merchant id, key and passphrase must all be configured.") with { ErrorCode = "payfast.not_configured" };
        }

        try
        {
            var answer = await PostValidateAsync(account, "", cancellationToken);
            return answer is "VALID" or "INVALID"
                ? new GatewayResult(GatewayOutcome.Succeeded, ErrorMessage: "The validation endpoint answered; credentials are proven by the first payment.")
                : GatewayResult.Fail("payfast.unexpected_answer", $"The validation URL answered '{Truncate(answer, 40)}', not PayFast's VALID/INVALID.");
        }
        catch (HttpRequestException ex)
        {
            return GatewayResult.Fail("payfast.unreachable", ex.Message);
        }
    }

    private async Task<string> ValidateAsync(GatewayAccountConfig account, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var parameters = PayFastSignature.ParameterString(fields.Where(p => p.Key != "signature"));
        return await PostValidateAsync(account, parameters, cancellationToken);
    }

    /// <summary>POSTs to the validate URL. A timeout, dropped connection or non-2xx answer throws
    /// <see cref="HttpRequestException"/>: verification could not run, so the inbox retries later.</summary>
    private async Task<string> PostValidateAsync(GatewayAccountConfig account, string parameters, CancellationToken cancellationToken)
    {
        var url = account.Get(Settings.ValidateUrl) ?? SandboxValidateUrl;
        var client = httpClients.CreateClient(HttpClientName);
        using var content = new StringContent(parameters, Encoding.UTF8, "application/x-www-form-urlencoded");
        content.Headers.ContentType!.CharSet = null;
        try
        {
            using var response = await client.PostAsync(new Uri(url), content, cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"PayFast's validation answered {(int)response.StatusCode}.", null, response.StatusCode);
            }

            return body;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException("PayFast's validation did not answer in time.", ex);
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>>? ParseItn(byte[] body)
    {
        try
        {
            return PayFastSignature.ParseBody(new UTF8Encoding(false, true).GetString(body));
        }
        catch (Exception ex) when (ex is DecoderFallbackException or UriFormatException)
        {
            return null;
        }
    }

    private static string? Field(IReadOnlyList<KeyValuePair<string, string>> fields, string key)
    {
        foreach (var pair in fields)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    private static (string? First, string? Last) SplitName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, null);
        }

        var parts = name.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (parts[0], parts.Length > 1 ? parts[1] : null);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
