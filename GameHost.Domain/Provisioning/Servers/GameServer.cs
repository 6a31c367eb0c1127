using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Domain.Provisioning.Servers;

/// <summary>Where a server is in its life, as GameHost sees it.</summary>
public enum GameServerState
{
    /// <summary>Paid; the panel account and the server are queued.</summary>
    Pending = 0,

    /// <summary>The create call is being made (or retried).</summary>
    Creating = 1,

    /// <summary>On the panel; its install script runs.</summary>
    Installing = 2,

    Active = 3,

    Suspended = 4,

    /// <summary>A create or install task waits for staff in the admin queue.</summary>
    Failed = 5,

    Deleting = 6,

    Deleted = 7,
}

/// <summary>
/// One game server per subscription: the spec it must have on the panel (desired state, written by the requests),
/// the panel's facts once known (written by the processor), and our state. Requests and the processor write
/// different columns, and EF writes only the columns it changed, so they never overwrite each other.
/// </summary>
public sealed class GameServer
{
    public Guid Id { get; set; }

    /// <summary>Unique: one server per subscription; also the panel's <c>external_id</c>.</summary>
    public Guid SubscriptionId { get; set; }

    public Guid CustomerId { get; set; }

    public GameServerState State { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    // ---- Desired spec -------------------------------------------------------------------------------------------

    public string Name { get; set; } = "";

    public int NestId { get; set; }

    public int EggId { get; set; }

    public string DockerImage { get; set; } = "";

    public string Startup { get; set; } = "";

    /// <summary>Every egg variable with its value (defaults filled in).</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    public ServerLimits Limits { get; set; } = new(0, 0, 0, 0, null, ServerLimits.DefaultIoWeight, false);

    public ServerFeatureLimits Features { get; set; } = new(0, 0, 1);

    public int LocationId { get; set; }

    /// <summary>Nodes the tariff is limited to; empty = any node of the location.</summary>
    public List<int> NodeIds { get; set; } = [];

    public Guid TariffId { get; set; }

    /// <summary>The tariff version the spec was built from.</summary>
    public int TariffVersionNumber { get; set; }

    /// <summary>The add-ons on top of the version's resources, kept so a new version's resources can be pushed with them.</summary>
    public List<AddOnAmount> AddOns { get; set; } = [];

    /// <summary>Whether the subscription wants the server suspended (re-checked after a reinstall, which may unsuspend).</summary>
    public bool SuspendRequested { get; set; }

    // ---- Panel facts --------------------------------------------------------------------------------------------

    public int? PanelServerId { get; set; }

    public string? PanelUuid { get; set; }

    /// <summary>The short id in the panel's customer URL, <c>/server/{identifier}</c>.</summary>
    public string? PanelIdentifier { get; set; }

    public int? PanelNodeId { get; set; }

    public int? PanelAllocationId { get; set; }

    /// <summary><c>(alias ?? ip):port</c> of the default allocation.</summary>
    public string? Address { get; set; }

    /// <summary>The panel's status as last seen: null = installed and normal, or <c>installing</c>, <c>install_failed</c>…</summary>
    public string? PanelStatus { get; set; }

    public DateTime? PanelStatusSeenAtUtc { get; set; }

    /// <summary>The first install finished: only from then on may the server be suspended (contract §6.11).</summary>
    public bool InstallCompleted { get; set; }

    /// <summary>Automatic reinstalls after a failed install; one is tried, then staff decide.</summary>
    public int AutomaticReinstalls { get; set; }

    public DateTime? FirstActiveAtUtc { get; set; }

    /// <summary>When the customer and staff were told the server is late (sent once).</summary>
    public DateTime? DelayNoticeSentAtUtc { get; set; }

    /// <summary>Orders the tasks of this server: each new task takes the next number.</summary>
    public int LastTaskSequence { get; set; }

    public ServerSpec Spec => new(
        Name, NestId, EggId, DockerImage, Startup, Environment, Limits, Features, LocationId, NodeIds, TariffId, TariffVersionNumber, AddOns);

    public void SetSpec(ServerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Name = spec.Name;
        NestId = spec.NestId;
        EggId = spec.EggId;
        DockerImage = spec.DockerImage;
        Startup = spec.Startup;
        Environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal);
        Limits = spec.Limits;
        Features = spec.Features;
        LocationId = spec.LocationId;
        NodeIds = spec.NodeIds.ToList();
        TariffId = spec.TariffId;
        TariffVersionNumber = spec.TariffVersionNumber;
        AddOns = spec.AddOns.ToList();
    }

    /// <summary>Remembers what the panel says about the server.</summary>
    public void RecordPanelFacts(PanelServer server, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(server);
        PanelServerId = server.Id;
        PanelUuid = server.Uuid;
        PanelIdentifier = server.Identifier;
        PanelNodeId = server.NodeId;
        PanelAllocationId = server.AllocationId;
        if (server.PrimaryAllocation is { } allocation)
        {
            Address = allocation.Address;
        }

        PanelStatus = server.Status;
        PanelStatusSeenAtUtc = nowUtc;
    }

    /// <summary>The first install (or a reinstall) finished: the server is usable (a wanted suspension follows as its own task).</summary>
    public void MarkInstalled(DateTime nowUtc)
    {
        InstallCompleted = true;
        FirstActiveAtUtc ??= nowUtc;
        State = GameServerState.Active;
    }

    public bool IsGone => State is GameServerState.Deleting or GameServerState.Deleted;
}

/// <summary>A customer's user on the panel (one per customer), found or created before their first server.</summary>
public sealed class PanelAccount
{
    public Guid CustomerId { get; set; }

    public int PanelUserId { get; set; }

    public string Username { get; set; } = "";

    /// <summary>The panel's <c>external_id</c>: our customer id, lower case.</summary>
    public string ExternalId { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public static string ExternalIdFor(Guid customerId) => customerId.ToString("D");
}
