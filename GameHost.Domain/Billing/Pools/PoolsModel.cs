using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Pools;

/// <summary>
/// A resource pool staff sell: memory, disk, CPU and a number of servers, priced per currency per period. The customer
/// splits it into servers as they like; the servers carry no price of their own.
/// </summary>
public sealed class PoolPlan
{
    public Guid Id { get; set; }

    public LocalizedText Name { get; set; } = LocalizedText.Same("");

    public int MemoryMb { get; set; }

    public int DiskMb { get; set; }

    /// <summary>100 = one core.</summary>
    public int CpuPercent { get; set; }

    public int MaxServers { get; set; }

    public bool IsActive { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public List<PoolPlanPrice> Prices { get; set; } = [];
}

public sealed class PoolPlanPrice
{
    public long Id { get; set; }

    public Guid PoolPlanId { get; set; }

    public BillingPeriod Period { get; set; }

    public Money Amount { get; set; }
}

public enum ResourcePoolStatus
{
    PendingPayment = 0,
    Active = 1,
    Cancelled = 2,

    /// <summary>Its renewal stayed unpaid past the dunning delay: every server inside is suspended until the debt is paid.</summary>
    Suspended = 3,

    /// <summary>Suspended for the termination delay without payment: its servers were deleted and the debt written off.</summary>
    Terminated = 4,
}

/// <summary>
/// A pool a customer bought: the plan's sizes are copied at purchase (a later plan edit changes nothing here), and it
/// is billed as ONE prepaid service of its own (<see cref="RecurringNet"/> per <see cref="Period"/>); its servers are
/// <see cref="PoolServer"/> rows. Every change to the servers inside moves <see cref="ConcurrencyToken"/>, so two
/// racing creations cannot both take the last of the pool.
/// </summary>
public sealed class ResourcePool
{
    public const int MaxRequestIdLength = 100;

    public Guid Id { get; set; }

    public Guid CustomerId { get; set; }

    public Guid PoolPlanId { get; set; }

    public LocalizedText Name { get; set; } = LocalizedText.Same("");

    public int MemoryMb { get; set; }

    public int DiskMb { get; set; }

    public int CpuPercent { get; set; }

    public int MaxServers { get; set; }

    public BillingPeriod Period { get; set; }

    public Money RecurringNet { get; set; }

    public ResourcePoolStatus Status { get; set; }

    public DateTime? CurrentPeriodStartUtc { get; set; }

    public DateTime? PaidUntilUtc { get; set; }

    /// <summary>The purchase form's request id, unique.</summary>
    public string RequestId { get; set; } = "";

    public Guid InvoiceId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set by a cancellation: at period end the paid-until instant (no renewal after it), now the moment it ended.</summary>
    public DateTime? EndsAtUtc { get; set; }

    /// <summary>When dunning suspended the pool (the termination delay counts from here).</summary>
    public DateTime? SuspendedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }
}

public enum PoolResizeStatus
{
    /// <summary>A bigger pool whose invoice the balance did not cover: it waits for the invoice to be paid.</summary>
    AwaitingPayment = 0,

    /// <summary>The pool carries the new plan's sizes and price.</summary>
    Applied = 1,

    /// <summary>Its invoice stayed unpaid too long (or the period ended): the invoice was voided and the pool kept its size.</summary>
    Voided = 2,
}

/// <summary>
/// A customer's move of a pool to another plan (bigger or smaller) for the rest of the paid period: one row per resize
/// form (unique request id), priced as (new − old) × remaining / period, rounded once, like a service change.
/// </summary>
public sealed class PoolResize
{
    public const int MaxRequestIdLength = 100;

    public Guid Id { get; set; }

    public Guid PoolId { get; set; }

    public Guid CustomerId { get; set; }

    public string RequestId { get; set; } = "";

    public Guid FromPlanId { get; set; }

    public Guid ToPlanId { get; set; }

    public int MemoryMb { get; set; }

    public int DiskMb { get; set; }

    public int CpuPercent { get; set; }

    public int MaxServers { get; set; }

    public Money OldRecurringNet { get; set; }

    public Money NewRecurringNet { get; set; }

    /// <summary>Signed: positive is charged by <see cref="InvoiceId"/>, negative was credited to the balance.</summary>
    public Money ProratedNet { get; set; }

    public Money ProratedTax { get; set; }

    public DateTime PeriodEndUtc { get; set; }

    public Guid? InvoiceId { get; set; }

    public PoolResizeStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? AppliedAtUtc { get; set; }

    public Money ProratedGross => ProratedNet + ProratedTax;
}

public enum PoolServerStatus
{
    Active = 0,
    Deleted = 1,
}

/// <summary>
/// A server inside a pool: the game tariff gives its egg, image and variables; the share of the pool gives its limits.
/// Its id is the id the panel server is keyed by (provisioning's <c>external_id</c>), as a subscription's is.
/// </summary>
public sealed class PoolServer
{
    public const int MaxRequestIdLength = 100;

    public Guid Id { get; set; }

    public Guid PoolId { get; set; }

    public Guid CustomerId { get; set; }

    public Guid TariffId { get; set; }

    public int TariffVersionNumber { get; set; }

    public int LocationId { get; set; }

    public string Name { get; set; } = "";

    public int MemoryMb { get; set; }

    public int DiskMb { get; set; }

    public int CpuPercent { get; set; }

    public PoolServerStatus Status { get; set; }

    /// <summary>The create form's request id, unique: a double click makes one server.</summary>
    public string RequestId { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? DeletedAtUtc { get; set; }
}
