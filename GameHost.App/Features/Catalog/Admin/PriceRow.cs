using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Catalog.Admin;

/// <summary>One currency's row of a price grid: an amount per period in major units (e.g. 9.99), as staff type it.</summary>
public sealed class PriceRow
{
    public string Currency { get; set; } = "USD";

    public Dictionary<BillingPeriod, decimal?> Amounts { get; } = [];

    /// <summary>Only used by tariffs: the one-time setup fee in this currency; empty = none.</summary>
    public decimal? SetupFee { get; set; }

    public static List<PriceRow> From(IEnumerable<PriceSpec> prices, IEnumerable<Money>? setupFees = null)
    {
        var fees = (setupFees ?? []).ToDictionary(f => f.Currency.Code, StringComparer.Ordinal);
        var rows = new List<PriceRow>();
        foreach (var group in prices.GroupBy(p => p.Amount.Currency.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var row = new PriceRow { Currency = group.Key, SetupFee = fees.TryGetValue(group.Key, out var fee) ? fee.ToMajor() : null };
            foreach (var price in group)
            {
                row.Amounts[price.Period] = price.Amount.ToMajor();
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Staff type decimal major units; <see cref="Money"/> is integer minor units. The validators reject more decimals
    /// than the currency has, so this conversion is exact and the rounding mode never decides anything — it is named
    /// only because the conversion requires one, and banker's rounding is the neutral choice.
    /// </summary>
    public static Money ToMoney(decimal major, string currency) =>
        Money.FromMajor(major, Domain.Common.Currency.FromCode(currency), MidpointRounding.ToEven);

    public static IReadOnlyList<PriceSpec> ToSpecs(IEnumerable<PriceRow> rows, IReadOnlyCollection<BillingPeriod> periods) =>
        rows.SelectMany(r => r.Amounts
                .Where(a => a.Value is not null && periods.Contains(a.Key))
                .Select(a => new PriceSpec(a.Key, ToMoney(a.Value!.Value, r.Currency))))
            .ToList();

    /// <summary>Whether an amount fits the currency: not negative, and no more decimals than it has minor digits.</summary>
    public static bool Fits(decimal? amount, string currency) =>
        amount is null
        || (amount >= 0 && Domain.Common.Currency.TryFromCode(currency, out var c) && decimal.Round(amount.Value, c.MinorDigits) == amount.Value);
}

/// <summary>The checks a price grid needs in every form that has one.</summary>
public static class PriceGridRules
{
    /// <returns>A localized message for the grid, or null when it is fine.</returns>
    public static string? Check(IReadOnlyList<PriceRow> rows, IReadOnlyCollection<BillingPeriod> periods, IStringLocalizer localizer, bool needsPrice)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(localizer);
        if (rows.Select(r => r.Currency).Distinct(StringComparer.Ordinal).Count() != rows.Count)
        {
            return localizer["Validation.PricesDuplicateCurrency"];
        }

        if (rows.Any(r => r.Amounts.Where(a => periods.Contains(a.Key)).Any(a => !PriceRow.Fits(a.Value, r.Currency)) || !PriceRow.Fits(r.SetupFee, r.Currency)))
        {
            return localizer["Validation.PricesAmount"];
        }

        if (needsPrice && !rows.Any(r => r.Amounts.Any(a => a.Value is not null && periods.Contains(a.Key))))
        {
            return localizer["Validation.PricesRequired"];
        }

        return null;
    }
}
