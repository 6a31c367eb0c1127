using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Postpaid;

/// <summary>
/// How far staff let a customer run on credit, in the customer's currency. Pay-as-you-go units of a customer with a
/// limit are not debited at once: they accrue as unbilled usage, and the monthly postpaid invoice bills them.
/// </summary>
public sealed class CreditLimit
{
    public Guid CustomerId { get; set; }

    public Money Limit { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public Guid? UpdatedByUserId { get; set; }

    public Guid ConcurrencyToken { get; set; }
}
