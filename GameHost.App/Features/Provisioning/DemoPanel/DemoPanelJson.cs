using System.Globalization;
using System.Text.Json.Nodes;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// The panel's resources as it writes them (contract §2 and §6): <c>object</c>/<c>attributes</c> envelopes, related
/// resources inside <c>attributes.relationships</c>, ISO timestamps with <c>+00:00</c> on objects and the
/// <c>.000000Z</c> form on variables.
/// </summary>
public static class DemoPanelJson
{
    public static JsonObject Envelope(string type, JsonObject attributes) => new() { ["object"] = type, ["attributes"] = attributes };

    /// <summary>A list envelope; <paramref name="pagination"/> null for endpoints that are not paginated (no <c>meta</c>).</summary>
    public static JsonObject List(string type, IEnumerable<JsonObject> items, JsonObject? pagination = null)
    {
        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. items.Select(i => (JsonNode)Envelope(type, i))]),
        };
        if (pagination is not null)
        {
            list["meta"] = new JsonObject { ["pagination"] = pagination };
        }

        return list;
    }

    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string VariableTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'.000000Z'", CultureInfo.InvariantCulture);

    public static JsonObject User(DemoUser user) => new()
    {
        ["id"] = user.Id,
        ["external_id"] = user.ExternalId,
        ["uuid"] = user.Uuid,
        ["username"] = user.Username,
        ["email"] = user.Email,
        ["first_name"] = user.FirstName,
        ["last_name"] = user.LastName,
        ["language"] = user.Language,
        ["root_admin"] = user.RootAdmin,
        ["2fa"] = user.TwoFactor,
        ["created_at"] = Time(user.CreatedAt),
        ["updated_at"] = Time(user.UpdatedAt),
    };

    public static JsonObject Location(DemoLocation location) => new()
    {
        ["id"] = location.Id,
        ["short"] = location.Code,
        ["long"] = location.Description,
        ["updated_at"] = Time(location.CreatedAt),
        ["created_at"] = Time(location.CreatedAt),
    };

    public static JsonObject Node(DemoPanelData data, DemoNode node) => new()
    {
        ["id"] = node.Id,
        ["uuid"] = node.Uuid,
        ["public"] = node.Public,
        ["name"] = node.Name,
        ["description"] = null,
        ["location_id"] = node.LocationId,
        ["fqdn"] = node.Fqdn,
        ["scheme"] = "https",
        ["behind_proxy"] = false,
        ["maintenance_mode"] = node.MaintenanceMode,
        ["memory"] = node.Memory,
        ["memory_overallocate"] = node.MemoryOverallocate,
        ["disk"] = node.Disk,
        ["disk_overallocate"] = node.DiskOverallocate,
        ["upload_size"] = 100,
        ["daemon_listen"] = 8080,
        ["daemon_sftp"] = 2022,
        ["daemon_base"] = "/var/lib/pterodactyl/volumes",
        ["created_at"] = Time(node.CreatedAt),
        ["updated_at"] = Time(node.CreatedAt),
        ["allocated_resources"] = new JsonObject { ["memory"] = data.AllocatedMemory(node), ["disk"] = data.AllocatedDisk(node) },
    };

    public static JsonObject Allocation(DemoAllocation allocation) => new()
    {
        ["id"] = allocation.Id,
        ["ip"] = allocation.Ip,
        ["alias"] = allocation.Alias,
        ["port"] = allocation.Port,
        ["notes"] = allocation.Notes,
        ["assigned"] = allocation.ServerId is not null,
    };

    public static JsonObject Nest(DemoNest nest) => new()
    {
        ["id"] = nest.Id,
        ["uuid"] = nest.Uuid,
        ["author"] = "support@pterodactyl.io",
        ["name"] = nest.Name,
        ["description"] = nest.Description,
        ["created_at"] = Time(nest.CreatedAt),
        ["updated_at"] = Time(nest.CreatedAt),
    };

    public static JsonObject Egg(DemoEgg egg, bool includeVariables)
    {
        var images = new JsonObject();
        foreach (var (name, image) in egg.DockerImages)
        {
            images[name] = image;
        }

        var attributes = new JsonObject
        {
            ["id"] = egg.Id,
            ["uuid"] = egg.Uuid,
            ["name"] = egg.Name,
            ["nest"] = egg.NestId,
            ["author"] = "support@pterodactyl.io",
            ["description"] = egg.Description,
            ["docker_image"] = egg.DockerImages.Values.FirstOrDefault() ?? "",
            ["docker_images"] = images,
            ["config"] = new JsonObject { ["files"] = new JsonObject(), ["startup"] = new JsonObject(), ["stop"] = "stop", ["logs"] = new JsonArray(), ["file_denylist"] = new JsonArray(), ["extends"] = null },
            ["startup"] = egg.Startup,
            ["script"] = new JsonObject { ["privileged"] = true, ["install"] = "#!/bin/bash\necho \"Install Complete\"", ["entry"] = "bash", ["container"] = "ghcr.io/pterodactyl/installers:debian", ["extends"] = null },
            ["created_at"] = Time(egg.CreatedAt),
            ["updated_at"] = Time(egg.CreatedAt),
        };
        if (includeVariables)
        {
            attributes["relationships"] = new JsonObject
            {
                ["variables"] = List("egg_variable", egg.Variables.Select(v => EggVariable(egg, v))),
            };
        }

        return attributes;
    }

    public static JsonObject EggVariable(DemoEgg egg, DemoEggVariable variable) => new()
    {
        ["id"] = variable.Id,
        ["egg_id"] = egg.Id,
        ["name"] = variable.Name,
        ["description"] = variable.Description,
        ["env_variable"] = variable.EnvVariable,
        ["default_value"] = variable.DefaultValue,
        ["user_viewable"] = variable.UserViewable,
        ["user_editable"] = variable.UserEditable,
        ["rules"] = variable.Rules,
        ["created_at"] = VariableTime(egg.CreatedAt),
        ["updated_at"] = VariableTime(egg.CreatedAt),
    };

    public static JsonObject Server(DemoPanelData data, DemoServer server, IReadOnlySet<string> includes)
    {
        var egg = data.Egg(server.EggId);
        var node = data.Node(server.NodeId);
        var location = data.Locations.Single(l => l.Id == node.LocationId);
        var environment = new JsonObject();
        foreach (var variable in egg.Variables)
        {
            environment[variable.EnvVariable] = server.Environment.GetValueOrDefault(variable.EnvVariable, variable.DefaultValue);
        }

        // Values of variables of an earlier egg stay (the panel keeps them on an egg change).
        foreach (var (name, value) in server.Environment.Where(e => !environment.ContainsKey(e.Key)))
        {
            environment[name] = value;
        }

        environment["STARTUP"] = server.Startup;
        environment["P_SERVER_LOCATION"] = location.Code;
        environment["P_SERVER_UUID"] = server.Uuid;
        environment["P_SERVER_ALLOCATION_LIMIT"] = server.AllocationLimit ?? 0;

        var attributes = new JsonObject
        {
            ["id"] = server.Id,
            ["external_id"] = server.ExternalId,
            ["uuid"] = server.Uuid,
            ["identifier"] = server.Identifier,
            ["name"] = server.Name,
            ["description"] = server.Description,
            ["status"] = server.Status,
            ["suspended"] = server.Status == DemoServer.Suspended,
            ["limits"] = new JsonObject
            {
                ["memory"] = server.Memory,
                ["swap"] = server.Swap,
                ["disk"] = server.Disk,
                ["io"] = server.Io,
                ["cpu"] = server.Cpu,
                ["threads"] = server.Threads,
                ["oom_disabled"] = server.OomDisabled,
            },
            ["feature_limits"] = new JsonObject
            {
                ["databases"] = server.Databases,
                ["allocations"] = server.AllocationLimit,
                ["backups"] = server.Backups,
            },
            ["user"] = server.UserId,
            ["node"] = server.NodeId,
            ["allocation"] = server.AllocationId,
            ["nest"] = egg.NestId,
            ["egg"] = server.EggId,
            ["container"] = new JsonObject
            {
                ["startup_command"] = server.Startup,
                ["image"] = server.Image,
                ["installed"] = server.Status is DemoServer.Installing or DemoServer.InstallFailed ? 0 : 1,
                ["environment"] = environment,
            },
            ["updated_at"] = Time(server.UpdatedAt),
            ["created_at"] = Time(server.CreatedAt),
        };

        var relationships = new JsonObject();
        if (includes.Contains("allocations"))
        {
            // Highest port first, so a client that takes data[0] as the main address is caught out.
            relationships["allocations"] = List("allocation",
                data.Allocations.Where(a => a.ServerId == server.Id).OrderByDescending(a => a.Port).Select(Allocation));
        }

        if (includes.Contains("variables"))
        {
            relationships["variables"] = List("server_variable", egg.Variables.Select(v =>
            {
                var item = EggVariable(egg, v);
                item["server_value"] = server.Environment.GetValueOrDefault(v.EnvVariable, v.DefaultValue);
                return item;
            }));
        }

        if (includes.Contains("user"))
        {
            var user = data.Users.SingleOrDefault(u => u.Id == server.UserId);
            relationships["user"] = user is null ? NullResource() : Envelope("user", User(user));
        }

        if (relationships.Count > 0)
        {
            attributes["relationships"] = relationships;
        }

        return attributes;
    }

    private static JsonObject NullResource() => new() { ["object"] = "null_resource", ["attributes"] = null };

    /// <summary>The <c>errors</c> document; <c>status</c> is a string, as the panel writes it.</summary>
    public static JsonObject Errors(IEnumerable<DemoPanelError> errors) => new()
    {
        ["errors"] = new JsonArray([.. errors.Select(e =>
        {
            var item = new JsonObject
            {
                ["code"] = e.Code,
                ["status"] = e.Status.ToString(CultureInfo.InvariantCulture),
                ["detail"] = e.Detail,
            };
            if (e.SourceField is not null)
            {
                item["meta"] = new JsonObject { ["source_field"] = e.SourceField, ["rule"] = e.Rule };
            }

            return (JsonNode)item;
        })]),
    };
}

/// <summary>One entry of the panel's error document.</summary>
public sealed record DemoPanelError(int Status, string Code, string Detail, string? SourceField = null, string? Rule = null)
{
    public static DemoPanelError NotFound() =>
        new(404, "NotFoundHttpException", "The requested resource could not be found on the server.");

    public static DemoPanelError Validation(string field, string rule, string detail) => new(422, "ValidationException", detail, field, rule);

    public static DemoPanelError Display(string detail) => new(400, "DisplayException", detail);
}
