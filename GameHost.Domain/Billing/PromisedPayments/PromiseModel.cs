using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.PromisedPayments;

/// <summary>
/// A group of customers with the same promised-payment rules. Every customer is in the default group unless staff
/// put them in another one.
/// </summary>
public sealed class BillingGroup
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Exactly one group is the default (seeded).</summary>
    public bool IsDefault { get; set; }

    public bool PromisesAllowed { get; set; }

    /// <summary>How many days a promise keeps a service running.</summary>
    public int PromiseDays { get; set; }

    /// <summary>How many promises a customer may take within <see cref="WindowDays"/>.</summary>
    public int MaxPromisesPerWindow { get; set; }

    public int WindowDays { get; set; }

    /// <summary>The largest invoice a promise may cover, in minor units of the invoice's currency (0 = no limit).</summary>
    public long MaxAmountMinor { get; set; }

    /// <summary>Good standing: no other open invoice more than this many days overdue, and no promise left unpaid.</summary>
    public int GoodStandingMaxOverdueDays { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public static readonly Guid DefaultId = new("8d3c7a2e-4b1f-4e6a-9f0d-2c5b6a7e8f90");
}

/// <summary>A customer placed in a group other than the default.</summary>
public sealed class BillingGroupMember
{
    public Guid CustomerId { get; set; }

    public Guid GroupId { get; set; }

    public DateTime AssignedAtUtc { get; set; }
}

public enum PromiseStatus
{
    /// <summary>Running: dunning waits until <see cref="PromisedPayment.EndsAtUtc"/>.</summary>
    Active = 0,

    /// <summary>The invoice was paid.</summary>
    Kept = 1,

    /// <summary>Ran out with the invoice unpaid: the suspension went ahead.</summary>
    Broken = 2,
}

/// <summary>
/// A customer's promise to pay an open renewal invoice: the service (or the resource pool) keeps running until
/// <see cref="EndsAtUtc"/>. One per invoice; the request id of the form makes a double click one promise.
/// </summary>
public sealed class PromisedPayment
{
    public const int MaxRequestIdLength = 100;

    public Guid Id { get; set; }

    public string RequestId { get; set; } = "";

    public Guid CustomerId { get; set; }

    public Guid InvoiceId { get; set; }

    /// <summary>The service the renewal is for; null for a pool's renewal.</summary>
    public Guid? SubscriptionId { get; set; }

    /// <summary>The resource pool the renewal is for; null for a service's renewal.</summary>
    public Guid? PoolId { get; set; }

    public Money Amount { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime EndsAtUtc { get; set; }

    public PromiseStatus Status { get; set; }

    public DateTime? SettledAtUtc { get; set; }

    public DateTime? ExpiringNoticeAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }
}
