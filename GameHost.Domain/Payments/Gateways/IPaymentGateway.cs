using GameHost.Domain.Common;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>
/// The port through which payments reach an outside gateway (PayPal, Stripe, PayFast, the demo gateway). The App
/// implements one adapter per gateway; the Domain's payment use cases (start a payment, confirm a return, process a
/// stored webhook, reconcile, refund, autopay) only ever talk to this interface. Adapters never write to the store:
/// they answer with <see cref="GatewayResult"/> and the one recording path (<see cref="RecordPayment"/>) does the rest.
/// Every call carries the gateway account's decrypted settings, so two accounts of one gateway can coexist.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Stable code stored on attempts, events and payments: <c>paypal</c>, <c>stripe</c>, <c>payfast</c>, <c>demo</c>.</summary>
    string Code { get; }

    GatewayCapabilities Capabilities { get; }

    /// <summary>ISO 4217 codes the gateway can charge. The pay page offers a gateway only for a currency in this set
    /// (PayPal has no ZAR; PayFast is ZAR only). Nothing is ever converted.</summary>
    IReadOnlySet<string> SupportedCurrencies { get; }

    /// <summary>The settings staff fill in for an account of this gateway (credentials, webhook secret, base URLs).</summary>
    IReadOnlyList<GatewaySettingField> SettingFields { get; }

    /// <summary>Starts a hosted checkout for an attempt that is already stored (attempt first, call second).</summary>
    Task<GatewayResult> StartCheckoutAsync(GatewayAccountConfig account, CheckoutRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Brings an attempt to its final state by asking the gateway: used by the return redirect, by the janitor and
    /// after an unknown outcome. It re-reads the gateway's object and, where the gateway needs it, finishes the
    /// payment (PayPal: capture an approved order with the same request id). Safe to call any number of times.
    /// </summary>
    Task<GatewayResult> ConfirmAsync(GatewayAccountConfig account, AttemptSnapshot attempt, CancellationToken cancellationToken);

    /// <summary>Checks a callback's authenticity from its raw body and headers before anything is stored.</summary>
    Task<WebhookVerification> VerifyWebhookAsync(GatewayAccountConfig account, InboundWebhook webhook, CancellationToken cancellationToken);

    /// <summary>
    /// Interprets a stored, verified event: which attempt it concerns and the payment's state, re-read from the
    /// gateway's API rather than trusted from the body (this also fixes out-of-order delivery).
    /// </summary>
    Task<GatewayEventOutcome> InterpretEventAsync(GatewayAccountConfig account, StoredGatewayEvent gatewayEvent, CancellationToken cancellationToken);

    /// <summary>Refunds all or part of a captured transaction; keyed by our refund id.</summary>
    Task<GatewayResult> RefundAsync(GatewayAccountConfig account, GatewayRefundRequest request, CancellationToken cancellationToken);

    /// <summary>Charges a saved method without the customer present (autopay); keyed by our attempt id.</summary>
    Task<GatewayResult> ChargeSavedMethodAsync(GatewayAccountConfig account, SavedMethodCharge request, CancellationToken cancellationToken);

    /// <summary>Staff's "test connection": a harmless authenticated call (PayPal token, Stripe balance, PayFast ping).</summary>
    Task<GatewayResult> TestConnectionAsync(GatewayAccountConfig account, CancellationToken cancellationToken);
}

[Flags]
public enum GatewayCapabilities
{
    None = 0,
    HostedCheckout = 1,
    SavedMethod = 2,
    OffSessionCharge = 4,
    Refund = 8,
    PartialRefund = 16,
}

/// <summary>What a gateway answered, mapped at the adapter boundary (contract §1.1).</summary>
public enum GatewayOutcome
{
    /// <summary>Final success: capture COMPLETED, PaymentIntent succeeded, ITN COMPLETE. Only this credits money.</summary>
    Succeeded = 1,

    /// <summary>Accepted, not final (capture PENDING, PI processing): wait for the webhook or the janitor.</summary>
    Pending = 2,

    /// <summary>The buyer must approve or authenticate: send them to <see cref="GatewayResult.RedirectUrl"/>.</summary>
    RequiresCustomerAction = 3,

    /// <summary>A definite decline or business error; a retry is a new attempt.</summary>
    Failed = 4,

    /// <summary>The request never left (connect refused, our validation): safe to retry with the same key.</summary>
    NotAttempted = 5,

    /// <summary>Timeout or 5xx after sending: never treated as failed; retried with the same key or reconciled.</summary>
    Unknown = 6,

    /// <summary>The gateway says the payment can no longer complete (approval window passed, session expired).</summary>
    Expired = 7,
}

/// <summary>One gateway account's settings as staff entered them, already decrypted. Keys are the adapter's
/// <see cref="GatewaySettingField.Key"/>s (e.g. <c>client_id</c>, <c>client_secret</c>, <c>webhook_id</c>, <c>base_url</c>).</summary>
public sealed record GatewayAccountConfig(Guid AccountId, string GatewayCode, bool Sandbox, IReadOnlyDictionary<string, string> Settings)
{
    public string? Get(string key) => Settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public string Require(string key) => Get(key) ?? throw new InvalidOperationException($"Gateway setting '{key}' is not configured.");
}

/// <param name="Secret">Encrypted at rest and never shown back in full.</param>
/// <param name="DefaultValue">Pre-filled for a new account (e.g. the sandbox base URL).</param>
public sealed record GatewaySettingField(string Key, string Label, bool Secret, bool Required, string? DefaultValue = null);

/// <summary>What the customer pays for: an invoice, or a top-up of the balance.</summary>
public enum PaymentPurpose
{
    Invoice = 1,
    TopUp = 2,
}

/// <param name="AttemptId">Our payment-attempt id: the root of every idempotency key and the gateway-side custom id.</param>
/// <param name="Reference">A short human reference (the invoice number, or the top-up reference).</param>
/// <param name="NotifyUrl">Our webhook endpoint for gateways that take it per payment (PayFast's notify_url).</param>
/// <param name="SaveMethod">The customer asked to save the method for autopay.</param>
/// <param name="AttemptCreatedAtUtc">When the attempt was saved: anything time-based in a request sent under the attempt's
/// idempotency key (Stripe's <c>expires_at</c>) is derived from it, so a retry of the same attempt sends the same body.</param>
public sealed record CheckoutRequest(
    Guid AttemptId,
    PaymentPurpose Purpose,
    Guid? InvoiceId,
    string Reference,
    string Description,
    Money Amount,
    Guid CustomerId,
    string CustomerEmail,
    string? CustomerName,
    string ReturnUrl,
    string CancelUrl,
    string NotifyUrl,
    bool SaveMethod,
    DateTime? AttemptCreatedAtUtc = null);

/// <summary>What the adapter needs to know of a stored attempt to re-ask the gateway about it.</summary>
/// <param name="GatewayReference">The gateway's order / session id from the start of the checkout.</param>
/// <param name="TransactionId">The capture / PaymentIntent / pf_payment_id, once known.</param>
public sealed record AttemptSnapshot(
    Guid AttemptId,
    Money Amount,
    string? GatewayReference,
    string? TransactionId,
    DateTime CreatedAtUtc);

/// <summary>A callback exactly as it arrived: raw bytes (signatures are over them), headers (case-insensitive
/// lookup), the form fields for form posts, and the remote address (PayFast checks its source IP).</summary>
public sealed record InboundWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers, string? RemoteIp)
{
    /// <summary>A header's value by name, whatever its case.</summary>
    public string? Header(string name)
    {
        // The endpoint passes a case-insensitive view of the request's headers, found at once; other dictionaries
        // (tests, stored events) are searched.
        if (Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, candidate) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }
}

public enum WebhookVerificationStatus
{
    /// <summary>Authentic: store it (unique per account + event id) and answer 2xx.</summary>
    Valid = 1,

    /// <summary>Forged, replayed, tampered or stale: answer 400, store nothing as processed.</summary>
    Invalid = 2,

    /// <summary>Verification could not run (the gateway's verify call failed): answer 503 so it redelivers.</summary>
    CouldNotVerify = 3,
}

/// <param name="EventId">The gateway's event id, unique per account: PayPal <c>WH-…</c>, Stripe <c>evt_…</c>,
/// PayFast <c>pf_payment_id</c> + <c>:</c> + <c>payment_status</c>.</param>
public sealed record WebhookVerification(WebhookVerificationStatus Status, string? EventId, string? EventType, string? Reason)
{
    public static WebhookVerification Valid(string eventId, string eventType) => new(WebhookVerificationStatus.Valid, eventId, eventType, null);

    public static WebhookVerification Invalid(string reason) => new(WebhookVerificationStatus.Invalid, null, null, reason);

    public static WebhookVerification CouldNotVerify(string reason) => new(WebhookVerificationStatus.CouldNotVerify, null, null, reason);
}

/// <summary>A verified event as the inbox stored it.</summary>
public sealed record StoredGatewayEvent(Guid Id, string EventId, string EventType, byte[] Body, IReadOnlyDictionary<string, string> Headers);

public enum GatewayEventKind
{
    /// <summary>News about a payment attempt: <see cref="GatewayEventOutcome.Result"/> says its state.</summary>
    Payment = 1,

    /// <summary>News about a refund we (or staff at the gateway) made.</summary>
    Refund = 2,

    /// <summary>Not for us, or a type we do not act on: stored as Ignored with the reason, never a silent no-op.</summary>
    Ignored = 3,
}

/// <param name="AttemptId">Our attempt the gateway object names (PayPal custom_id, Stripe metadata, PayFast custom_str1).</param>
public sealed record GatewayEventOutcome(GatewayEventKind Kind, Guid? AttemptId, GatewayResult? Result, string? IgnoredReason)
{
    public static GatewayEventOutcome Ignore(string reason) => new(GatewayEventKind.Ignored, null, null, reason);

    public static GatewayEventOutcome ForPayment(Guid attemptId, GatewayResult result) => new(GatewayEventKind.Payment, attemptId, result, null);
}

/// <param name="RefundId">Our refund id: the idempotency key (<c>refund-{id}</c> / <c>refund:{id}</c>).</param>
/// <param name="TransactionId">The captured transaction to refund (capture id, <c>pi_…</c>, pf_payment_id).</param>
public sealed record GatewayRefundRequest(Guid RefundId, string TransactionId, Money Amount, string? Reason);

/// <param name="CustomerReference">The gateway's customer (Stripe <c>cus_…</c>), where it has one.</param>
/// <param name="MethodReference">The saved method (Stripe <c>pm_…</c>, PayPal vault token, PayFast token).</param>
public sealed record SavedMethodCharge(Guid AttemptId, string? CustomerReference, string MethodReference, Money Amount, string Description);

/// <summary>A method the gateway saved for autopay, reported by a completed checkout.</summary>
/// <param name="Label">What the customer recognises it by: "Visa •••• 4242", a PayPal e-mail.</param>
public sealed record SavedMethodInfo(string? CustomerReference, string MethodReference, string Label);

/// <summary>An adapter's answer (contract §1.1). Amount is what the gateway says moved, in minor units.</summary>
/// <param name="GatewayReference">The gateway's order / session id.</param>
/// <param name="TransactionId">The money movement's id: PayPal capture id, Stripe <c>pi_…</c>, PayFast pf_payment_id,
/// refund id for refunds. The key of <see cref="RecordPayment"/>.</param>
/// <param name="RedirectUrl">Where to send the buyer (approval link, Checkout page, PayFast process URL).</param>
/// <param name="RedirectForm">Fields to POST to <paramref name="RedirectUrl"/> (PayFast's signed form); null for a plain redirect.</param>
/// <param name="DebugId">PayPal-Debug-Id / Stripe Request-Id, logged with every failure.</param>
public sealed record GatewayResult(
    GatewayOutcome Outcome,
    string? GatewayReference = null,
    string? TransactionId = null,
    Money? Amount = null,
    long? FeeMinor = null,
    string? RedirectUrl = null,
    IReadOnlyDictionary<string, string>? RedirectForm = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    string? DebugId = null,
    SavedMethodInfo? SavedMethod = null,
    string? RawBody = null)
{
    public static GatewayResult Fail(string errorCode, string message, string? debugId = null, string? rawBody = null) =>
        new(GatewayOutcome.Failed, ErrorCode: errorCode, ErrorMessage: message, DebugId: debugId, RawBody: rawBody);

    public static GatewayResult Unknown(string reason, string? debugId = null) =>
        new(GatewayOutcome.Unknown, ErrorCode: "gateway.unknown_outcome", ErrorMessage: reason, DebugId: debugId);

    public static GatewayResult NotSent(string reason) =>
        new(GatewayOutcome.NotAttempted, ErrorCode: "gateway.not_attempted", ErrorMessage: reason);
}

/// <summary>
/// Optional part of the port for gateways that can forget a saved method on their side (Stripe's detach of a
/// PaymentMethod, deleting a PayPal vault token). When a customer removes a saved method, the core calls it where the
/// adapter implements it, then forgets the method locally either way.
/// </summary>
public interface ISavedMethodRemoval
{
    /// <summary>Detaches the saved method at the gateway. <see cref="GatewayOutcome.Succeeded"/> when it is gone (or was already).</summary>
    Task<GatewayResult> RemoveSavedMethodAsync(GatewayAccountConfig account, SavedMethodInfo method, CancellationToken cancellationToken);
}

/// <param name="RefundId">Our refund id, the key the refund was sent with.</param>
/// <param name="TransactionId">The captured transaction that was refunded (capture id, <c>pi_…</c>).</param>
/// <param name="GatewayRefundId">The gateway's refund id when an earlier answer gave it (a pending refund); usually null.</param>
/// <param name="RequestedAtUtc">When the refund was first sent: a gateway keeps its idempotency keys only so long.</param>
public sealed record RefundLookup(Guid RefundId, string TransactionId, string? GatewayRefundId, Money Amount, string? Reason, DateTime RequestedAtUtc);

/// <summary>
/// Optional part of the port for gateways that can say what became of a refund whose answer was lost (contract §1.1:
/// an unknown outcome is never treated as failed). <see cref="GatewayOutcome.Succeeded"/>/<see cref="GatewayOutcome.Pending"/>
/// with the refund id: it was made; <see cref="GatewayOutcome.Failed"/>: the gateway says it was not (and will not be)
/// made; <see cref="GatewayOutcome.Unknown"/>: still no clear answer, ask again later.
/// </summary>
public interface IRefundLookup
{
    Task<GatewayResult> LookUpRefundAsync(GatewayAccountConfig account, RefundLookup lookup, CancellationToken cancellationToken);
}

/// <summary>One incoming payment as the gateway's own transaction listing shows it.</summary>
/// <param name="TransactionId">The same id <see cref="RecordPayment"/> keys payments by (PayPal capture id, Stripe <c>pi_…</c>).</param>
/// <param name="AttemptReference">Our attempt id as the gateway echoes it (PayPal custom_id, Stripe metadata), when present.</param>
public sealed record SettledTransaction(string TransactionId, Money Amount, DateTime AtUtc, string? AttemptReference);

/// <param name="Complete">False when the listing could not be read in full: nothing may be concluded from what is missing.</param>
public sealed record SettlementListing(bool Complete, IReadOnlyList<SettledTransaction> Transactions, string? Error)
{
    public static SettlementListing Failed(string error) => new(false, [], error);
}

/// <summary>
/// Optional part of the port for gateways that list their completed incoming payments for a period (contract §1.5,
/// settlement check: PayPal's transaction reporting, Stripe's PaymentIntents by <c>created</c>).
/// </summary>
public interface ISettlementListing
{
    Task<SettlementListing> ListSettledAsync(GatewayAccountConfig account, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);
}
