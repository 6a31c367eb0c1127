namespace GameHost.App.Features.Provisioning.DemoPanel;

// The demo panel's state: plain classes so the whole of it can be written to and read from one JSON file.
// Units are the panel's: MiB and percent.

public sealed class DemoPanelData
{
    public List<DemoLocation> Locations { get; set; } = [];

    public List<DemoNode> Nodes { get; set; } = [];

    public List<DemoAllocation> Allocations { get; set; } = [];

    public List<DemoNest> Nests { get; set; } = [];

    public List<DemoEgg> Eggs { get; set; } = [];

    public List<DemoUser> Users { get; set; } = [];

    public List<DemoServer> Servers { get; set; } = [];

    public int NextUserId { get; set; } = 100;

    public int NextServerId { get; set; } = 100;

    public int NextAllocationId { get; set; } = 1000;

    public DemoNode Node(int id) => Nodes.Single(n => n.Id == id);

    public DemoEgg Egg(int id) => Eggs.Single(e => e.Id == id);

    /// <summary>Memory given to servers on the node: theirs plus what servers outside the demo are said to take.</summary>
    public int AllocatedMemory(DemoNode node) => node.ReservedMemory + Servers.Where(s => s.NodeId == node.Id).Sum(s => s.Memory);

    public int AllocatedDisk(DemoNode node) => node.ReservedDisk + Servers.Where(s => s.NodeId == node.Id).Sum(s => s.Disk);
}

public sealed class DemoLocation
{
    public int Id { get; set; }

    public string Code { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class DemoNode
{
    public int Id { get; set; }

    public string Uuid { get; set; } = "";

    public string Name { get; set; } = "";

    public int LocationId { get; set; }

    public bool Public { get; set; } = true;

    public bool MaintenanceMode { get; set; }

    public string Fqdn { get; set; } = "";

    public int Memory { get; set; }

    public int MemoryOverallocate { get; set; }

    public int Disk { get; set; }

    public int DiskOverallocate { get; set; }

    /// <summary>Memory taken by servers the demo does not list (so a node can start out full).</summary>
    public int ReservedMemory { get; set; }

    public int ReservedDisk { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class DemoAllocation
{
    public int Id { get; set; }

    public int NodeId { get; set; }

    public string Ip { get; set; } = "";

    public string? Alias { get; set; }

    public int Port { get; set; }

    public string? Notes { get; set; }

    public int? ServerId { get; set; }
}

public sealed class DemoNest
{
    public int Id { get; set; }

    public string Uuid { get; set; } = "";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class DemoEgg
{
    public int Id { get; set; }

    public int NestId { get; set; }

    public string Uuid { get; set; } = "";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public Dictionary<string, string> DockerImages { get; set; } = [];

    public string Startup { get; set; } = "";

    public List<DemoEggVariable> Variables { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class DemoEggVariable
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string EnvVariable { get; set; } = "";

    public string DefaultValue { get; set; } = "";

    public bool UserViewable { get; set; } = true;

    public bool UserEditable { get; set; } = true;

    public string Rules { get; set; } = "";
}

public sealed class DemoUser
{
    public int Id { get; set; }

    public string? ExternalId { get; set; }

    public string Uuid { get; set; } = "";

    public string Username { get; set; } = "";

    public string Email { get; set; } = "";

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string Language { get; set; } = "en";

    public bool RootAdmin { get; set; }

    public bool TwoFactor { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class DemoServer
{
    public const string Installing = "installing";
    public const string InstallFailed = "install_failed";
    public const string ReinstallFailed = "reinstall_failed";
    public const string Suspended = "suspended";

    public int Id { get; set; }

    public string? ExternalId { get; set; }

    public string Uuid { get; set; } = "";

    public string Identifier => Uuid[..8];

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Null = installed and normal.</summary>
    public string? Status { get; set; }

    public int UserId { get; set; }

    public int NodeId { get; set; }

    public int AllocationId { get; set; }

    public int EggId { get; set; }

    public string Image { get; set; } = "";

    public string Startup { get; set; } = "";

    public int Memory { get; set; }

    public int Swap { get; set; }

    public int Disk { get; set; }

    public int Io { get; set; } = 500;

    public int Cpu { get; set; }

    public string? Threads { get; set; }

    public bool OomDisabled { get; set; } = true;

    public int? Databases { get; set; }

    public int? AllocationLimit { get; set; }

    public int? Backups { get; set; }

    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>When a running install finishes by itself (demo mode); null = only when told to.</summary>
    public DateTimeOffset? InstallDoneAt { get; set; }

    /// <summary>The running install is a reinstall (a failure then reads <c>reinstall_failed</c>).</summary>
    public bool Reinstalling { get; set; }

    /// <summary>The running install will fail.</summary>
    public bool InstallWillFail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
