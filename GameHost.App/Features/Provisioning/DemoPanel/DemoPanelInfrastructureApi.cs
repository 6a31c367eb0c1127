using System.Globalization;
using System.Text.Json.Nodes;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>Locations, nodes, allocations, nests and eggs (contract §6.2–§6.5): read-only here.</summary>
public static class DemoPanelInfrastructureApi
{
    private static readonly Dictionary<string, Func<DemoLocation, IComparable>> LocationSorts = new(StringComparer.Ordinal) { ["id"] = l => l.Id };
    private static readonly Dictionary<string, DemoPanelFilter<DemoLocation>> LocationFilters = new(StringComparer.Ordinal)
    {
        ["short"] = DemoPanelListQuery.Substring<DemoLocation>(l => l.Code),
        ["long"] = DemoPanelListQuery.Substring<DemoLocation>(l => l.Description),
    };

    private static readonly Dictionary<string, DemoPanelFilter<DemoNode>> NodeFilters = new(StringComparer.Ordinal)
    {
        ["uuid"] = DemoPanelListQuery.Substring<DemoNode>(n => n.Uuid),
        ["name"] = DemoPanelListQuery.Substring<DemoNode>(n => n.Name),
        ["fqdn"] = DemoPanelListQuery.Substring<DemoNode>(n => n.Fqdn),
        ["daemon_token_id"] = DemoPanelListQuery.Substring<DemoNode>(n => n.Uuid[..16]),
    };

    private static readonly Dictionary<string, Func<DemoNode, IComparable>> NodeSorts = new(StringComparer.Ordinal)
    {
        ["id"] = n => n.Id,
        ["uuid"] = n => n.Uuid,
        ["memory"] = n => n.Memory,
        ["disk"] = n => n.Disk,
    };

    private static readonly Dictionary<string, DemoPanelFilter<DemoAllocation>> AllocationFilters = new(StringComparer.Ordinal)
    {
        ["ip"] = DemoPanelListQuery.Exact<DemoAllocation>(a => a.Ip),
        ["port"] = DemoPanelListQuery.Exact<DemoAllocation>(a => a.Port.ToString(CultureInfo.InvariantCulture)),
        ["ip_alias"] = DemoPanelListQuery.Substring<DemoAllocation>(a => a.Alias),
        // A positive id: that server's ports; "false", 0 or anything else: only the free ones.
        ["server_id"] = (a, value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > 0
            ? a.ServerId == id
            : a.ServerId is null,
    };

    public static void Map(RouteGroupBuilder api, DemoPanel panel)
    {
        api.MapGet("/locations", (HttpRequest request) => panel.Read(data =>
            DemoPanelListQuery.Page(request, "location", data.Locations.OrderBy(l => l.Id), LocationFilters, LocationSorts, DemoPanelJson.Location)));
        api.MapGet("/locations/{id:int}", (int id) => panel.Read(data =>
            data.Locations.SingleOrDefault(l => l.Id == id) is { } location
                ? DemoPanelOutcome.Ok(DemoPanelJson.Envelope("location", DemoPanelJson.Location(location)))
                : DemoPanelOutcome.Error(DemoPanelError.NotFound())));

        api.MapGet("/nodes", (HttpRequest request) => panel.Read(data =>
            DemoPanelListQuery.Page(request, "node", data.Nodes.OrderBy(n => n.Id), NodeFilters, NodeSorts, n => DemoPanelJson.Node(data, n))));
        api.MapGet("/nodes/deployable", (HttpRequest request) => panel.Read(data => Deployable(request, data)));
        api.MapGet("/nodes/{id:int}", (int id) => panel.Read(data =>
            data.Nodes.SingleOrDefault(n => n.Id == id) is { } node
                ? DemoPanelOutcome.Ok(DemoPanelJson.Envelope("node", DemoPanelJson.Node(data, node)))
                : DemoPanelOutcome.Error(DemoPanelError.NotFound())));
        api.MapGet("/nodes/{id:int}/allocations", (HttpRequest request, int id) => panel.Read(data =>
            data.Nodes.Any(n => n.Id == id)
                ? DemoPanelListQuery.Page(request, "allocation", data.Allocations.Where(a => a.NodeId == id).OrderBy(a => a.Id),
                    AllocationFilters, new Dictionary<string, Func<DemoAllocation, IComparable>>(), DemoPanelJson.Allocation)
                : DemoPanelOutcome.Error(DemoPanelError.NotFound())));

        api.MapGet("/nests", (HttpRequest request) => panel.Read(data =>
            DemoPanelListQuery.Page(request, "nest", data.Nests.OrderBy(n => n.Id), new Dictionary<string, DemoPanelFilter<DemoNest>>(),
                new Dictionary<string, Func<DemoNest, IComparable>>(), DemoPanelJson.Nest)));
        api.MapGet("/nests/{id:int}", (int id) => panel.Read(data =>
            data.Nests.SingleOrDefault(n => n.Id == id) is { } nest
                ? DemoPanelOutcome.Ok(DemoPanelJson.Envelope("nest", DemoPanelJson.Nest(nest)))
                : DemoPanelOutcome.Error(DemoPanelError.NotFound())));
        // Not paginated: no meta block.
        api.MapGet("/nests/{id:int}/eggs", (HttpRequest request, int id) => panel.Read(data =>
            data.Nests.Any(n => n.Id == id)
                ? DemoPanelOutcome.Ok(DemoPanelJson.List("egg",
                    data.Eggs.Where(e => e.NestId == id).OrderBy(e => e.Id).Select(e => DemoPanelJson.Egg(e, DemoPanelBody.Includes(request).Contains("variables")))))
                : DemoPanelOutcome.Error(DemoPanelError.NotFound())));
        api.MapGet("/nests/{id:int}/eggs/{eggId:int}", (HttpRequest request, int id, int eggId) => panel.Read(data =>
            data.Eggs.SingleOrDefault(e => e.Id == eggId && e.NestId == id) is { } egg
                ? DemoPanelOutcome.Ok(DemoPanelJson.Envelope("egg", DemoPanelJson.Egg(egg, DemoPanelBody.Includes(request).Contains("variables"))))
                : DemoPanelOutcome.Error(DemoPanelError.NotFound())));
    }

    /// <summary>
    /// Whether a node has room by the panel's rule: allocated + requested ≤ capacity × (1 + overallocate/100), for
    /// memory and disk. An overallocation of -1 is not "unlimited" (it gives ×0.99), as on the real panel.
    /// </summary>
    public static bool Fits(DemoPanelData data, DemoNode node, int memory, int disk) =>
        data.AllocatedMemory(node) + (decimal)memory <= node.Memory * (1 + node.MemoryOverallocate / 100m)
        && data.AllocatedDisk(node) + (decimal)disk <= node.Disk * (1 + node.DiskOverallocate / 100m);

    private static DemoPanelOutcome Deployable(HttpRequest request, DemoPanelData data)
    {
        var errors = new List<DemoPanelError>();
        var memory = RequiredInt(request, "memory", errors);
        var disk = RequiredInt(request, "disk", errors);
        if (errors.Count > 0)
        {
            return DemoPanelOutcome.Error(errors);
        }

        var locations = request.Query["location_ids[]"]
            .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : -1).ToList();
        var nodes = data.Nodes
            .Where(n => n.Public && (locations.Count == 0 || locations.Contains(n.LocationId)) && Fits(data, n, memory, disk))
            .OrderBy(n => n.Id)
            .ToList();
        if (nodes.Count == 0)
        {
            return DemoPanelOutcome.Error(new DemoPanelError(400, "NoViableNodeException",
                "No nodes satisfying the requirements specified for automatic deployment could be found."));
        }

        JsonObject Render(DemoNode node)
        {
            var attributes = DemoPanelJson.Node(data, node);
            attributes["sum_memory"] = data.AllocatedMemory(node).ToString(CultureInfo.InvariantCulture);
            attributes["sum_disk"] = data.AllocatedDisk(node).ToString(CultureInfo.InvariantCulture);
            return attributes;
        }

        // Paginated only when a page is asked for.
        return request.Query.ContainsKey("page")
            ? DemoPanelListQuery.Page(request, "node", nodes, new Dictionary<string, DemoPanelFilter<DemoNode>>(),
                new Dictionary<string, Func<DemoNode, IComparable>>(), Render)
            : DemoPanelOutcome.Ok(DemoPanelJson.List("node", nodes.Select(Render)));
    }

    private static int RequiredInt(HttpRequest request, string name, List<DemoPanelError> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            errors.Add(DemoPanelError.Validation(name, "required", $"The {name} field is required."));
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(DemoPanelError.Validation(name, "integer", $"The {name} must be an integer."));
        }

        return value;
    }
}
