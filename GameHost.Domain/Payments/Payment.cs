using GameHost.Domain.Common;

namespace GameHost.Domain.Payments;

/// <summary>Why staff should look at a payment: it did not match what it was for.</summary>
public enum PaymentFlag
{
    None = 0,

    /// <summary>More than the invoice: the rest stays on the balance.</summary>
    Overpaid = 1,

    /// <summary>Less than the invoice: it stays open, the money waits on the balance.</summary>
    Underpaid = 2,

    /// <summary>The invoice it named was no longer open (paid, void): the money went to the balance.</summary>
    InvoiceNotOpen = 3,
}

/// <summary>
/// Money that reached us, recorded exactly once per gateway transaction (unique gateway + transaction id). It is
/// credited to the customer's balance by a ledger transaction saved in the same save, and the balance then pays open
/// invoices.
/// </summary>
public sealed class Payment
{
    public const int MaxTransactionIdLength = 150;

    public Guid Id { get; set; }

    /// <summary>The gateway's code, e.g. <c>bank_transfer</c>, <c>stripe</c>, <c>paypal</c>, <c>payfast</c>.</summary>
    public string Gateway { get; set; } = "";

    /// <summary>The gateway's id for the money movement (capture id, bank reference…).</summary>
    public string GatewayTransactionId { get; set; } = "";

    public Guid CustomerId { get; set; }

    /// <summary>The invoice the payer meant to pay, if any.</summary>
    public Guid? InvoiceId { get; set; }

    public Money Amount { get; set; }

    public PaymentFlag Flag { get; set; }

    /// <summary>Free text from staff or the gateway (e.g. the bank statement line).</summary>
    public string? Note { get; set; }

    /// <summary>When the money arrived as the gateway or the bank says; may be before we recorded it.</summary>
    public DateTime ReceivedAtUtc { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    /// <summary>Staff who recorded it by hand; null for gateway payments.</summary>
    public Guid? RecordedByUserId { get; set; }

    /// <summary>The ledger credit; null while the payment is held for review (nothing was credited).</summary>
    public Guid? LedgerTransactionId { get; set; }

    /// <summary>The configured gateway account it came through; null for staff-recorded bank transfers.</summary>
    public Guid? GatewayAccountId { get; set; }

    /// <summary>The attempt it completes, if it came from a gateway checkout or autopay.</summary>
    public Guid? AttemptId { get; set; }

    /// <summary>The amount or currency differed from the attempt: stored, not credited, waiting for staff.</summary>
    public bool HeldForReview { get; set; }
}

public static class GatewayCodes
{
    public const string BankTransfer = "bank_transfer";

    public const string Demo = "demo";
}
