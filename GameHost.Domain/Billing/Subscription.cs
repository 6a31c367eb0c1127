using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Domain.Billing;

public enum SubscriptionStatus
{
    /// <summary>Ordered; waits for its first invoice to be paid before the server is created.</summary>
    PendingPayment = 0,

    Active = 1,

    Suspended = 2,

    /// <summary>Ended: no longer counts against the tariff's stock or the customer's limit.</summary>
    Cancelled = 3,

    /// <summary>Ended by dunning after a suspension that was never paid: the server is deleted.</summary>
    Terminated = 4,
}

/// <summary>
/// A server a customer bought: the tariff version, period, add-ons and recurring price are locked at the order, so a
/// later catalog edit never changes what this customer pays (grandfathering) until staff schedule a price change.
/// </summary>
public sealed class Subscription
{
    public const int MaxRequestIdLength = 100;

    public Guid Id { get; set; }

    /// <summary>The customer's user id.</summary>
    public Guid CustomerId { get; set; }

    public Guid TariffId { get; set; }

    /// <summary>The tariff version the order was priced and will be provisioned from.</summary>
    public int TariffVersionNumber { get; set; }

    public BillingPeriod Period { get; set; }

    /// <summary>How the service is charged, copied from the tariff at the order so a later tariff edit cannot change it.</summary>
    public BillingModel BillingModel { get; set; }

    /// <summary>
    /// Start of the service period now paid for (set when the first invoice is paid). For pay-as-you-go, the start
    /// of the running charge unit.
    /// </summary>
    public DateTime? CurrentPeriodStartUtc { get; set; }

    /// <summary>
    /// The end of what is paid for: the renewal is due at this instant. Moved forward only by a paid invoice for
    /// the next period (or a pay-as-you-go charge), never by a job on its own.
    /// </summary>
    public DateTime? PaidUntilUtc { get; set; }

    /// <summary>What each renewal costs before tax and before remaining promo periods: period price and add-ons.</summary>
    public Money RecurringNet { get; set; }

    /// <summary>The panel location the customer chose.</summary>
    public int LocationId { get; set; }

    public string ServerName { get; set; } = "";

    public SubscriptionStatus Status { get; set; }

    /// <summary>The order form's request id: unique, so a double click or a retry makes one order.</summary>
    public string RequestId { get; set; } = "";

    /// <summary>The promo code used at the order, if any, and how many renewals it still discounts.</summary>
    public Guid? PromoCodeId { get; set; }

    public int PromoPeriodsLeft { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>
    /// Set when the customer cancels at period end: the service ends at this instant (the paid-until date when it was
    /// set) and NO renewal invoice may be issued for a period starting at or after it. The <c>service-endings</c> sweep
    /// ends it then (Cancelled + server deleted). Null = renews as usual; clearing it undoes the cancellation.
    /// </summary>
    public DateTime? EndsAtUtc { get; set; }

    /// <summary>Moves on every change of status or period, so two sweeps racing on one subscription cannot both win.</summary>
    public Guid ConcurrencyToken { get; set; }

    public List<SubscriptionAddOn> AddOns { get; set; } = [];

    /// <summary>The values of the egg variables the customer may set (theirs, or the default); the rest come from the version.</summary>
    public List<SubscriptionVariable> Variables { get; set; } = [];
}

public sealed class SubscriptionAddOn
{
    public long Id { get; set; }

    public Guid SubscriptionId { get; set; }

    /// <summary>The add-on's key, e.g. <c>extra-memory</c>.</summary>
    public string Key { get; set; } = "";

    public int Quantity { get; set; }
}

public sealed class SubscriptionVariable
{
    public long Id { get; set; }

    public Guid SubscriptionId { get; set; }

    public string EnvName { get; set; } = "";

    public string Value { get; set; } = "";
}
