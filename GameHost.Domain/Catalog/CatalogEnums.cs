namespace GameHost.Domain.Catalog;

/// <summary>Who may see and order a tariff.</summary>
public enum TariffVisibility
{
    /// <summary>Listed in the public catalog; anyone may order it.</summary>
    Public = 0,

    /// <summary>Not listed; customers who have the link may order it (private deals, partners).</summary>
    HiddenLink = 1,

    /// <summary>Only staff may order it, on a customer's behalf.</summary>
    StaffOnly = 2,
}

/// <summary>How a tariff is charged; the billing feature carries out the charging.</summary>
public enum BillingModel
{
    /// <summary>Paid in advance for 1, 3, 6 or 12 months, or once.</summary>
    PrepaidPeriodic = 0,

    /// <summary>Charged afterwards per started hour.</summary>
    PayAsYouGoHourly = 1,

    /// <summary>Charged afterwards per started day.</summary>
    PayAsYouGoDaily = 2,
}

/// <summary>What one price buys: a prepaid period, a one-off purchase, or one unit of pay-as-you-go time.</summary>
public enum BillingPeriod
{
    Month1 = 0,
    Month3 = 1,
    Month6 = 2,
    Month12 = 3,
    OneOff = 4,
    Hour = 5,
    Day = 6,
}

/// <summary>What one unit of an add-on changes on the panel.</summary>
public enum AddOnUnit
{
    /// <summary>Memory in MiB (the panel's unit).</summary>
    MemoryMb = 0,

    /// <summary>Disk in MiB.</summary>
    DiskMb = 1,

    /// <summary>CPU percent (100 = one core).</summary>
    CpuPercent = 2,

    /// <summary>Backup slots (feature limit <c>backups</c>).</summary>
    BackupSlot = 3,

    /// <summary>Extra ports (feature limit <c>allocations</c>).</summary>
    Allocation = 4,

    /// <summary>Databases (feature limit <c>databases</c>).</summary>
    Database = 5,
}

public enum PromoDiscountKind
{
    /// <summary>A share of the amount, in basis points (1000 = 10 %).</summary>
    Percent = 0,

    /// <summary>A fixed amount per currency, capped at what it applies to.</summary>
    Fixed = 1,
}

public enum PromoAppliesTo
{
    /// <summary>The first period (period price and add-ons), not the setup fee.</summary>
    FirstPeriod = 0,

    /// <summary>The first N periods; the quote discounts the first, billing the renewals after it.</summary>
    NPeriods = 1,

    /// <summary>The one-time setup fee only.</summary>
    SetupFee = 2,
}

/// <summary>Who is asking for the quote: customers cannot order staff-only tariffs, staff ordering for them can.</summary>
public enum OrderChannel
{
    Customer = 0,
    Staff = 1,
}

public static class BillingPeriods
{
    public static readonly IReadOnlyList<BillingPeriod> Monthly = [BillingPeriod.Month1, BillingPeriod.Month3, BillingPeriod.Month6, BillingPeriod.Month12];

    /// <summary>How many months a prepaid period covers; null for one-off and pay-as-you-go units.</summary>
    public static int? Months(this BillingPeriod period) => period switch
    {
        BillingPeriod.Month1 => 1,
        BillingPeriod.Month3 => 3,
        BillingPeriod.Month6 => 6,
        BillingPeriod.Month12 => 12,
        _ => null,
    };

    /// <summary>
    /// The end of one <paramref name="period"/> that starts at <paramref name="startUtc"/>: calendar months (31 Jan + 1
    /// month = 28/29 Feb, as everyone's bank does it), whole hours or days; null for a one-off purchase, which never ends.
    /// </summary>
    public static DateTime? EndOf(this BillingPeriod period, DateTime startUtc) => period switch
    {
        BillingPeriod.Hour => startUtc.AddHours(1),
        BillingPeriod.Day => startUtc.AddDays(1),
        BillingPeriod.OneOff => null,
        _ => startUtc.AddMonths(period.Months()!.Value),
    };

    /// <summary>The billing model a service sold for <paramref name="period"/> runs under.</summary>
    public static BillingModel ModelOf(this BillingPeriod period) => period switch
    {
        BillingPeriod.Hour => BillingModel.PayAsYouGoHourly,
        BillingPeriod.Day => BillingModel.PayAsYouGoDaily,
        _ => BillingModel.PrepaidPeriodic,
    };

    /// <summary>Whether a tariff of <paramref name="model"/> can be sold for <paramref name="period"/>.</summary>
    public static bool Fits(this BillingPeriod period, BillingModel model) => model switch
    {
        BillingModel.PrepaidPeriodic => period is BillingPeriod.Month1 or BillingPeriod.Month3 or BillingPeriod.Month6 or BillingPeriod.Month12 or BillingPeriod.OneOff,
        BillingModel.PayAsYouGoHourly => period is BillingPeriod.Hour,
        BillingModel.PayAsYouGoDaily => period is BillingPeriod.Day,
        _ => false,
    };
}
