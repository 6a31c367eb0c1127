using System.Text.Json.Nodes;
using GameHost.Domain.Provisioning.Panel;

namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>
/// The JSON the panel expects for each write (contract §6), always in full: <c>external_id</c> as a string,
/// <c>oom_disabled</c> at the top level (pitfall 4), every feature limit (pitfall 7), the complete environment
/// (pitfalls 6 and 10) and the external id on every details PATCH (pitfall 5).
/// </summary>
public static class PanelRequestBodies
{
    public static JsonObject NewUser(NewPanelUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var body = new JsonObject
        {
            ["external_id"] = user.ExternalId,
            ["email"] = user.Email,
            ["username"] = user.Username,
            ["first_name"] = user.FirstName,
            ["last_name"] = user.LastName,
            ["language"] = user.Language,
        };
        if (!string.IsNullOrEmpty(user.Password))
        {
            body["password"] = user.Password;
        }

        return body;
    }

    public static JsonObject UserUpdate(PanelUserUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = new JsonObject
        {
            ["email"] = update.Email,
            ["username"] = update.Username,
            ["first_name"] = update.FirstName,
            ["last_name"] = update.LastName,
        };
        // Omitted = kept by the panel; sent when known so an adopted user is linked to our account.
        if (update.ExternalId is not null)
        {
            body["external_id"] = update.ExternalId;
        }

        if (!string.IsNullOrEmpty(update.Password))
        {
            body["password"] = update.Password;
        }

        return body;
    }

    public static JsonObject NewServer(NewPanelServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var body = new JsonObject
        {
            ["external_id"] = server.ExternalId,
            ["name"] = server.Name,
            ["description"] = server.Description,
            ["user"] = server.UserId,
            ["egg"] = server.EggId,
            ["docker_image"] = server.DockerImage,
            ["startup"] = server.Startup,
            ["environment"] = Environment(server.Environment),
            ["limits"] = Limits(server.Limits),
            ["oom_disabled"] = server.Limits.OomDisabled,
            ["feature_limits"] = FeatureLimits(server.FeatureLimits),
            ["start_on_completion"] = server.StartOnCompletion,
        };
        var placement = server.Placement;
        if (placement.DeployLocationIds is { } locations)
        {
            body["deploy"] = new JsonObject
            {
                ["locations"] = Numbers(locations),
                ["dedicated_ip"] = false,
                ["port_range"] = new JsonArray([.. placement.PortRanges.Select(r => (JsonNode?)JsonValue.Create(r))]),
            };
        }
        else
        {
            body["allocation"] = new JsonObject
            {
                ["default"] = placement.DefaultAllocationId,
                ["additional"] = Numbers(placement.AdditionalAllocationIds),
            };
        }

        return body;
    }

    public static JsonObject Build(PanelBuild build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var body = new JsonObject
        {
            ["allocation"] = build.AllocationId,
            ["limits"] = Limits(build.Limits),
            ["oom_disabled"] = build.Limits.OomDisabled,
            ["feature_limits"] = FeatureLimits(build.FeatureLimits),
        };
        if (build.AddAllocationIds.Count > 0)
        {
            body["add_allocations"] = Numbers(build.AddAllocationIds);
        }

        if (build.RemoveAllocationIds.Count > 0)
        {
            body["remove_allocations"] = Numbers(build.RemoveAllocationIds);
        }

        return body;
    }

    public static JsonObject Startup(PanelStartup startup)
    {
        ArgumentNullException.ThrowIfNull(startup);
        return new JsonObject
        {
            ["startup"] = startup.Startup,
            ["environment"] = Environment(startup.Environment),
            ["egg"] = startup.EggId,
            ["image"] = startup.Image,
            ["skip_scripts"] = startup.SkipScripts,
        };
    }

    public static JsonObject Details(PanelServerDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new JsonObject
        {
            ["name"] = details.Name,
            ["user"] = details.UserId,
            // Always present: an omitted external id is set to null by the panel.
            ["external_id"] = details.ExternalId,
            ["description"] = details.Description,
        };
    }

    private static JsonObject Limits(PanelLimits limits) => new()
    {
        ["memory"] = limits.MemoryMb,
        ["swap"] = limits.SwapMb,
        ["disk"] = limits.DiskMb,
        ["io"] = limits.Io,
        ["cpu"] = limits.CpuPercent,
        ["threads"] = limits.Threads,
    };

    private static JsonObject FeatureLimits(PanelFeatureLimits limits) => new()
    {
        ["databases"] = limits.Databases,
        ["allocations"] = limits.Allocations,
        ["backups"] = limits.Backups,
    };

    /// <summary>Every value as a JSON string: a number fails the panel's <c>string</c> rule.</summary>
    private static JsonObject Environment(IReadOnlyDictionary<string, string> environment)
    {
        var result = new JsonObject();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            result[name] = value ?? "";
        }

        return result;
    }

    private static JsonArray Numbers(IEnumerable<int> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
