using System.Globalization;
using System.Text.Json;
using GameHost.Domain.Provisioning.Panel;

namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>
/// Reads the panel's envelopes (contract §2) into the port's models, tolerantly: numbers that arrive as strings,
/// <c>links</c> as <c>[]</c> or an object (never read: page URLs are built from the numbers), the digit-led <c>2fa</c> key,
/// both timestamp formats, related resources inside <c>attributes.relationships</c>, and a <c>container.environment</c>
/// whose values are of mixed JSON types.
/// </summary>
public static class PanelJson
{
    /// <summary>The <c>attributes</c> of a single-resource envelope.</summary>
    public static JsonElement Attributes(JsonElement envelope) =>
        envelope.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object
            ? attributes
            : throw new JsonException("The panel's answer has no attributes.");

    /// <summary>The <c>attributes</c> of every item of a list envelope.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement list)
    {
        if (!list.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The panel's list has no data array.");
        }

        return data.EnumerateArray().Select(Attributes);
    }

    /// <summary>The page numbers of a paginated list; a list without <c>meta</c> is one page.</summary>
    public static (int Current, int Total) Pages(JsonElement list)
    {
        if (list.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("pagination", out var pagination) && pagination.ValueKind == JsonValueKind.Object)
        {
            return (Number(pagination, "current_page", 1), Number(pagination, "total_pages", 1));
        }

        return (1, 1);
    }

    /// <summary>The items of an included relationship (<c>attributes.relationships.name</c>); empty when absent or not readable.</summary>
    public static IEnumerable<JsonElement> Related(JsonElement attributes, string name)
    {
        if (attributes.TryGetProperty("relationships", out var relationships) && relationships.ValueKind == JsonValueKind.Object
            && relationships.TryGetProperty(name, out var related) && related.ValueKind == JsonValueKind.Object
            && related.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            return data.EnumerateArray().Select(Attributes);
        }

        // Missing, or {"object":"null_resource","attributes":null} when the key may not read it.
        return [];
    }

    public static PanelUser User(JsonElement a) => new(
        Number(a, "id"), Str(a, "external_id"), Str(a, "uuid") ?? "", Str(a, "username") ?? "", Str(a, "email") ?? "",
        Str(a, "first_name") ?? "", Str(a, "last_name") ?? "", Str(a, "language") ?? "en")
    {
        TwoFactorEnabled = Bool(a, "2fa"),
        CreatedAt = Timestamp(a, "created_at"),
    };

    public static PanelServer Server(JsonElement a)
    {
        var limits = Object(a, "limits");
        var features = Object(a, "feature_limits");
        var container = Object(a, "container");
        return new PanelServer(
            Number(a, "id"),
            Str(a, "external_id"),
            Str(a, "uuid") ?? "",
            Str(a, "identifier") ?? "",
            Str(a, "name") ?? "",
            Str(a, "description") ?? "",
            Str(a, "status"),
            Number(a, "user"),
            Number(a, "node"),
            Number(a, "allocation"),
            Number(a, "nest"),
            Number(a, "egg"),
            new PanelLimits(Number(limits, "memory"), Number(limits, "swap"), Number(limits, "disk"), Number(limits, "io"), Number(limits, "cpu"),
                Str(limits, "threads"), Bool(limits, "oom_disabled")),
            new PanelFeatureLimits(Number(features, "databases"), Number(features, "allocations"), Number(features, "backups")),
            Str(container, "image") ?? "",
            Str(container, "startup_command") ?? "",
            Environment(container),
            Related(a, "allocations").Select(Allocation).ToList())
        {
            CreatedAt = Timestamp(a, "created_at"),
        };
    }

    public static PanelAllocation Allocation(JsonElement a) =>
        new(Number(a, "id"), Str(a, "ip") ?? "", Str(a, "alias"), Number(a, "port"), Bool(a, "assigned"));

    public static PanelLocation Location(JsonElement a) => new(Number(a, "id"), Str(a, "short") ?? "", Str(a, "long"));

    public static PanelNode Node(JsonElement a)
    {
        var allocated = Object(a, "allocated_resources");
        return new PanelNode(
            Number(a, "id"), Str(a, "name") ?? "", Number(a, "location_id"), Bool(a, "public"), Bool(a, "maintenance_mode"),
            Str(a, "fqdn") ?? "", Number(a, "memory"), Number(a, "memory_overallocate"), Number(a, "disk"), Number(a, "disk_overallocate"),
            Number(allocated, "memory"), Number(allocated, "disk"));
    }

    public static PanelNest Nest(JsonElement a) => new(Number(a, "id"), Str(a, "name") ?? "", Str(a, "description") ?? "");

    public static PanelEgg Egg(JsonElement a)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        if (a.TryGetProperty("docker_images", out var dockerImages) && dockerImages.ValueKind == JsonValueKind.Object)
        {
            foreach (var image in dockerImages.EnumerateObject())
            {
                images[image.Name] = Text(image.Value);
            }
        }

        return new PanelEgg(Number(a, "id"), Number(a, "nest"), Str(a, "name") ?? "", Str(a, "description") ?? "", images,
            Str(a, "startup") ?? "", Related(a, "variables").Select(EggVariable).ToList());
    }

    public static PanelEggVariable EggVariable(JsonElement a) => new(
        Str(a, "name") ?? "", Str(a, "description") ?? "", Str(a, "env_variable") ?? "", Str(a, "default_value") ?? "",
        Bool(a, "user_viewable"), Bool(a, "user_editable"), Str(a, "rules") ?? "")
    {
        UpdatedAt = Timestamp(a, "updated_at"),
    };

    /// <summary>
    /// <c>container.environment</c> as strings: the panel mixes types (<c>P_SERVER_ALLOCATION_LIMIT</c> is a number),
    /// so each value is rendered as its text.
    /// </summary>
    private static Dictionary<string, string> Environment(JsonElement container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (container.ValueKind == JsonValueKind.Object
            && container.TryGetProperty("environment", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var value in values.EnumerateObject())
            {
                environment[value.Name] = Text(value.Value);
            }
        }

        return environment;
    }

    /// <summary>Any JSON value as the text a panel form would show.</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    public static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? Text(value)
            : null;

    /// <summary>An integer that may arrive as a number or a numeric string (e.g. <c>sum_memory</c>); missing or null = <paramref name="fallback"/>.</summary>
    public static int Number(JsonElement obj, string name, int fallback = 0)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.Number when value.TryGetDouble(out var real) => (int)Math.Clamp(real, int.MinValue, int.MaxValue),
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonValueKind.True => 1,
            _ => fallback,
        };
    }

    /// <summary>A flag that may arrive as a boolean or as 0/1.</summary>
    public static bool Bool(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => value.TryGetInt32(out var number) && number != 0,
            JsonValueKind.String => value.GetString() is "1" or "true",
            _ => false,
        };

    /// <summary>
    /// Both formats the panel writes: <c>2025-03-14T09:18:42+00:00</c> (most objects) and
    /// <c>2024-05-07T12:55:55.000000Z</c> (egg and server variables). Unreadable = null.
    /// </summary>
    public static DateTimeOffset? Timestamp(JsonElement obj, string name) =>
        Str(obj, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    private static JsonElement Object(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;
}
