using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Changes;

public enum ServiceChangeStatus
{
    /// <summary>An upgrade the balance did not cover: it waits for its invoice to be paid.</summary>
    AwaitingPayment = 0,

    /// <summary>The subscription carries the new tariff and add-ons, and the panel was asked to rebuild the server.</summary>
    Applied = 1,

    /// <summary>An upgrade whose invoice stayed unpaid too long (or whose period ended): the invoice was voided, nothing changed.</summary>
    Voided = 2,
}

/// <summary>
/// A customer's upgrade or downgrade of a running prepaid service (another tariff of the same game and/or other add-on
/// quantities), priced for the rest of the paid period. One row per change form (its request id is unique), so a
/// double click or a retry finds the first change instead of charging twice.
/// </summary>
public sealed class ServiceChange
{
    public const int MaxRequestIdLength = 100;

    public Guid Id { get; set; }

    public Guid SubscriptionId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The change form's request id, unique.</summary>
    public string RequestId { get; set; } = "";

    public Guid FromTariffId { get; set; }

    public int FromVersionNumber { get; set; }

    public Guid ToTariffId { get; set; }

    public int ToVersionNumber { get; set; }

    /// <summary>The add-on quantities after the change, e.g. <c>extra-memory=2;backup-slot=1</c> (ordinal key order).</summary>
    public string ToAddOns { get; set; } = "";

    public Money OldRecurringNet { get; set; }

    public Money NewRecurringNet { get; set; }

    /// <summary>Signed net for the rest of the period: positive is charged (upgrade), negative is credited (downgrade).</summary>
    public Money ProratedNet { get; set; }

    /// <summary>The tax on <see cref="ProratedNet"/> (same sign), from the tax policy.</summary>
    public Money ProratedTax { get; set; }

    /// <summary>The paid period the difference was priced against; a change still unpaid when it ends lapses.</summary>
    public DateTime PeriodStartUtc { get; set; }

    public DateTime PeriodEndUtc { get; set; }

    /// <summary>The invoice for an upgrade's difference (null when the balance paid it or for a downgrade).</summary>
    public Guid? InvoiceId { get; set; }

    public ServiceChangeStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? AppliedAtUtc { get; set; }

    public Money ProratedGross => ProratedNet + ProratedTax;

    public static string FormatAddOns(IReadOnlyDictionary<string, int> quantities) =>
        string.Join(';', quantities.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));

    public static IReadOnlyDictionary<string, int> ParseAddOns(string text) =>
        (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('='))
            .ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

/// <summary>What a customer gets back when they cancel a prepaid service before its paid period ends.</summary>
public enum CancellationRefundRule
{
    /// <summary>Nothing: the service ends now, the unused time is forfeited.</summary>
    None = 0,

    /// <summary>The unused part of the period's price (with its tax) goes back to the balance.</summary>
    Prorated = 1,

    /// <summary>The unused part, minus a fee of <see cref="BillingChangeSettings.CancellationFeeBasisPoints"/> of it.</summary>
    ProratedMinusFee = 2,
}

/// <summary>The staff-set rules for changes and cancellations: one row (id 1), edited by administrators, audited.</summary>
public sealed class BillingChangeSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public CancellationRefundRule RefundRule { get; set; } = CancellationRefundRule.Prorated;

    /// <summary>The fee kept under <see cref="CancellationRefundRule.ProratedMinusFee"/>, in basis points of the refund (1000 = 10 %).</summary>
    public int CancellationFeeBasisPoints { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public DateTime? UpdatedAtUtc { get; set; }
}
