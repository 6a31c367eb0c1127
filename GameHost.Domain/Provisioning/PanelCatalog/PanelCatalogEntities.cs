namespace GameHost.Domain.Provisioning.PanelCatalog;

// The panel's catalogue as the last successful sync read it (contract §6.2–§6.5). Keys are the panel's own ids; the
// whole snapshot is replaced at each sync, so nothing else may hold a foreign key to these rows.

/// <param name="Code">The panel's <c>short</c>, e.g. <c>za-jnb</c>.</param>
/// <param name="Description">The panel's <c>long</c>, e.g. <c>Johannesburg</c>; may be empty.</param>
public sealed class SyncedLocation
{
    public int Id { get; set; }

    public string Code { get; set; } = "";

    public string? Description { get; set; }
}

public sealed class SyncedNode
{
    public int Id { get; set; }

    public int LocationId { get; set; }

    public string Name { get; set; } = "";

    public string Fqdn { get; set; } = "";

    /// <summary>Only public nodes take automatic deployments.</summary>
    public bool Public { get; set; }

    /// <summary>The panel's deployment ignores it; GameHost must skip such nodes itself.</summary>
    public bool MaintenanceMode { get; set; }

    public int MemoryMb { get; set; }

    public int MemoryOverallocatePercent { get; set; }

    public int DiskMb { get; set; }

    public int DiskOverallocatePercent { get; set; }

    public int AllocatedMemoryMb { get; set; }

    public int AllocatedDiskMb { get; set; }

    public int FreeAllocations { get; set; }

    public int FreeMemoryMb => NodeCapacity.Free(MemoryMb, MemoryOverallocatePercent, AllocatedMemoryMb);

    public int FreeDiskMb => NodeCapacity.Free(DiskMb, DiskOverallocatePercent, AllocatedDiskMb);
}

public sealed class SyncedNest
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";
}

public sealed class SyncedEgg
{
    public int Id { get; set; }

    public int NestId { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The egg's default startup command, with <c>{{VAR}}</c> placeholders.</summary>
    public string Startup { get; set; } = "";

    public List<SyncedDockerImage> DockerImages { get; set; } = [];

    public List<SyncedEggVariable> Variables { get; set; } = [];
}

/// <summary>One of an egg's images: the panel's display name for it and the image itself.</summary>
public sealed class SyncedDockerImage
{
    public long Id { get; set; }

    public int EggId { get; set; }

    /// <summary>The panel's order, which is the order staff see them in the panel.</summary>
    public int Position { get; set; }

    public string DisplayName { get; set; } = "";

    public string Image { get; set; } = "";
}

public sealed class SyncedEggVariable
{
    public long Id { get; set; }

    public int EggId { get; set; }

    public int Position { get; set; }

    /// <summary>The human label, e.g. <c>Server Jar File</c>.</summary>
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The key in a server's environment, e.g. <c>SERVER_JARFILE</c>.</summary>
    public string EnvVariable { get; set; } = "";

    public string DefaultValue { get; set; } = "";

    public bool UserViewable { get; set; }

    public bool UserEditable { get; set; }

    /// <summary>Laravel rules, e.g. <c>required|string|max:20</c>.</summary>
    public string Rules { get; set; } = "";
}
