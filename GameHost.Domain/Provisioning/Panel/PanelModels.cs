namespace GameHost.Domain.Provisioning.Panel;

// The panel's resources as GameHost needs them (contract §6). Units are the panel's: MiB and percent.

public sealed record PanelUser(
    int Id, string? ExternalId, string Uuid, string Username, string Email, string FirstName, string LastName, string Language)
{
    /// <summary>The panel's <c>2fa</c> flag.</summary>
    public bool TwoFactorEnabled { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
}

/// <param name="Password">Null or empty: the panel picks one and e-mails a set-up link.</param>
public sealed record NewPanelUser(
    string ExternalId, string Email, string Username, string FirstName, string LastName, string Language, string? Password = null);

/// <summary>The panel validates a user PATCH as a full replacement: e-mail, username and names are always sent.</summary>
/// <param name="Password">Null or empty keeps the current password.</param>
public sealed record PanelUserUpdate(
    string Email, string Username, string FirstName, string LastName, string? ExternalId, string? Password = null);

/// <param name="Io">Block-IO weight, 10–1000.</param>
/// <param name="Threads">CPU pinning such as <c>0-1,4</c>; null = none.</param>
/// <param name="OomDisabled">Sent top level, never inside <c>limits</c> (pitfall 4).</param>
public sealed record PanelLimits(int MemoryMb, int SwapMb, int DiskMb, int Io, int CpuPercent, string? Threads, bool OomDisabled);

/// <param name="Allocations">TOTAL ports the server may hold, the primary included.</param>
public sealed record PanelFeatureLimits(int Databases, int Allocations, int Backups);

public sealed record PanelAllocation(int Id, string Ip, string? Alias, int Port, bool Assigned)
{
    /// <summary>What a player types: the alias if the node has one, else the IP, and the port.</summary>
    public string Address => $"{Alias ?? Ip}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <param name="Status">Null = installed and normal; <c>installing</c>, <c>install_failed</c>, <c>reinstall_failed</c>, <c>suspended</c>, <c>restoring_backup</c>.</param>
/// <param name="AllocationId">The default allocation; the address is the allocation with THIS id, not the first listed (pitfall 17).</param>
/// <param name="Environment">Every egg variable as a string (non-string panel values are rendered as text).</param>
/// <param name="Allocations">Filled when the adapter asked for <c>include=allocations</c>.</param>
public sealed record PanelServer(
    int Id,
    string? ExternalId,
    string Uuid,
    string Identifier,
    string Name,
    string Description,
    string? Status,
    int UserId,
    int NodeId,
    int AllocationId,
    int NestId,
    int EggId,
    PanelLimits Limits,
    PanelFeatureLimits FeatureLimits,
    string Image,
    string StartupCommand,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<PanelAllocation> Allocations)
{
    /// <summary>When the panel created it (an install stuck in <c>installing</c> is measured from here).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The default allocation, if the allocations were included.</summary>
    public PanelAllocation? PrimaryAllocation => Allocations.FirstOrDefault(a => a.Id == AllocationId);
}

/// <summary>Where a new server goes: let the panel deploy it into locations, or name the allocations explicitly.</summary>
public sealed record PanelPlacement
{
    private PanelPlacement()
    {
    }

    /// <summary>Deploy into these locations (the panel picks a public node with room and one random free port).</summary>
    public IReadOnlyList<int>? DeployLocationIds { get; private init; }

    /// <summary>With deploy: allowed ports, <c>"25565"</c> or <c>"25565-25600"</c>; empty = any.</summary>
    public IReadOnlyList<string> PortRanges { get; private init; } = [];

    /// <summary>Explicit: the default allocation (it decides the node).</summary>
    public int? DefaultAllocationId { get; private init; }

    /// <summary>Explicit: extra allocations, all on the default allocation's node.</summary>
    public IReadOnlyList<int> AdditionalAllocationIds { get; private init; } = [];

    public static PanelPlacement Deploy(IReadOnlyList<int> locationIds, IReadOnlyList<string>? portRanges = null) =>
        new() { DeployLocationIds = locationIds, PortRanges = portRanges ?? [] };

    public static PanelPlacement Explicit(int defaultAllocationId, IReadOnlyList<int>? additional = null) =>
        new() { DefaultAllocationId = defaultAllocationId, AdditionalAllocationIds = additional ?? [] };
}

/// <param name="ExternalId">Our subscription id, lower-case: the key that makes a create retry-safe.</param>
/// <param name="Environment">EVERY egg variable, defaults filled in, as strings (the panel applies no defaults).</param>
public sealed record NewPanelServer(
    string ExternalId,
    string Name,
    string? Description,
    int UserId,
    int EggId,
    string DockerImage,
    string Startup,
    IReadOnlyDictionary<string, string> Environment,
    PanelLimits Limits,
    PanelFeatureLimits FeatureLimits,
    PanelPlacement Placement,
    bool StartOnCompletion = true);

/// <summary>A full build state (the panel requires the allocation and every feature limit on each PATCH, pitfall 7).</summary>
public sealed record PanelBuild(
    int AllocationId,
    PanelLimits Limits,
    PanelFeatureLimits FeatureLimits,
    IReadOnlyList<int> AddAllocationIds,
    IReadOnlyList<int> RemoveAllocationIds);

/// <param name="Environment">The COMPLETE merged map, or empty to leave variables untouched (pitfall 6).</param>
public sealed record PanelStartup(string Startup, IReadOnlyDictionary<string, string> Environment, int EggId, string Image, bool SkipScripts);

/// <param name="ExternalId">Always resent: an omitted external id is wiped by the panel (pitfall 5).</param>
public sealed record PanelServerDetails(string Name, int UserId, string? ExternalId, string Description);

/// <param name="Code">The panel's <c>short</c> name, e.g. <c>za-jnb</c>.</param>
/// <param name="Description">The panel's <c>long</c> name, e.g. <c>Johannesburg</c>.</param>
public sealed record PanelLocation(int Id, string Code, string? Description);

/// <param name="MemoryOverallocatePercent">May be -1, which the panel's deployment treats as ×0.99, not unlimited.</param>
public sealed record PanelNode(
    int Id,
    string Name,
    int LocationId,
    bool Public,
    bool MaintenanceMode,
    string Fqdn,
    int MemoryMb,
    int MemoryOverallocatePercent,
    int DiskMb,
    int DiskOverallocatePercent,
    int AllocatedMemoryMb,
    int AllocatedDiskMb);

public sealed record PanelNest(int Id, string Name, string Description);

/// <param name="DockerImages">Display name → image.</param>
public sealed record PanelEgg(
    int Id, int NestId, string Name, string Description, IReadOnlyDictionary<string, string> DockerImages, string Startup,
    IReadOnlyList<PanelEggVariable> Variables);

public sealed record PanelEggVariable(
    string Name, string Description, string EnvVariable, string DefaultValue, bool UserViewable, bool UserEditable, string Rules)
{
    /// <summary>When the variable last changed on the panel (a sync can tell a changed egg from an unchanged one).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
