using GameHost.Domain.Common;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>
/// One configured gateway (a PayPal app, a Stripe account, a PayFast merchant, the demo gateway) as staff set it up:
/// shown to customers when enabled and offered for the invoice's currency, in display order. Its settings are stored
/// protected (<see cref="ISecretProtector"/>) as one JSON object and never shown back in full.
/// </summary>
public sealed class GatewayAccount
{
    public const int MaxDisplayNameLength = 80;

    public Guid Id { get; set; }

    /// <summary>The adapter's <see cref="IPaymentGateway.Code"/>.</summary>
    public string GatewayCode { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public bool Enabled { get; set; }

    public bool Sandbox { get; set; } = true;

    /// <summary>Comma-separated ISO codes this account is offered for: a subset of the adapter's currencies.</summary>
    public string Currencies { get; set; } = "";

    public int DisplayOrder { get; set; }

    /// <summary>The customer-facing fee shown on the pay page (informational: the invoice amount is what is charged).</summary>
    public long FeeFixedMinor { get; set; }

    /// <summary>Percentage part of the fee in basis points (250 = 2.5 %).</summary>
    public int FeeBasisPoints { get; set; }

    /// <summary>The settings as a JSON object of key → value, protected as a whole.</summary>
    public string ProtectedSettings { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public IReadOnlyList<string> CurrencyCodes =>
        Currencies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Offers(Currency currency) => CurrencyCodes.Contains(currency.Code, StringComparer.Ordinal);

    /// <summary>The fee for paying <paramref name="amount"/> here, rounded half up to the minor unit.</summary>
    public Money FeeFor(Money amount)
    {
        var percent = ((amount.Minor * (long)FeeBasisPoints) + 5_000) / 10_000;
        return new Money(FeeFixedMinor + percent, amount.Currency);
    }

    /// <summary>"••••1234": enough to recognise a secret, never enough to use it.</summary>
    public static string Mask(string? secret) =>
        string.IsNullOrEmpty(secret) ? "" : "••••" + (secret.Length <= 8 ? "" : secret[^4..]);
}

/// <summary>Where an attempt is (contract §1.1). Only <see cref="Succeeded"/> means money moved.</summary>
public enum AttemptStatus
{
    Created = 1,
    RedirectIssued = 2,
    Approved = 3,
    Capturing = 4,
    Succeeded = 5,
    Pending = 6,
    RequiresCustomerAction = 7,
    Failed = 8,
    Expired = 9,
    Unknown = 10,
    NotAttempted = 11,
}

/// <summary>
/// A payment started with a gateway, written BEFORE the gateway is called so money captured can always be matched to
/// a local record. Our id is the root of every idempotency key sent to the gateway.
/// </summary>
public sealed class PaymentAttempt
{
    public const int MaxRequestIdLength = 64;

    public Guid Id { get; set; }

    public Guid CustomerId { get; set; }

    public PaymentPurpose Purpose { get; set; }

    /// <summary>The invoice paid; null for a top-up of the balance.</summary>
    public Guid? InvoiceId { get; set; }

    public Guid GatewayAccountId { get; set; }

    public string GatewayCode { get; set; } = "";

    public Money Amount { get; set; }

    /// <summary>The form's request id: one attempt per customer and request (a double click, a second tab).</summary>
    public string RequestId { get; set; } = "";

    /// <summary>Autopay attempts charge a saved method without the customer present.</summary>
    public Guid? SavedMethodId { get; set; }

    public AttemptStatus Status { get; set; }

    /// <summary>The gateway's order / session id.</summary>
    public string? GatewayReference { get; set; }

    /// <summary>The gateway's money-movement id once known (the key of the recorded payment).</summary>
    public string? TransactionId { get; set; }

    public string? RedirectUrl { get; set; }

    public string? LastErrorCode { get; set; }

    public string? LastErrorMessage { get; set; }

    public Guid? PaymentId { get; set; }

    public int Checks { get; set; }

    /// <summary>When the janitor should ask the gateway again; null when nothing is left to ask.</summary>
    public DateTime? NextCheckAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? CompletedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }

    /// <summary>While in one of these the gateway may still move money: no new attempt for the same invoice.</summary>
    public static readonly AttemptStatus[] InFlight = [AttemptStatus.Approved, AttemptStatus.Capturing, AttemptStatus.Pending, AttemptStatus.Unknown];

    /// <summary>States the janitor re-asks the gateway about.</summary>
    public static readonly AttemptStatus[] Open =
        [AttemptStatus.Created, AttemptStatus.RedirectIssued, AttemptStatus.Approved, AttemptStatus.Capturing, AttemptStatus.Pending, AttemptStatus.Unknown, AttemptStatus.RequiresCustomerAction];

    public bool IsFinal => Status is AttemptStatus.Succeeded or AttemptStatus.Failed or AttemptStatus.Expired;

    public AttemptSnapshot Snapshot() => new(Id, Amount, GatewayReference, TransactionId, CreatedAtUtc);
}

public enum GatewayEventStatus
{
    Received = 1,
    Processing = 2,
    Processed = 3,
    Ignored = 4,
    Error = 5,
}

/// <summary>
/// A verified callback from a gateway, stored before it is answered and processed afterwards. Unique per gateway
/// account and provider event id: a redelivery finds the row and changes nothing.
/// </summary>
public sealed class GatewayEvent
{
    public const int MaxEventIdLength = 200;

    public Guid Id { get; set; }

    public Guid GatewayAccountId { get; set; }

    public string GatewayCode { get; set; } = "";

    public string EventId { get; set; } = "";

    public string EventType { get; set; } = "";

    public byte[] Body { get; set; } = [];

    /// <summary>The headers as a JSON object.</summary>
    public string Headers { get; set; } = "{}";

    public GatewayEventStatus Status { get; set; }

    public string? Reason { get; set; }

    public Guid? AttemptId { get; set; }

    public int Attempts { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public DateTime? ClaimedAtUtc { get; set; }

    /// <summary>When an event in <see cref="GatewayEventStatus.Error"/> may be tried again.</summary>
    public DateTime? NextTryAtUtc { get; set; }

    public DateTime? ProcessedAtUtc { get; set; }
}

/// <summary>A method a gateway saved for autopay; the customer sets the order they are tried in.</summary>
public sealed class SavedPaymentMethod
{
    public Guid Id { get; set; }

    public Guid CustomerId { get; set; }

    public Guid GatewayAccountId { get; set; }

    public string? CustomerReference { get; set; }

    public string MethodReference { get; set; } = "";

    public string Label { get; set; } = "";

    /// <summary>1 is tried first.</summary>
    public int Priority { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastFailedAtUtc { get; set; }

    public string? LastFailure { get; set; }
}

/// <summary>Money given back for a payment, keyed by our id (sent to the gateway) and unique per gateway refund id.</summary>
public sealed class PaymentRefund
{
    public Guid Id { get; set; }

    public Guid PaymentId { get; set; }

    /// <summary>The invoice the refunded payment paid; null when a held payment (perhaps a top-up) was refunded.</summary>
    public Guid? InvoiceId { get; set; }

    public Guid CustomerId { get; set; }

    public Money Amount { get; set; }

    /// <summary>True: paid back through the gateway; false: to the customer's balance.</summary>
    public bool ToOriginalMethod { get; set; }

    public string? GatewayRefundId { get; set; }

    public string RequestId { get; set; } = "";

    public string Reason { get; set; } = "";

    public Guid? CreditNoteId { get; set; }

    public Guid ActorUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Unclear while the gateway has not clearly answered (the call is under way, timed out or got a 5xx):
    /// nothing is decided until the refund is re-read from the gateway.</summary>
    public PaymentRefundState State { get; set; }

    /// <summary>When the gateway was last asked about an unclear refund.</summary>
    public DateTime? LastCheckedAtUtc { get; set; }

    /// <summary>What the last answer (or lack of one) was, shown to staff.</summary>
    public string? LastCheckNote { get; set; }
}

/// <summary>Whether a refund's outcome at the gateway is known.</summary>
public enum PaymentRefundState
{
    /// <summary>Decided: back to the method, or (refused, or the gateway cannot) left on the balance.</summary>
    Settled = 0,

    /// <summary>The gateway did not answer clearly: re-read by the refund check, never sent twice.</summary>
    Unclear = 1,
}
