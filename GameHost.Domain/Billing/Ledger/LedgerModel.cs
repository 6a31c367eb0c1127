using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Ledger;

public enum LedgerAccountKind
{
    /// <summary>What a customer holds with us: positive = credit they can spend.</summary>
    CustomerBalance = 0,

    /// <summary>Money that came in from outside (gateways, bank transfers); the mirror of customers' top-ups.</summary>
    PaymentsReceived = 1,

    /// <summary>Invoices settled: the mirror of balance spent on our services.</summary>
    InvoicesSettled = 2,

    /// <summary>Money given back to customers outside the balance (refunds to the original method).</summary>
    RefundsPaidOut = 3,

    /// <summary>Credit given by staff as a goodwill gesture or a correction.</summary>
    Adjustments = 4,
}

/// <summary>
/// One account of the double-entry ledger in one currency. <see cref="Balance"/> is a cache of the sum of its
/// entries, updated in the same save as each entry under <see cref="ConcurrencyToken"/>; a nightly sweep re-derives
/// it and reports any drift.
/// </summary>
public sealed class LedgerAccount
{
    public Guid Id { get; set; }

    /// <summary>Unique and readable: <c>customer:{id}:ZAR</c>, <c>system:PaymentsReceived:USD</c>.</summary>
    public string Code { get; set; } = "";

    public LedgerAccountKind Kind { get; set; }

    /// <summary>The owner of a customer balance; null for the system accounts.</summary>
    public Guid? CustomerId { get; set; }

    public Currency Currency { get; set; }

    public Money Balance { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public static string CustomerCode(Guid customerId, Currency currency) => $"customer:{customerId:N}:{currency.Code}";

    public static string SystemCode(LedgerAccountKind kind, Currency currency) => $"system:{kind}:{currency.Code}";
}

/// <summary>
/// A movement of money: entries that sum to zero per currency. Append-only: a mistake is corrected by a reversing
/// transaction, never by an edit. The idempotency key is unique, so the same event can never post twice.
/// </summary>
public sealed class LedgerTransaction
{
    public const int MaxKeyLength = 200;

    public Guid Id { get; set; }

    /// <summary>What caused it, unique: <c>payment:{gateway}:{transactionId}</c>, <c>invoice-paid:{invoiceId}</c>…</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>A stable code for reports, e.g. <c>payment_received</c>.</summary>
    public string Kind { get; set; } = "";

    public string Description { get; set; } = "";

    public Guid? CustomerId { get; set; }

    public Guid? InvoiceId { get; set; }

    /// <summary>The staff member who caused it, if any (bank transfers recorded by hand, adjustments).</summary>
    public Guid? ActorUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<LedgerEntry> Entries { get; set; } = [];
}

public sealed class LedgerEntry
{
    public long Id { get; set; }

    public Guid TransactionId { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>Signed: positive raises the account's balance.</summary>
    public Money Amount { get; set; }
}
