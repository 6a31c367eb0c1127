using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Catalog.Admin;

public sealed class EggVariableRow
{
    public string EnvName { get; set; } = "";

    public string Name { get; set; } = "";

    public string DefaultValue { get; set; } = "";

    public string Rules { get; set; } = "";

    public bool CustomerSettable { get; set; }
}

/// <summary>The tariff editor's state: settings that change in place and the content of the next version.</summary>
public sealed class TariffForm
{
    public string NameEn { get; set; } = "";

    public string NameEs { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    public string DescriptionEs { get; set; } = "";

    public string Slug { get; set; } = "";

    public Guid? GameId { get; set; }

    public int NestId { get; set; }

    public int EggId { get; set; }

    public string DockerImage { get; set; } = "";

    public string StartupCommand { get; set; } = "";

    public List<EggVariableRow> Variables { get; set; } = [];

    public int MemoryMb { get; set; } = 4096;

    public int SwapMb { get; set; }

    public int DiskMb { get; set; } = 10240;

    public int CpuPercent { get; set; } = 100;

    public string? CpuThreads { get; set; }

    public int IoWeight { get; set; } = 500;

    public bool OomKillerDisabled { get; set; }

    public int Databases { get; set; }

    public int Backups { get; set; }

    public int Allocations { get; set; }

    /// <summary>Panel location ids, comma separated.</summary>
    public string Locations { get; set; } = "";

    /// <summary>Panel node ids, comma separated; empty = any node in the locations.</summary>
    public string Nodes { get; set; } = "";

    public TariffVisibility Visibility { get; set; } = TariffVisibility.Public;

    public int? StockLimit { get; set; }

    public int? PerCustomerLimit { get; set; }

    public BillingModel BillingModel { get; set; } = BillingModel.PrepaidPeriodic;

    public int DisplayOrder { get; set; }

    public int TrialDays { get; set; }

    public List<PriceRow> Prices { get; set; } = [new PriceRow()];

    public HashSet<Guid> AddOnIds { get; set; } = [];

    public static readonly IReadOnlyList<BillingPeriod> PrepaidPeriods =
        [BillingPeriod.Month1, BillingPeriod.Month3, BillingPeriod.Month6, BillingPeriod.Month12, BillingPeriod.OneOff];

    /// <summary>The periods the grid shows for the chosen billing model.</summary>
    public IReadOnlyList<BillingPeriod> Periods => PeriodsFor(BillingModel);

    public static IReadOnlyList<BillingPeriod> PeriodsFor(BillingModel model) => model switch
    {
        BillingModel.PayAsYouGoHourly => [BillingPeriod.Hour],
        BillingModel.PayAsYouGoDaily => [BillingPeriod.Day],
        _ => PrepaidPeriods,
    };

    public static TariffForm From(TariffDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var content = details.CurrentVersion.Content;
        return new TariffForm
        {
            NameEn = content.Name.En,
            NameEs = content.Name.Es,
            DescriptionEn = content.Description.En,
            DescriptionEs = content.Description.Es,
            Slug = details.Slug,
            GameId = details.GameId,
            NestId = content.Game.NestId,
            EggId = content.Game.EggId,
            DockerImage = content.Game.DockerImage,
            StartupCommand = content.Game.StartupCommand,
            Variables = content.Variables.Select(v => new EggVariableRow
            {
                EnvName = v.EnvName, Name = v.Name, DefaultValue = v.DefaultValue, Rules = v.Rules, CustomerSettable = v.CustomerSettable,
            }).ToList(),
            MemoryMb = content.Resources.MemoryMb,
            SwapMb = content.Resources.SwapMb,
            DiskMb = content.Resources.DiskMb,
            CpuPercent = content.Resources.CpuPercent,
            CpuThreads = content.Resources.CpuThreads,
            IoWeight = content.Resources.IoWeight,
            OomKillerDisabled = content.Resources.OomKillerDisabled,
            Databases = content.Features.Databases,
            Backups = content.Features.Backups,
            Allocations = content.Features.Allocations,
            Locations = string.Join(", ", content.LocationIds),
            Nodes = string.Join(", ", content.NodeIds),
            Visibility = details.Visibility,
            StockLimit = details.StockLimit,
            PerCustomerLimit = details.PerCustomerLimit,
            BillingModel = details.BillingModel,
            DisplayOrder = details.DisplayOrder,
            TrialDays = content.TrialDays,
            Prices = PriceRow.From(content.Prices, content.SetupFees),
            AddOnIds = details.AddOnIds.ToHashSet(),
        };
    }

    public TariffSettings ToSettings() =>
        new(Slug.Trim(), GameId ?? Guid.Empty, Visibility, StockLimit, PerCustomerLimit, BillingModel, DisplayOrder, AddOnIds.ToList());

    public TariffVersionContent ToContent() => new(
        new LocalizedText(NameEn, NameEs),
        new LocalizedText(DescriptionEn, DescriptionEs),
        new GameConfig(NestId, EggId, DockerImage, StartupCommand),
        Variables.Select(v => new EggVariableSpec(v.EnvName.Trim(), v.Name, v.DefaultValue, v.Rules, v.CustomerSettable)).ToList(),
        new ResourceLimits(MemoryMb, SwapMb, DiskMb, CpuPercent, string.IsNullOrWhiteSpace(CpuThreads) ? null : CpuThreads.Trim(), IoWeight, OomKillerDisabled),
        new FeatureLimits(Databases, Backups, Allocations),
        IdList.Parse(Locations) ?? [],
        IdList.Parse(Nodes) ?? [],
        Prices.Where(r => r.SetupFee is not null).Select(r => PriceRow.ToMoney(r.SetupFee!.Value, r.Currency)).ToList(),
        TrialDays,
        PriceRow.ToSpecs(Prices, Periods.ToHashSet()));
}

/// <summary>Panel ids typed as text ("1, 4, 7") until the panel sync offers them to pick.</summary>
public static class IdList
{
    /// <returns>The ids, or null when some part is not a positive whole number.</returns>
    public static IReadOnlyList<int>? Parse(string? text)
    {
        var ids = new List<int>();
        foreach (var part in (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }
}

/// <summary>The same shape rules the tariff use cases enforce, with localized messages at the fields.</summary>
public sealed partial class TariffFormValidator : AbstractValidator<TariffForm>
{
    /// <summary>Where a variable's default error is reported: <c>Variables[2].DefaultValue</c>.</summary>
    public static string VariableDefaultProperty(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{nameof(TariffForm.Variables)}[{index}].{nameof(EggVariableRow.DefaultValue)}");

    private static string VariableDefaultMessage(IStringLocalizer<TariffPanelText> panelText, EggVariableRow row, Error error)
    {
        var name = string.IsNullOrWhiteSpace(row.Name) ? row.EnvName : row.Name;
        var text = panelText["VariableError." + error.Code, name, row.Rules];
        return text.ResourceNotFound ? panelText["VariableErrorGeneric", name, row.Rules] : text.Value;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Z0-9_]{1,191}$")]
    private static partial Regex EnvNamePattern();

    public TariffFormValidator(IStringLocalizer<CatalogText> localizer, IStringLocalizer<TariffPanelText> panelText)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(panelText);
        RuleFor(f => f.NameEn).NotEmpty().WithMessage(_ => localizer["Validation.NameRequired"])
            .MaximumLength(200).WithMessage(_ => localizer["Validation.TooLong"]);
        RuleFor(f => f.NameEs).MaximumLength(200).WithMessage(_ => localizer["Validation.TooLong"]);
        RuleFor(f => f.Slug).Must(s => s.Trim().Length is > 0 and <= 100 && SlugPattern().IsMatch(s.Trim()))
            .WithMessage(_ => localizer["Validation.Slug"]);
        RuleFor(f => f.GameId).NotNull().WithMessage(_ => localizer["Validation.GameRequired"]);
        RuleFor(f => f.NestId).GreaterThan(0).WithMessage(_ => localizer["Validation.PositiveId"]);
        RuleFor(f => f.EggId).GreaterThan(0).WithMessage(_ => localizer["Validation.PositiveId"]);
        RuleFor(f => f.DockerImage).NotEmpty().WithMessage(_ => localizer["Validation.Required"]);
        RuleFor(f => f.StartupCommand).NotEmpty().WithMessage(_ => localizer["Validation.Required"]);
        RuleFor(f => f.Variables).Must(v => v.All(x => EnvNamePattern().IsMatch(x.EnvName.Trim()))
                && v.Select(x => x.EnvName.Trim()).Distinct(StringComparer.Ordinal).Count() == v.Count)
            .WithMessage(_ => localizer["Validation.EnvNames"]);
        RuleFor(f => f.Variables).Custom((rows, context) =>
        {
            // A default the egg's own rules refuse would fail every server created from this tariff at the panel.
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (EggVariableRules.Check(row.EnvName.Trim(), row.Rules, row.DefaultValue) is { } error)
                {
                    context.AddFailure(VariableDefaultProperty(i), VariableDefaultMessage(panelText, row, error));
                }
            }
        });
        RuleFor(f => f.MemoryMb).GreaterThan(0).WithMessage(_ => localizer["Validation.Positive"]);
        RuleFor(f => f.DiskMb).GreaterThan(0).WithMessage(_ => localizer["Validation.Positive"]);
        RuleFor(f => f.SwapMb).GreaterThanOrEqualTo(-1).WithMessage(_ => localizer["Validation.Swap"]);
        RuleFor(f => f.CpuPercent).GreaterThanOrEqualTo(0).WithMessage(_ => localizer["Validation.NotNegative"]);
        RuleFor(f => f.IoWeight).InclusiveBetween(10, 1000).WithMessage(_ => localizer["Validation.IoWeight"]);
        RuleFor(f => f.Databases).GreaterThanOrEqualTo(0).WithMessage(_ => localizer["Validation.NotNegative"]);
        RuleFor(f => f.Backups).GreaterThanOrEqualTo(0).WithMessage(_ => localizer["Validation.NotNegative"]);
        RuleFor(f => f.Allocations).GreaterThanOrEqualTo(0).WithMessage(_ => localizer["Validation.NotNegative"]);
        RuleFor(f => f.Locations).Must(l => IdList.Parse(l) is { Count: > 0 }).WithMessage(_ => localizer["Validation.Locations"]);
        RuleFor(f => f.Nodes).Must(n => IdList.Parse(n) is not null).WithMessage(_ => localizer["Validation.Nodes"]);
        RuleFor(f => f.StockLimit).GreaterThanOrEqualTo(0).When(f => f.StockLimit is not null).WithMessage(_ => localizer["Validation.NotNegative"]);
        RuleFor(f => f.PerCustomerLimit).GreaterThanOrEqualTo(1).When(f => f.PerCustomerLimit is not null).WithMessage(_ => localizer["Validation.AtLeastOne"]);
        RuleFor(f => f.TrialDays).InclusiveBetween(0, 90).WithMessage(_ => localizer["Validation.TrialDays"]);
        RuleFor(f => f.Prices).Custom((rows, context) =>
        {
            var message = PriceGridRules.Check(rows, context.InstanceToValidate.Periods.ToHashSet(), localizer, needsPrice: true);
            if (message is not null)
            {
                context.AddFailure(nameof(TariffForm.Prices), message);
            }
        });
        RuleFor(f => f.Prices).Must(rows => rows.All(r => r.SetupFee is null) || rows.All(r => r.SetupFee is not null))
            .WithMessage(_ => localizer["Validation.SetupFees"]).OverridePropertyName("SetupFees");
    }
}
