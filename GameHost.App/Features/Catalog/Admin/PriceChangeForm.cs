using FluentValidation;
using GameHost.Domain.Catalog;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Catalog.Admin;

/// <summary>Moving services from an older version of a tariff to a later one on a date (taking effect at 00:00 UTC).</summary>
public sealed class PriceChangeForm
{
    public int FromVersion { get; set; }

    public int ToVersion { get; set; }

    public DateTime? EffectiveDate { get; set; }

    public DateTime EffectiveAtUtc => DateTime.SpecifyKind(EffectiveDate!.Value.Date, DateTimeKind.Utc);

    /// <summary>The first date whose start (00:00 UTC) is at least the minimum notice away from now.</summary>
    public static DateTime EarliestDate(DateTime nowUtc, TimeSpan notice)
    {
        var earliest = nowUtc + notice;
        return earliest == earliest.Date ? earliest.Date : earliest.Date.AddDays(1);
    }
}

public sealed class PriceChangeFormValidator : AbstractValidator<PriceChangeForm>
{
    public PriceChangeFormValidator(IStringLocalizer<CatalogText> localizer, TimeProvider time, IOptions<CatalogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        RuleFor(f => f.FromVersion).GreaterThan(0).WithMessage(_ => localizer["Validation.Required"]);
        RuleFor(f => f.ToVersion).Must((f, to) => to > f.FromVersion).WithMessage(_ => localizer["Error.catalog.price_change_versions"]);
        RuleFor(f => f.EffectiveDate).NotNull().WithMessage(_ => localizer["Validation.Required"])
            .Must(d => d is null || d.Value.Date >= PriceChangeForm.EarliestDate(time.GetUtcNow().UtcDateTime, options.Value.MinimumPriceChangeNotice))
            .WithMessage(_ => localizer["Validation.NoticeTooShort",
                PriceChangeForm.EarliestDate(time.GetUtcNow().UtcDateTime, options.Value.MinimumPriceChangeNotice).ToString("d", System.Globalization.CultureInfo.CurrentCulture)]);
    }
}
