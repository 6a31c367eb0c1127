using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog;

/// <summary>
/// One immutable state of a tariff: what a sale of it delivers and costs. Written once by the use cases and never
/// updated, so a service sold on version 3 can always be re-read as it was sold (grandfathering).
/// </summary>
public sealed class TariffVersion
{
    public long Id { get; init; }

    public Guid TariffId { get; init; }

    /// <summary>1, 2, 3… per tariff.</summary>
    public int Number { get; init; }

    public DateTime CreatedAtUtc { get; init; }

    public Guid? CreatedByUserId { get; init; }

    public string CreatedByName { get; init; } = "";

    public LocalizedText Name { get; init; } = LocalizedText.Same("");

    public LocalizedText Description { get; init; } = LocalizedText.Same("");

    public GameConfig Game { get; init; } = new(0, 0, "", "");

    public List<EggVariable> Variables { get; init; } = [];

    public ResourceLimits Resources { get; init; } = new(0, 0, 0, 0, null, 500, false);

    public FeatureLimits Features { get; init; } = new(0, 0, 0);

    /// <summary>Pterodactyl location ids the server may be placed in.</summary>
    public List<int> LocationIds { get; init; } = [];

    /// <summary>Pterodactyl node ids within those locations; empty = any node there.</summary>
    public List<int> NodeIds { get; init; } = [];

    public int TrialDays { get; init; }

    public List<TariffSetupFee> SetupFees { get; init; } = [];

    public List<TariffPrice> Prices { get; init; } = [];
}

/// <summary>The Pterodactyl egg a server is created from, with the image and startup command this tariff uses.</summary>
public sealed record GameConfig(int NestId, int EggId, string DockerImage, string StartupCommand);

/// <summary>
/// Pterodactyl build limits in the panel's units (MiB, percent). <see cref="CpuThreads"/> is the panel's pinning
/// string (e.g. <c>0-1</c>) or null; <see cref="IoWeight"/> is 10–1000.
/// </summary>
public sealed record ResourceLimits(int MemoryMb, int SwapMb, int DiskMb, int CpuPercent, string? CpuThreads, int IoWeight, bool OomKillerDisabled);

/// <summary>Pterodactyl feature limits: every create and build update sends all three.</summary>
public sealed record FeatureLimits(int Databases, int Backups, int Allocations);

/// <summary>An egg variable as this tariff sets it: its default and whether the customer may change it when ordering.</summary>
public sealed class EggVariable
{
    public long Id { get; init; }

    public long TariffVersionId { get; init; }

    /// <summary>Kept in the order the staff entered them, which is the order the order form shows them.</summary>
    public int Position { get; init; }

    /// <summary>The environment name, e.g. <c>SERVER_JARFILE</c>.</summary>
    public string EnvName { get; init; } = "";

    /// <summary>The egg's label for it, e.g. <c>Server Jar File</c>.</summary>
    public string Name { get; init; } = "";

    public string DefaultValue { get; init; } = "";

    /// <summary>The egg's validation rules, e.g. <c>required|string|max:20</c>; the panel enforces the same ones.</summary>
    public string Rules { get; init; } = "";

    public bool CustomerSettable { get; init; }
}

/// <summary>A price of a tariff version for one currency and one period.</summary>
public sealed class TariffPrice
{
    public long Id { get; init; }

    public long TariffVersionId { get; init; }

    public BillingPeriod Period { get; init; }

    public Money Amount { get; init; }
}

/// <summary>The one-time setup fee of a tariff version in one currency.</summary>
public sealed class TariffSetupFee
{
    public long Id { get; init; }

    public long TariffVersionId { get; init; }

    public Money Amount { get; init; }
}
