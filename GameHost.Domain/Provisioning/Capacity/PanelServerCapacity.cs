using System.Collections.Concurrent;
using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Domain.Provisioning.Capacity;

/// <summary>
/// Answers "can this location host the server now?" from the panel (contract §8, capacity pre-check): public nodes
/// there with room for the memory and disk (<c>/nodes/deployable</c>, the panel's own rule with overallocation),
/// limited to the tariff's nodes when it names any, minus nodes in maintenance (the panel's deployment does not skip
/// them), and among those one with enough free allocations for the primary port and the extra ones. When the location
/// cannot, the tariff's other locations that can are named. Any panel failure makes the answer Unknown; it never throws
/// for panel trouble.
/// </summary>
/// <remarks>
/// Definite per-location answers are kept for <see cref="CacheFor"/> so a busy order page does not cost a panel call per
/// visitor; the check narrows the race with other orders, it cannot remove it (the provisioning task handles a full node).
/// Unknown answers are never kept.
/// </remarks>
public sealed class PanelServerCapacity(IPterodactylApi panel, TimeProvider time) : IServerCapacity
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<LocationQuestion, (bool CanHost, DateTimeOffset Until)> _answers = new();

    public async Task<CapacityAnswer> CheckAsync(CapacityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var here = await CanHostAsync(request, request.LocationId, cancellationToken);
        if (here is null)
        {
            return CapacityAnswer.Unknown;
        }

        if (here.Value)
        {
            return CapacityAnswer.Yes;
        }

        var alternatives = new List<int>();
        foreach (var location in request.AllowedLocationIds.Distinct().Where(l => l != request.LocationId).Order())
        {
            // An alternative the panel cannot answer for is simply not named.
            if (await CanHostAsync(request, location, cancellationToken) == true)
            {
                alternatives.Add(location);
            }
        }

        return CapacityAnswer.No(alternatives);
    }

    /// <returns>Whether the location can host the server; null when the panel could not say.</returns>
    private async Task<bool?> CanHostAsync(CapacityRequest request, int locationId, CancellationToken cancellationToken)
    {
        var resources = request.Resources;
        var question = new LocationQuestion(locationId, resources.MemoryMb, resources.DiskMb, resources.Allocations,
            string.Join(',', request.NodeIds.Distinct().Order()));
        var now = time.GetUtcNow();
        if (_answers.TryGetValue(question, out var cached) && cached.Until > now)
        {
            return cached.CanHost;
        }

        var answer = await AskPanelAsync(request, locationId, cancellationToken);
        if (answer is { } canHost)
        {
            _answers[question] = (canHost, now + CacheFor);
        }

        return answer;
    }

    private async Task<bool?> AskPanelAsync(CapacityRequest request, int locationId, CancellationToken cancellationToken)
    {
        var resources = request.Resources;
        var nodes = await panel.ListDeployableNodesAsync(resources.MemoryMb, resources.DiskMb, [locationId], cancellationToken);
        if (!nodes.IsSuccess)
        {
            return null;
        }

        var candidates = nodes.Value!
            .Where(n => n.LocationId == locationId && !n.MaintenanceMode)
            .Where(n => request.NodeIds.Count == 0 || request.NodeIds.Contains(n.Id));
        foreach (var node in candidates)
        {
            var free = await panel.ListFreeAllocationsAsync(node.Id, cancellationToken);
            if (!free.IsSuccess)
            {
                return null;
            }

            if (free.Value!.Count >= resources.Allocations)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record LocationQuestion(int LocationId, int MemoryMb, int DiskMb, int Allocations, string NodeIds);
}
