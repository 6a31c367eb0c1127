using System.Text.Json;
using System.Text.RegularExpressions;
using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog;

/// <summary>An egg variable as staff set it up for a tariff.</summary>
public sealed record EggVariableSpec(string EnvName, string Name, string DefaultValue, string Rules, bool CustomerSettable);

/// <summary>A price for one period; the currency is the money's own.</summary>
public sealed record PriceSpec(BillingPeriod Period, Money Amount);

/// <summary>Everything a tariff version holds: what a sale delivers and costs. Any difference makes a new version.</summary>
public sealed record TariffVersionContent(
    LocalizedText Name,
    LocalizedText Description,
    GameConfig Game,
    IReadOnlyList<EggVariableSpec> Variables,
    ResourceLimits Resources,
    FeatureLimits Features,
    IReadOnlyList<int> LocationIds,
    IReadOnlyList<int> NodeIds,
    IReadOnlyList<Money> SetupFees,
    int TrialDays,
    IReadOnlyList<PriceSpec> Prices)
{
    public static TariffVersionContent Of(TariffVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new TariffVersionContent(
            version.Name,
            version.Description,
            version.Game,
            version.Variables.OrderBy(v => v.Position)
                .Select(v => new EggVariableSpec(v.EnvName, v.Name, v.DefaultValue, v.Rules, v.CustomerSettable)).ToList(),
            version.Resources,
            version.Features,
            version.LocationIds.ToList(),
            version.NodeIds.ToList(),
            version.SetupFees.Select(f => f.Amount).ToList(),
            version.TrialDays,
            version.Prices.Select(p => new PriceSpec(p.Period, p.Amount)).ToList());
    }

    /// <summary>A trimmed, ordered copy, so two contents that mean the same compare equal.</summary>
    internal TariffVersionContent Normalized() => this with
    {
        Name = Name.Trimmed(),
        Description = Description.Trimmed(),
        Game = Game with { DockerImage = Game.DockerImage.Trim(), StartupCommand = Game.StartupCommand.Trim() },
        Variables = Variables.Select(v => v with { EnvName = v.EnvName.Trim(), Name = v.Name.Trim(), Rules = v.Rules.Trim() }).ToList(),
        Resources = Resources with { CpuThreads = string.IsNullOrWhiteSpace(Resources.CpuThreads) ? null : Resources.CpuThreads.Trim() },
        LocationIds = LocationIds.Distinct().Order().ToList(),
        NodeIds = NodeIds.Distinct().Order().ToList(),
        SetupFees = SetupFees.OrderBy(f => f.Currency.Code, StringComparer.Ordinal).ToList(),
        Prices = Prices.OrderBy(p => p.Amount.Currency.Code, StringComparer.Ordinal).ThenBy(p => p.Period).ToList(),
    };

    /// <summary>Records compare lists by reference; this compares what they hold.</summary>
    internal bool SameAs(TariffVersionContent other) =>
        string.Equals(Fingerprint(), other.Fingerprint(), StringComparison.Ordinal);

    // Money and Currency serialize as their minor units and code, so the JSON says everything the content holds.
    private string Fingerprint() => JsonSerializer.Serialize(Normalized());

    internal TariffVersion ToVersion(Guid tariffId, int number, DateTime nowUtc, Audit.AuditActor actor)
    {
        var content = Normalized();
        return new TariffVersion
        {
            TariffId = tariffId,
            Number = number,
            CreatedAtUtc = nowUtc,
            CreatedByUserId = actor.UserId,
            CreatedByName = actor.Name,
            Name = content.Name,
            Description = content.Description,
            Game = content.Game,
            Variables = content.Variables.Select((v, i) => new EggVariable
            {
                Position = i,
                EnvName = v.EnvName,
                Name = v.Name,
                DefaultValue = v.DefaultValue,
                Rules = v.Rules,
                CustomerSettable = v.CustomerSettable,
            }).ToList(),
            Resources = content.Resources,
            Features = content.Features,
            LocationIds = content.LocationIds.ToList(),
            NodeIds = content.NodeIds.ToList(),
            TrialDays = content.TrialDays,
            SetupFees = content.SetupFees.Select(f => new TariffSetupFee { Amount = f }).ToList(),
            Prices = content.Prices.Select(p => new TariffPrice { Period = p.Period, Amount = p.Amount }).ToList(),
        };
    }
}

/// <summary>Business checks of tariff input; shape checks (required fields, lengths) belong to the form validators too.</summary>
internal static partial class TariffRules
{
    public const int MaxTrialDays = 90;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Z0-9_]{1,191}$")]
    private static partial Regex EnvNamePattern();

    public static Error? CheckSlug(string slug) =>
        slug.Length is 0 or > 100 || !SlugPattern().IsMatch(slug)
            ? CatalogErrors.Invalid("Slug", "A slug is 1–100 lower-case letters, digits and single dashes.")
            : null;

    public static Error? CheckLimits(int? stockLimit, int? perCustomerLimit)
    {
        if (stockLimit is < 0)
        {
            return CatalogErrors.Invalid("StockLimit", "The stock limit cannot be negative.");
        }

        return perCustomerLimit is < 1 ? CatalogErrors.Invalid("PerCustomerLimit", "The per-customer limit is at least 1 when set.") : null;
    }

    public static Error? CheckContent(TariffVersionContent content, BillingModel model)
    {
        if (string.IsNullOrWhiteSpace(content.Name.En))
        {
            return CatalogErrors.Invalid("Name.En", "The tariff needs an English name.");
        }

        if (content.Game.NestId <= 0 || content.Game.EggId <= 0)
        {
            return CatalogErrors.Invalid("Game", "Choose the panel nest and egg.");
        }

        if (string.IsNullOrWhiteSpace(content.Game.DockerImage) || string.IsNullOrWhiteSpace(content.Game.StartupCommand))
        {
            return CatalogErrors.Invalid("Game", "The docker image and the startup command are required.");
        }

        var envNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in content.Variables)
        {
            if (!EnvNamePattern().IsMatch(variable.EnvName.Trim()) || !envNames.Add(variable.EnvName.Trim()))
            {
                return CatalogErrors.Invalid("Variables", $"'{variable.EnvName}' is not a valid, unique environment variable name.");
            }
        }

        var r = content.Resources;
        if (r.MemoryMb <= 0 || r.DiskMb <= 0 || r.SwapMb < -1 || r.CpuPercent < 0 || r.IoWeight is < 10 or > 1000)
        {
            // Panel rules: swap -1 = unlimited, CPU 0 = unlimited, IO weight 10–1000.
            return CatalogErrors.Invalid("Resources", "Memory and disk must be positive, swap at least -1, CPU at least 0, IO weight 10–1000.");
        }

        if (content.Features.Databases < 0 || content.Features.Backups < 0 || content.Features.Allocations < 0)
        {
            return CatalogErrors.Invalid("Features", "Feature limits cannot be negative.");
        }

        if (content.LocationIds.Count == 0 || content.LocationIds.Any(id => id <= 0) || content.NodeIds.Any(id => id <= 0))
        {
            return CatalogErrors.Invalid("LocationIds", "Choose at least one location.");
        }

        if (content.TrialDays is < 0 or > MaxTrialDays)
        {
            return CatalogErrors.Invalid("TrialDays", $"A trial lasts 0–{MaxTrialDays} days.");
        }

        return CheckPrices(content, model);
    }

    private static Error? CheckPrices(TariffVersionContent content, BillingModel model)
    {
        if (content.Prices.Count == 0)
        {
            return CatalogErrors.Invalid("Prices", "The tariff needs at least one price.");
        }

        var seen = new HashSet<(string, BillingPeriod)>();
        foreach (var price in content.Prices)
        {
            if (!price.Period.Fits(model))
            {
                return CatalogErrors.Invalid("Prices", $"A {model} tariff cannot have a {price.Period} price.");
            }

            if (price.Amount.IsNegative)
            {
                return CatalogErrors.Invalid("Prices", "Prices cannot be negative.");
            }

            if (!seen.Add((price.Amount.Currency.Code, price.Period)))
            {
                return CatalogErrors.Invalid("Prices", $"There are two {price.Amount.Currency.Code} prices for {price.Period}.");
            }
        }

        var priced = content.Prices.Select(p => p.Amount.Currency.Code).ToHashSet(StringComparer.Ordinal);
        var feeCurrencies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fee in content.SetupFees)
        {
            if (fee.IsNegative || !feeCurrencies.Add(fee.Currency.Code) || !priced.Contains(fee.Currency.Code))
            {
                return CatalogErrors.Invalid("SetupFees", "One setup fee per priced currency, never negative.");
            }
        }

        // A fee set for some currencies but not others would be waived by accident for buyers in the others.
        if (feeCurrencies.Count > 0 && !priced.SetEquals(feeCurrencies))
        {
            return CatalogErrors.Invalid("SetupFees", "Set the setup fee in every currency the tariff is priced in (0 to waive it).");
        }

        return null;
    }
}
