using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog;

/// <summary>
/// A discount code. Its uses are the <see cref="PromoRedemption"/> rows, one per order request, so a retried order
/// is never counted twice and the count can always be re-derived.
/// </summary>
public sealed class PromoCode
{
    public Guid Id { get; set; }

    /// <summary>As staff typed it, for display.</summary>
    public string Code { get; set; } = "";

    /// <summary>Upper-case invariant form; unique, so codes are case-insensitive.</summary>
    public string NormalizedCode { get; set; } = "";

    public PromoDiscountKind Kind { get; set; }

    /// <summary>For percent codes: 1000 = 10 %, at most 10000.</summary>
    public int? PercentBasisPoints { get; set; }

    /// <summary>For fixed codes: the amount per currency; a currency without an amount cannot use the code.</summary>
    public List<PromoFixedAmount> FixedAmounts { get; set; } = [];

    public PromoAppliesTo AppliesTo { get; set; }

    /// <summary>How many periods are discounted: 1 for the first period, N for N periods, 0 for the setup fee.</summary>
    public int DiscountedPeriods { get; set; }

    public int? MaxUses { get; set; }

    public int? PerCustomerLimit { get; set; }

    public DateTime? ValidFromUtc { get; set; }

    /// <summary>Exclusive: the code stops working at this instant.</summary>
    public DateTime? ValidUntilUtc { get; set; }

    /// <summary>Empty = any tariff.</summary>
    public List<Guid> TariffIds { get; set; } = [];

    /// <summary>Empty = any period.</summary>
    public List<BillingPeriod> Periods { get; set; } = [];

    /// <summary>ISO codes; empty = any currency (for fixed codes, any currency with an amount).</summary>
    public List<string> Currencies { get; set; } = [];

    public bool IsDisabled { get; set; }

    /// <summary>Changes with every redemption, so two orders racing for the last use cannot both win.</summary>
    public Guid ConcurrencyToken { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}

public sealed class PromoFixedAmount
{
    public long Id { get; set; }

    public Guid PromoCodeId { get; set; }

    public Money Amount { get; set; }
}

/// <summary>One use of a promo code by one order; unique per order request id.</summary>
public sealed class PromoRedemption
{
    public long Id { get; set; }

    public Guid PromoCodeId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The request id of the order form that used the code.</summary>
    public string OrderRequestId { get; set; } = "";

    public DateTime RedeemedAtUtc { get; set; }
}
