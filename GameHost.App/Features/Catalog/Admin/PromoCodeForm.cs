using System.Text.RegularExpressions;
using FluentValidation;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Catalog.Admin;

/// <summary>A new promo code as staff fill it in; dates are whole days in UTC.</summary>
public sealed class PromoCodeForm
{
    public string Code { get; set; } = "";

    public PromoDiscountKind Kind { get; set; } = PromoDiscountKind.Percent;

    /// <summary>Percent with up to two decimals (12.5 = 12.5 %); stored as basis points.</summary>
    public decimal? Percent { get; set; } = 10m;

    /// <summary>For fixed codes: the amount per currency, in the grid's first column.</summary>
    public List<PriceRow> FixedAmounts { get; set; } = [new PriceRow()];

    public PromoAppliesTo AppliesTo { get; set; } = PromoAppliesTo.FirstPeriod;

    public int DiscountedPeriods { get; set; } = 2;

    public int? MaxUses { get; set; }

    public int? PerCustomerLimit { get; set; } = 1;

    public DateTime? ValidFrom { get; set; }

    /// <summary>The last day the code works (inclusive); it stops at the end of that day, UTC.</summary>
    public DateTime? ValidUntil { get; set; }

    public IReadOnlyCollection<Guid> TariffIds { get; set; } = [];

    public IReadOnlyCollection<BillingPeriod> Periods { get; set; } = [];

    public IReadOnlyCollection<string> Currencies { get; set; } = [];

    /// <summary>The form filled with an existing code's terms, for editing; the code itself cannot change.</summary>
    public static PromoCodeForm From(PromoCodeListItem promo)
    {
        ArgumentNullException.ThrowIfNull(promo);
        return new PromoCodeForm
        {
            Code = promo.Code,
            Kind = promo.Kind,
            Percent = promo.PercentBasisPoints is { } points ? points / 100m : 10m,
            FixedAmounts = promo.FixedAmounts.Count > 0
                ? PriceRow.From(promo.FixedAmounts.Select(a => new PriceSpec(BillingPeriod.Month1, a)))
                : [new PriceRow()],
            AppliesTo = promo.AppliesTo,
            DiscountedPeriods = promo.AppliesTo == PromoAppliesTo.NPeriods ? promo.DiscountedPeriods : 2,
            MaxUses = promo.MaxUses,
            PerCustomerLimit = promo.PerCustomerLimit,
            ValidFrom = promo.ValidFromUtc?.Date,
            // Stored as the exclusive end; the form shows the last whole day the code works.
            ValidUntil = promo.ValidUntilUtc is { } until ? (until.TimeOfDay == TimeSpan.Zero ? until.AddDays(-1) : until).Date : null,
            TariffIds = promo.TariffIds.ToList(),
            Periods = promo.Periods.ToList(),
            Currencies = promo.Currencies.ToList(),
        };
    }

    /// <summary>The single column a fixed code's amounts are typed into.</summary>
    public static readonly IReadOnlyList<BillingPeriod> AmountColumn = [BillingPeriod.Month1];

    public CreatePromoCodeCommand ToCommand(Guid actorId, string correlationId) => new(
        actorId,
        Code.Trim(),
        Kind,
        Kind == PromoDiscountKind.Percent && Percent is { } percent ? (int)(percent * 100) : null,
        Kind == PromoDiscountKind.Fixed ? PriceRow.ToSpecs(FixedAmounts, AmountColumn).Select(p => p.Amount).ToList() : [],
        AppliesTo,
        AppliesTo == PromoAppliesTo.NPeriods ? DiscountedPeriods : 1,
        MaxUses,
        PerCustomerLimit,
        ValidFrom is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
        ValidUntil is { } until ? DateTime.SpecifyKind(until.Date.AddDays(1), DateTimeKind.Utc) : null,
        TariffIds.ToList(),
        Periods.ToList(),
        Currencies.ToList(),
        correlationId);
}

public sealed partial class PromoCodeFormValidator : AbstractValidator<PromoCodeForm>
{
    [GeneratedRegex("^[A-Za-z0-9_-]{3,50}$")]
    private static partial Regex CodePattern();

    public PromoCodeFormValidator(IStringLocalizer<CatalogText> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        RuleFor(f => f.Code).Must(c => CodePattern().IsMatch(c.Trim())).WithMessage(_ => localizer["Validation.PromoCode"]);
        RuleFor(f => f.Percent)
            .Must(p => p is > 0 and <= 100 && decimal.Round(p.Value, 2) == p.Value)
            .When(f => f.Kind == PromoDiscountKind.Percent)
            .WithMessage(_ => localizer["Validation.Percent"]);
        RuleFor(f => f.FixedAmounts)
            .Must(rows => rows.Count > 0 && rows.All(r => r.Amounts.GetValueOrDefault(BillingPeriod.Month1) is > 0 && PriceRow.Fits(r.Amounts[BillingPeriod.Month1], r.Currency)))
            .When(f => f.Kind == PromoDiscountKind.Fixed)
            .WithMessage(_ => localizer["Validation.FixedAmounts"]);
        RuleFor(f => f.DiscountedPeriods).InclusiveBetween(2, 120).When(f => f.AppliesTo == PromoAppliesTo.NPeriods)
            .WithMessage(_ => localizer["Validation.DiscountedPeriods"]);
        RuleFor(f => f.MaxUses).GreaterThanOrEqualTo(1).When(f => f.MaxUses is not null).WithMessage(_ => localizer["Validation.AtLeastOne"]);
        RuleFor(f => f.PerCustomerLimit).GreaterThanOrEqualTo(1).When(f => f.PerCustomerLimit is not null).WithMessage(_ => localizer["Validation.AtLeastOne"]);
        RuleFor(f => f.ValidUntil).Must((f, until) => until is null || f.ValidFrom is null || until.Value.Date >= f.ValidFrom.Value.Date)
            .WithMessage(_ => localizer["Validation.UntilBeforeFrom"]);
    }
}
