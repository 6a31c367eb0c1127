using System.Text.RegularExpressions;
using FluentValidation;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Catalog.Admin;

public sealed class AddOnForm
{
    public static readonly IReadOnlyList<BillingPeriod> AllPeriods = Enum.GetValues<BillingPeriod>();

    public string Key { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string NameEs { get; set; } = "";

    public AddOnUnit Unit { get; set; } = AddOnUnit.MemoryMb;

    public int AmountPerUnit { get; set; } = 1024;

    public int MinQuantity { get; set; }

    public int MaxQuantity { get; set; } = 8;

    public int IncludedQuantity { get; set; }

    public bool Archived { get; set; }

    public List<PriceRow> Prices { get; set; } = [new PriceRow()];

    public static AddOnForm From(AddOnListItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new AddOnForm
        {
            Key = item.Key,
            NameEn = item.Name.En,
            NameEs = item.Name.Es,
            Unit = item.Unit,
            AmountPerUnit = item.AmountPerUnit,
            MinQuantity = item.MinQuantity,
            MaxQuantity = item.MaxQuantity,
            IncludedQuantity = item.IncludedQuantity,
            Archived = item.IsArchived,
            Prices = PriceRow.From(item.UnitPrices),
        };
    }

    public AddOnContent ToContent() => new(
        Key.Trim(), new LocalizedText(NameEn, NameEs), Unit, AmountPerUnit, MinQuantity, MaxQuantity, IncludedQuantity,
        PriceRow.ToSpecs(Prices, AllPeriods.ToHashSet()));
}

public sealed partial class AddOnFormValidator : AbstractValidator<AddOnForm>
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    public AddOnFormValidator(IStringLocalizer<CatalogText> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        RuleFor(f => f.Key).Must(k => k.Trim().Length is > 0 and <= 100 && KeyPattern().IsMatch(k.Trim())).WithMessage(_ => localizer["Validation.Slug"]);
        RuleFor(f => f.NameEn).NotEmpty().WithMessage(_ => localizer["Validation.NameRequired"]);
        RuleFor(f => f.AmountPerUnit).GreaterThan(0).WithMessage(_ => localizer["Validation.Positive"]);
        RuleFor(f => f.MinQuantity).GreaterThanOrEqualTo(0).WithMessage(_ => localizer["Validation.NotNegative"]);
        RuleFor(f => f.MaxQuantity).Must((f, max) => max >= f.MinQuantity).WithMessage(_ => localizer["Validation.MaxBelowMin"]);
        RuleFor(f => f.IncludedQuantity).Must((f, included) => included >= 0 && included <= f.MaxQuantity).WithMessage(_ => localizer["Validation.IncludedAboveMax"]);
        RuleFor(f => f.Prices).Custom((rows, context) =>
        {
            var message = PriceGridRules.Check(rows, AddOnForm.AllPeriods.ToHashSet(), localizer, needsPrice: false);
            if (message is not null)
            {
                context.AddFailure(nameof(AddOnForm.Prices), message);
            }
        });
    }
}
