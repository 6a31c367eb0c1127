using System.Globalization;
using System.Text.Json;
using GameHost.App.Features.Provisioning.Pterodactyl;
using GameHost.Domain.Provisioning;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// <c>POST /servers</c> in the panel's order (contract §6.6): request validation (422), then the deploy choice
/// (400 <c>NoViableNodeException</c>/<c>NoViableAllocationException</c>), then the egg's variables (a second 422,
/// fields <c>environment.NAME</c>), then the server with its ports, installing. Egg defaults are NOT applied: a missing
/// required variable fails, as on the real panel.
/// </summary>
public static class DemoPanelServerCreate
{
    public static DemoPanelOutcome Create(DemoPanel panel, DemoPanelData data, JsonElement body, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(data);
        var v = new DemoPanelValidator(body);
        var externalId = ExternalId(v, data, self: null);
        var name = v.Text("name", required: true);
        var description = v.Text("description", required: false, max: int.MaxValue);
        var userId = v.Whole("user", required: true);
        if (userId is not null && data.Users.All(u => u.Id != userId))
        {
            v.Fail("user", "exists", "The selected user is invalid.");
        }

        var eggId = v.Whole("egg", required: true);
        var egg = eggId is null ? null : data.Eggs.SingleOrDefault(e => e.Id == eggId);
        if (eggId is not null && egg is null)
        {
            v.Fail("egg", "exists", "The selected egg is invalid.");
        }

        var image = v.Text("docker_image", required: true);
        var startup = v.Text("startup", required: true, max: int.MaxValue);
        var environment = Environment(v);
        var limits = Limits(v);
        var threads = v.Text("limits.threads", required: false);
        // Only the top-level flag counts; limits.oom_disabled is ignored and the default is true (pitfall 4).
        var oomDisabled = v.Boolean("oom_disabled", required: false) ?? true;
        var databases = v.Whole("feature_limits.databases", required: false, min: 0, present: true);
        var allocationLimit = v.Whole("feature_limits.allocations", required: false, min: 0);
        var backups = v.Whole("feature_limits.backups", required: false, min: 0, present: true);
        v.Boolean("start_on_completion", required: false);
        v.Boolean("skip_scripts", required: false);

        var deploying = v.Has("deploy");
        List<int> ports = [];
        if (deploying)
        {
            v.Integers("deploy.locations", present: true);
            v.Boolean("deploy.dedicated_ip", required: true);
            v.Array("deploy.port_range", present: true);
        }
        else
        {
            ports = ExplicitAllocations(v, data);
        }

        if (!v.IsValid)
        {
            return DemoPanelOutcome.Error(v.Errors);
        }

        if (deploying)
        {
            var chosen = Deploy(v, data, limits.Memory, limits.Disk, out var refusal);
            if (chosen is null)
            {
                return DemoPanelOutcome.Error(refusal!);
            }

            ports = [chosen.Value];
        }

        var values = CheckVariables(egg!, environment!.Value, out var variableErrors);
        if (variableErrors.Count > 0)
        {
            return DemoPanelOutcome.Error(variableErrors);
        }

        var now = panel.Time.GetUtcNow();
        var primary = data.Allocations.Single(a => a.Id == ports[0]);
        var server = new DemoServer
        {
            Id = data.NextServerId++,
            ExternalId = string.IsNullOrEmpty(externalId) ? null : externalId,
            Uuid = Guid.NewGuid().ToString(),
            Name = name!,
            Description = description ?? "",
            UserId = userId!.Value,
            NodeId = primary.NodeId,
            AllocationId = primary.Id,
            EggId = egg!.Id,
            Image = image!,
            Startup = startup!,
            Memory = limits.Memory,
            Swap = limits.Swap,
            Disk = limits.Disk,
            Io = limits.Io,
            Cpu = limits.Cpu,
            Threads = threads,
            OomDisabled = oomDisabled,
            Databases = databases ?? 0,
            AllocationLimit = allocationLimit ?? 0,
            Backups = backups ?? 0,
            Environment = values,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var allocation in data.Allocations.Where(a => ports.Contains(a.Id)))
        {
            allocation.ServerId = server.Id;
        }

        panel.StartInstall(server, reinstall: false);
        data.Servers.Add(server);
        return DemoPanelServersApi.Render(data, server, request, status: 201);
    }

    /// <summary><c>external_id</c>: a JSON string (a number fails), at most 191 characters, unique among servers.</summary>
    internal static string? ExternalId(DemoPanelValidator v, DemoPanelData data, DemoServer? self)
    {
        var externalId = v.Text("external_id", required: false);
        if (!string.IsNullOrEmpty(externalId)
            && data.Servers.Any(s => s != self && string.Equals(s.ExternalId, externalId, StringComparison.OrdinalIgnoreCase)))
        {
            v.Fail("external_id", "unique", "The external id has already been taken.");
        }

        return externalId;
    }

    internal static (int Memory, int Swap, int Disk, int Io, int Cpu) Limits(DemoPanelValidator v) => (
        v.Whole("limits.memory", required: true, min: 0) ?? 0,
        v.Whole("limits.swap", required: true, min: -1) ?? 0,
        v.Whole("limits.disk", required: true, min: 0) ?? 0,
        v.Whole("limits.io", required: true, min: 10, max: 1000) ?? 500,
        v.Whole("limits.cpu", required: true, min: 0) ?? 0);

    /// <summary><c>environment</c> must be present and an object (an empty array reads as <c>{}</c>).</summary>
    internal static JsonElement? Environment(DemoPanelValidator v)
    {
        var value = v.Get("environment");
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return value;
            case JsonValueKind.Array when value.GetArrayLength() == 0:
                return JsonDocument.Parse("{}").RootElement.Clone();
            case JsonValueKind.Undefined:
                v.Fail("environment", "present", "The environment field must be present.");
                return null;
            default:
                v.Fail("environment", "array", "The environment must be an array.");
                return null;
        }
    }

    /// <summary>
    /// Every variable of the egg against its rules, with what was sent (missing = empty: no defaults). Returns the
    /// values to store; <paramref name="errors"/> one 422 entry per failing variable.
    /// </summary>
    internal static Dictionary<string, string> CheckVariables(DemoEgg egg, JsonElement environment, out List<DemoPanelError> errors)
    {
        errors = [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in egg.Variables)
        {
            var field = $"environment.{variable.EnvVariable}";
            var sent = environment.TryGetProperty(variable.EnvVariable, out var raw) ? raw : default;
            if (sent.ValueKind is not (JsonValueKind.String or JsonValueKind.Null or JsonValueKind.Undefined)
                && variable.Rules.Split('|').Contains("string", StringComparer.Ordinal))
            {
                errors.Add(DemoPanelError.Validation(field, "string", $"The {variable.Name} variable field must be a string."));
                continue;
            }

            var text = PanelJson.Text(sent);
            if (EggVariableRules.Check(variable.EnvVariable, variable.Rules, text) is { } error)
            {
                var rule = RuleOf(error.Code);
                errors.Add(DemoPanelError.Validation(field, rule, rule == "required"
                    ? $"The {variable.Name} variable field is required."
                    : $"The {variable.Name} variable field is invalid ({rule}): {error.Message}"));
                continue;
            }

            values[variable.EnvVariable] = text;
        }

        return values;
    }

    private static string RuleOf(string code) => code switch
    {
        "provisioning.variable_required" => "required",
        "provisioning.variable_not_integer" => "integer",
        "provisioning.variable_not_numeric" => "numeric",
        "provisioning.variable_not_boolean" => "boolean",
        "provisioning.variable_max" => "max",
        "provisioning.variable_min" => "min",
        "provisioning.variable_not_in_list" => "in",
        "provisioning.variable_format" => "regex",
        _ => "invalid",
    };

    /// <summary><c>allocation.default</c> and <c>allocation.additional</c>: each must exist and be free.</summary>
    private static List<int> ExplicitAllocations(DemoPanelValidator v, DemoPanelData data)
    {
        var ports = new List<int>();
        var primary = v.Whole("allocation.default", required: true);
        if (primary is not null)
        {
            if (data.Allocations.Any(a => a.Id == primary && a.ServerId is null))
            {
                ports.Add(primary.Value);
            }
            else
            {
                v.Fail("allocation.default", "exists", "The selected allocation.default is invalid.");
            }
        }

        var additional = v.Integers("allocation.additional", present: false);
        for (var i = 0; i < additional.Count; i++)
        {
            // Not checked to be on the default's node: that is the caller's job, as on the real panel.
            if (data.Allocations.Any(a => a.Id == additional[i] && a.ServerId is null))
            {
                ports.Add(additional[i]);
            }
            else
            {
                var field = $"allocation.additional.{i.ToString(CultureInfo.InvariantCulture)}";
                v.Fail(field, "exists", $"The selected {field} is invalid.");
            }
        }

        return ports;
    }

    /// <summary>
    /// The panel's deployment: public nodes in the locations with room (maintenance mode is NOT considered), then one
    /// random free port among them, within the port ranges and on an unshared IP when asked.
    /// </summary>
    private static int? Deploy(DemoPanelValidator v, DemoPanelData data, int memory, int disk, out DemoPanelError? refusal)
    {
        refusal = null;
        var locations = v.Integers("deploy.locations", present: true);
        var dedicatedIp = v.Boolean("deploy.dedicated_ip", required: true) ?? false;
        var ranges = new List<(int From, int To)>();
        foreach (var range in v.Get("deploy.port_range").EnumerateArray().Select(PanelJson.Text))
        {
            var parts = range.Split('-');
            if (parts.Length is 1 or 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                if (to - from > 1000)
                {
                    refusal = DemoPanelError.Display("You cannot assign more than 1000 ports at one time.");
                    return null;
                }

                ranges.Add((from, to));
            }

            // Other formats are ignored without a word, as on the real panel.
        }

        var nodes = data.Nodes
            .Where(n => n.Public && (locations.Count == 0 || locations.Contains(n.LocationId)) && DemoPanelInfrastructureApi.Fits(data, n, memory, disk))
            .Select(n => n.Id)
            .ToHashSet();
        if (nodes.Count == 0)
        {
            refusal = new DemoPanelError(400, "NoViableNodeException",
                "No nodes satisfying the requirements specified for automatic deployment could be found.");
            return null;
        }

        var sharedIps = data.Allocations.Where(a => a.ServerId is not null).Select(a => a.Ip).ToHashSet(StringComparer.Ordinal);
        var free = data.Allocations
            .Where(a => nodes.Contains(a.NodeId) && a.ServerId is null)
            .Where(a => ranges.Count == 0 || ranges.Any(r => a.Port >= r.From && a.Port <= r.To))
            .Where(a => !dedicatedIp || !sharedIps.Contains(a.Ip))
            .ToList();
        if (free.Count == 0)
        {
            refusal = new DemoPanelError(400, "NoViableAllocationException",
                "No allocations satisfying the requirements for automatic deployment were found.");
            return null;
        }

        return free[Random.Shared.Next(free.Count)].Id;
    }
}
