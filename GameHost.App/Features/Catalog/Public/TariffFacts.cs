using System.Globalization;
using GameHost.Domain.Catalog;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Catalog.Public;

/// <summary>What a tariff delivers, in the plain words a player reads: "4 GB RAM · 20 GB disk · 2 vCPU".</summary>
public static class TariffFacts
{
    public const string Separator = " · ";

    public static string Resources(IStringLocalizer<PublicCatalogText> localizer, ResourceLimits resources)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(resources);
        var cpu = resources.CpuPercent == 0
            ? localizer["CpuUnlimited"].Value
            : localizer["Cpu", Number(resources.CpuPercent / 100m)].Value;
        return string.Join(Separator, localizer["Memory", Size(resources.MemoryMb)], localizer["Disk", Size(resources.DiskMb)], cpu);
    }

    /// <summary>Backups, databases and extra ports, leaving out what the tariff has none of.</summary>
    public static string Features(IStringLocalizer<PublicCatalogText> localizer, FeatureLimits features)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(features);
        var parts = new List<string>();
        if (features.Backups > 0)
        {
            parts.Add(localizer[features.Backups == 1 ? "Backup" : "Backups", features.Backups]);
        }

        if (features.Databases > 0)
        {
            parts.Add(localizer[features.Databases == 1 ? "Database" : "Databases", features.Databases]);
        }

        if (features.Allocations > 0)
        {
            parts.Add(localizer[features.Allocations == 1 ? "ExtraPort" : "ExtraPorts", features.Allocations]);
        }

        return string.Join(Separator, parts);
    }

    /// <summary>MiB as the panel counts them, shown in GB (or MB below one GB), e.g. 4096 → "4 GB", 1536 → "1.5 GB".</summary>
    public static string Size(int mebibytes) => mebibytes >= 1024
        ? Number(mebibytes / 1024m) + " GB"
        : mebibytes.ToString(CultureInfo.CurrentCulture) + " MB";

    private static string Number(decimal value) => value.ToString("0.#", CultureInfo.CurrentCulture);
}

/// <summary>Shows a tariff reached by its link (hidden-link ones included) the way the catalog shows listed ones.</summary>
public static class OrderTariffDisplay
{
    public static Domain.Catalog.Queries.PublicTariff ToPublic(this Domain.Catalog.Queries.OrderTariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var perMonth = tariff.Prices.Where(p => p.PerMonth is not null).Select(p => p.PerMonth!.Value).ToList();
        return new Domain.Catalog.Queries.PublicTariff(tariff.Id, tariff.Slug, tariff.Name, tariff.Description, tariff.BillingModel,
            tariff.Resources, tariff.Features, tariff.TrialDays, tariff.Prices, tariff.SetupFee, perMonth.Count > 0 ? perMonth.Min() : null);
    }
}
