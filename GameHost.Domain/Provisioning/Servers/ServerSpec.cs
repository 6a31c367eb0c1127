using GameHost.Domain.Catalog;

namespace GameHost.Domain.Provisioning.Servers;

/// <summary>Build limits as the panel takes them (MiB, percent); <see cref="IoWeight"/> is 10–1000.</summary>
public sealed record ServerLimits(int MemoryMb, int SwapMb, int DiskMb, int CpuPercent, string? CpuThreads, int IoWeight, bool OomDisabled)
{
    /// <summary>The panel's default block-IO weight, used when a tariff leaves it out of range.</summary>
    public const int DefaultIoWeight = 500;
}

/// <param name="Allocations">TOTAL ports the server may hold, the primary included (1 + extra).</param>
public sealed record ServerFeatureLimits(int Databases, int Backups, int Allocations);

/// <summary>
/// Everything a server must be on the panel: what it is built from (egg, image, startup, the full environment with
/// the egg's defaults filled in, because the panel applies none), its limits, where it may live, and where it came
/// from (tariff version and add-ons, so a tariff's new resources can be pushed with the add-ons kept on top).
/// Tasks carry no copy of it: each one sends the server's CURRENT desired spec, so a retry always sends full state.
/// </summary>
public sealed record ServerSpec(
    string Name,
    int NestId,
    int EggId,
    string DockerImage,
    string Startup,
    IReadOnlyDictionary<string, string> Environment,
    ServerLimits Limits,
    ServerFeatureLimits Features,
    int LocationId,
    IReadOnlyList<int> NodeIds,
    Guid TariffId,
    int TariffVersionNumber,
    IReadOnlyList<AddOnAmount> AddOns)
{
    /// <summary>
    /// The spec of a tariff version with add-ons on top: the version's resources, feature limits and egg settings,
    /// every egg variable at its default unless <paramref name="variableValues"/> sets it.
    /// </summary>
    public static ServerSpec From(
        Guid tariffId,
        TariffVersion version,
        string name,
        int locationId,
        IReadOnlyList<AddOnAmount> addOns,
        IReadOnlyDictionary<string, string> variableValues)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(addOns);
        ArgumentNullException.ThrowIfNull(variableValues);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in version.Variables)
        {
            environment[variable.EnvName] = variableValues.TryGetValue(variable.EnvName, out var value) ? value : variable.DefaultValue;
        }

        var (limits, features) = Build(version.Resources, version.Features, addOns);
        return new ServerSpec(
            name,
            version.Game.NestId,
            version.Game.EggId,
            version.Game.DockerImage,
            version.Game.StartupCommand,
            environment,
            limits,
            features,
            locationId,
            version.NodeIds.ToList(),
            tariffId,
            version.Number,
            addOns.ToList());
    }

    /// <summary>The limits a tariff version's resources give with these add-ons on top.</summary>
    public static (ServerLimits Limits, ServerFeatureLimits Features) Build(
        ResourceLimits resources, FeatureLimits features, IEnumerable<AddOnAmount> addOns)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var total = ServerResources.For(resources, features, addOns);
        var io = resources.IoWeight is >= 10 and <= 1000 ? resources.IoWeight : ServerLimits.DefaultIoWeight;
        return (
            new ServerLimits(total.MemoryMb, total.SwapMb, total.DiskMb, total.CpuPercent, resources.CpuThreads, io, resources.OomKillerDisabled),
            new ServerFeatureLimits(total.Databases, total.Backups, total.Allocations));
    }
}

/// <summary>What Billing hands to provisioning when a service is paid: the subscription, its owner and the server it bought.</summary>
public sealed record ServerOrder(Guid SubscriptionId, Guid CustomerId, ServerSpec Spec);
