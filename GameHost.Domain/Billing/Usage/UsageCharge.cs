using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Usage;

/// <summary>How a unit of pay-as-you-go time was paid.</summary>
public enum UsageChargeMode
{
    /// <summary>Debited from the customer's balance at once (a ledger transaction).</summary>
    Balance = 0,

    /// <summary>Run on the customer's credit limit: no money moved yet; the month's postpaid invoice bills it.</summary>
    Postpaid = 1,
}

/// <summary>
/// One charged unit (an hour or a day) of a pay-as-you-go service. Unique per service and unit start, so a unit can
/// never be charged twice however often (or concurrently) the usage sweep runs.
/// </summary>
public sealed class UsageCharge
{
    public long Id { get; set; }

    public Guid SubscriptionId { get; set; }

    public Guid CustomerId { get; set; }

    public DateTime UnitStartUtc { get; set; }

    public DateTime UnitEndUtc { get; set; }

    public Money Net { get; set; }

    public Money Tax { get; set; }

    public Money Gross { get; set; }

    public int TaxRateBasisPoints { get; set; }

    public UsageChargeMode Mode { get; set; }

    /// <summary>The balance debit (mode <see cref="UsageChargeMode.Balance"/> with a non-zero price).</summary>
    public Guid? LedgerTransactionId { get; set; }

    /// <summary>The postpaid invoice that billed this unit; null while unbilled.</summary>
    public Guid? InvoiceId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public static string LedgerKey(Guid subscriptionId, DateTime unitStartUtc) =>
        $"usage:{subscriptionId:N}:{unitStartUtc.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A pay-as-you-go service the usage sweep suspended for lack of money; it resumes it after a top-up.</summary>
public sealed class UsageSuspension
{
    public Guid SubscriptionId { get; set; }

    public Guid CustomerId { get; set; }

    public DateTime SuspendedAtUtc { get; set; }
}
