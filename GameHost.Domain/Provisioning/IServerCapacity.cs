namespace GameHost.Domain.Provisioning;

/// <summary>
/// Can <see cref="LocationId"/> host a server of <see cref="Resources"/> now? <see cref="AllowedLocationIds"/> are the
/// locations the tariff may be placed in (the alternatives worth naming) and <see cref="NodeIds"/> the nodes it is
/// limited to (empty = any node there).
/// </summary>
public sealed record CapacityRequest(int LocationId, ServerResources Resources, IReadOnlyList<int> AllowedLocationIds, IReadOnlyList<int> NodeIds);

public enum CapacityVerdict
{
    /// <summary>A node in the location has the memory, disk and a free allocation for the server.</summary>
    Yes = 0,

    /// <summary>No node in the location can take it now; <see cref="CapacityAnswer.LocationsThatCan"/> lists those that can.</summary>
    No = 1,

    /// <summary>The panel could not be asked (unreachable, timed out, not configured): nobody knows.</summary>
    Unknown = 2,
}

public sealed record CapacityAnswer(CapacityVerdict Verdict, IReadOnlyList<int> LocationsThatCan)
{
    public static readonly CapacityAnswer Yes = new(CapacityVerdict.Yes, []);

    public static readonly CapacityAnswer Unknown = new(CapacityVerdict.Unknown, []);

    /// <param name="locationsThatCan">Allowed locations that can host the server now; empty when none can.</param>
    public static CapacityAnswer No(IReadOnlyList<int> locationsThatCan) => new(CapacityVerdict.No, locationsThatCan);
}

/// <summary>
/// Port to the game panel: asked before an order takes money, so nobody pays for a server that cannot be created.
/// The Pterodactyl adapter answers it from the nodes' free memory, disk and allocations. An adapter maps a panel
/// failure to <see cref="CapacityVerdict.Unknown"/>; it never throws for an unreachable panel.
/// </summary>
public interface IServerCapacity
{
    Task<CapacityAnswer> CheckAsync(CapacityRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Stands in until a panel is connected: with no panel nobody can say whether a server fits, so every answer is
/// <see cref="CapacityVerdict.Unknown"/> and orders are refused rather than charged. The panel adapter replaces it.
/// </summary>
public sealed class NoPanelServerCapacity : IServerCapacity
{
    public Task<CapacityAnswer> CheckAsync(CapacityRequest request, CancellationToken cancellationToken) => Task.FromResult(CapacityAnswer.Unknown);
}
