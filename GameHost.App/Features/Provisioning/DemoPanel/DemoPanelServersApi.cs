using System.Text.Json;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary><c>/servers</c> as the panel serves it (contract §6.6–§6.12): lists, lookups, the PATCHes and the actions.</summary>
public static class DemoPanelServersApi
{
    private static readonly Dictionary<string, DemoPanelFilter<DemoServer>> Filters = new(StringComparer.Ordinal)
    {
        ["uuid"] = DemoPanelListQuery.Substring<DemoServer>(s => s.Uuid),
        ["uuidShort"] = DemoPanelListQuery.Substring<DemoServer>(s => s.Identifier),
        ["name"] = DemoPanelListQuery.Substring<DemoServer>(s => s.Name),
        ["description"] = DemoPanelListQuery.Substring<DemoServer>(s => s.Description),
        ["image"] = DemoPanelListQuery.Substring<DemoServer>(s => s.Image),
        ["external_id"] = DemoPanelListQuery.Substring<DemoServer>(s => s.ExternalId),
    };

    private static readonly Dictionary<string, Func<DemoServer, IComparable>> Sorts = new(StringComparer.Ordinal)
    {
        ["id"] = s => s.Id,
        ["uuid"] = s => s.Uuid,
    };

    public static void Map(RouteGroupBuilder api, DemoPanel panel)
    {
        api.MapGet("/servers", (HttpRequest request) => panel.Read(data =>
        {
            var includes = DemoPanelBody.Includes(request);
            return DemoPanelListQuery.Page(request, "server", data.Servers.OrderBy(s => s.Id), Filters, Sorts, s => DemoPanelJson.Server(data, s, includes));
        }));
        api.MapGet("/servers/{id:int}", (HttpRequest request, int id) => panel.Read(data =>
            Found(data, data.Servers.SingleOrDefault(s => s.Id == id), request)));
        api.MapGet("/servers/external/{externalId}", (HttpRequest request, string externalId) => panel.Read(data =>
            Found(data, data.Servers.FirstOrDefault(s => string.Equals(s.ExternalId, externalId, StringComparison.OrdinalIgnoreCase)), request)));

        api.MapPost("/servers", (HttpContext http) => WithBody(http, body => panel.Write(data => DemoPanelServerCreate.Create(panel, data, body, http.Request))));
        api.MapPatch("/servers/{id:int}/details", (HttpContext http, int id) => WithBody(http, body => panel.Write(data =>
            WithServer(data, id, server => Details(panel, data, server, body, http.Request)))));
        api.MapPatch("/servers/{id:int}/build", (HttpContext http, int id) => WithBody(http, body => panel.Write(data =>
            WithServer(data, id, server => Build(panel, data, server, body, http.Request)))));
        api.MapPatch("/servers/{id:int}/startup", (HttpContext http, int id) => WithBody(http, body => panel.Write(data =>
            WithServer(data, id, server => Startup(panel, data, server, body, http.Request)))));

        // Suspend and unsuspend are silent no-ops in the target state; the previous status is not remembered.
        api.MapPost("/servers/{id:int}/suspend", (int id) => panel.Write(data => WithServer(data, id, server =>
        {
            if (server.Status != DemoServer.Suspended)
            {
                server.Status = DemoServer.Suspended;
                server.UpdatedAt = panel.Time.GetUtcNow();
            }

            return DemoPanelOutcome.NoContent();
        })));
        api.MapPost("/servers/{id:int}/unsuspend", (int id) => panel.Write(data => WithServer(data, id, server =>
        {
            if (server.Status == DemoServer.Suspended)
            {
                server.Status = null;
                server.UpdatedAt = panel.Time.GetUtcNow();
            }

            return DemoPanelOutcome.NoContent();
        })));
        api.MapPost("/servers/{id:int}/reinstall", (int id) => panel.Write(data => WithServer(data, id, server =>
        {
            panel.StartInstall(server, reinstall: true);
            server.UpdatedAt = panel.Time.GetUtcNow();
            return DemoPanelOutcome.NoContent();
        })));
        api.MapDelete("/servers/{id:int}", (int id) => panel.Write(data => WithServer(data, id, server => Delete(data, server))));
        api.MapDelete("/servers/{id:int}/force", (int id) => panel.Write(data => WithServer(data, id, server => Delete(data, server))));
    }

    internal static DemoPanelOutcome Render(DemoPanelData data, DemoServer server, HttpRequest request, int status = 200) =>
        new(status, DemoPanelJson.Envelope("server", DemoPanelJson.Server(data, server, DemoPanelBody.Includes(request))));

    private static DemoPanelOutcome Found(DemoPanelData data, DemoServer? server, HttpRequest request) =>
        server is null ? DemoPanelOutcome.Error(DemoPanelError.NotFound()) : Render(data, server, request);

    private static DemoPanelOutcome WithBody(HttpContext http, Func<JsonElement, DemoPanelOutcome> handle) =>
        DemoPanelBody.Parse(http, out var error) is { } body ? handle(body) : error!;

    private static DemoPanelOutcome WithServer(DemoPanelData data, int id, Func<DemoServer, DemoPanelOutcome> handle) =>
        data.Servers.SingleOrDefault(s => s.Id == id) is { } server ? handle(server) : DemoPanelOutcome.Error(DemoPanelError.NotFound());

    private static DemoPanelOutcome Delete(DemoPanelData data, DemoServer server)
    {
        foreach (var allocation in data.Allocations.Where(a => a.ServerId == server.Id))
        {
            allocation.ServerId = null;
        }

        data.Servers.Remove(server);
        return DemoPanelOutcome.NoContent();
    }

    /// <summary>Name, owner, external id and description; an omitted external id is set to null (pitfall 5).</summary>
    private static DemoPanelOutcome Details(DemoPanel panel, DemoPanelData data, DemoServer server, JsonElement body, HttpRequest request)
    {
        var v = new DemoPanelValidator(body);
        var name = v.Text("name", required: true);
        var user = v.Whole("user", required: true);
        if (user is not null && data.Users.All(u => u.Id != user))
        {
            v.Fail("user", "exists", "The selected user is invalid.");
        }

        var externalId = DemoPanelServerCreate.ExternalId(v, data, server);
        var description = v.Text("description", required: false, max: int.MaxValue);
        if (!v.IsValid)
        {
            return DemoPanelOutcome.Error(v.Errors);
        }

        server.Name = name!;
        server.UserId = user!.Value;
        server.ExternalId = string.IsNullOrEmpty(externalId) ? null : externalId;
        server.Description = description ?? "";
        server.UpdatedAt = panel.Time.GetUtcNow();
        return Render(data, server, request);
    }

    /// <summary>
    /// Limits and ports. The default allocation and the feature limits are required every time (pitfall 7); the
    /// default cannot be removed without a replacement (pitfall 8); no node-capacity check (an upgrade can overcommit).
    /// </summary>
    private static DemoPanelOutcome Build(DemoPanel panel, DemoPanelData data, DemoServer server, JsonElement body, HttpRequest request)
    {
        var v = new DemoPanelValidator(body);
        var allocation = v.Whole("allocation", required: true);
        var limits = DemoPanelServerCreate.Limits(v);
        var oom = v.Boolean("oom_disabled", required: false);
        var databases = v.Whole("feature_limits.databases", required: false, min: 0, present: true);
        var allocationLimit = v.Whole("feature_limits.allocations", required: false, min: 0);
        var backups = v.Whole("feature_limits.backups", required: false, min: 0, present: true);
        var add = v.Integers("add_allocations", present: false);
        var remove = v.Integers("remove_allocations", present: false);
        if (!v.IsValid)
        {
            return DemoPanelOutcome.Error(v.Errors);
        }

        var owned = data.Allocations.Where(a => a.ServerId == server.Id).Select(a => a.Id).ToHashSet();
        // Only free ports of the server's own node are taken; others are skipped without a word.
        var adding = data.Allocations.Where(a => add.Contains(a.Id) && a.ServerId is null && a.NodeId == server.NodeId).ToList();
        var after = owned.Union(adding.Select(a => a.Id)).Except(remove).ToHashSet();
        if (remove.Contains(allocation!.Value))
        {
            return DemoPanelOutcome.Error(DemoPanelError.Display(
                "You are attempting to delete the default allocation for this server but there is no fallback allocation to use."));
        }

        if (!after.Contains(allocation.Value))
        {
            return DemoPanelOutcome.Error(DemoPanelError.Display("The requested default allocation is not currently assigned to this server."));
        }

        foreach (var port in adding)
        {
            port.ServerId = server.Id;
        }

        foreach (var port in data.Allocations.Where(a => a.ServerId == server.Id && remove.Contains(a.Id)))
        {
            port.ServerId = null;
        }

        server.AllocationId = allocation.Value;
        (server.Memory, server.Swap, server.Disk, server.Io, server.Cpu) = (limits.Memory, limits.Swap, limits.Disk, limits.Io, limits.Cpu);
        if (v.Has("limits.threads"))
        {
            server.Threads = v.Text("limits.threads", required: false);
        }

        server.OomDisabled = oom ?? server.OomDisabled;
        server.Databases = databases;
        server.AllocationLimit = v.Has("feature_limits.allocations") ? allocationLimit ?? 0 : server.AllocationLimit;
        server.Backups = backups ?? 0;
        server.UpdatedAt = panel.Time.GetUtcNow();
        return Render(data, server, request);
    }

    /// <summary>
    /// Startup, image, egg and variables. A non-empty environment rewrites EVERY variable of the egg, omitted ones
    /// becoming empty (pitfall 6); <c>{}</c> leaves them as they are.
    /// </summary>
    private static DemoPanelOutcome Startup(DemoPanel panel, DemoPanelData data, DemoServer server, JsonElement body, HttpRequest request)
    {
        var v = new DemoPanelValidator(body);
        var startup = v.Text("startup", required: true, max: int.MaxValue);
        var environment = DemoPanelServerCreate.Environment(v);
        var eggId = v.Whole("egg", required: true);
        var egg = eggId is null ? null : data.Eggs.SingleOrDefault(e => e.Id == eggId);
        if (eggId is not null && egg is null)
        {
            v.Fail("egg", "exists", "The selected egg is invalid.");
        }

        var image = v.Text("image", required: true);
        v.Boolean("skip_scripts", required: false, present: true);
        if (!v.IsValid)
        {
            return DemoPanelOutcome.Error(v.Errors);
        }

        if (environment!.Value.EnumerateObject().Any())
        {
            var values = DemoPanelServerCreate.CheckVariables(egg!, environment.Value, out var errors);
            if (errors.Count > 0)
            {
                return DemoPanelOutcome.Error(errors);
            }

            foreach (var (name, value) in values)
            {
                server.Environment[name] = value;
            }
        }

        server.Startup = startup!;
        server.EggId = egg!.Id;
        server.Image = image!;
        server.UpdatedAt = panel.Time.GetUtcNow();
        return Render(data, server, request);
    }
}
