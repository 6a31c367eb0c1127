using System.Globalization;
using System.Text.Json;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// Request validation the way the panel's Laravel rules answer it: one 422 entry per failed rule per field, with the
/// field as <c>source_field</c> (dotted for nested fields) and the rule's name.
/// </summary>
public sealed class DemoPanelValidator(JsonElement body)
{
    public List<DemoPanelError> Errors { get; } = [];

    public bool IsValid => Errors.Count == 0;

    /// <summary>The value at a dotted path; Undefined when absent.</summary>
    public JsonElement Get(string path)
    {
        var current = body;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return default;
            }
        }

        return current;
    }

    public bool Has(string path) => Get(path).ValueKind != JsonValueKind.Undefined;

    public void Fail(string path, string rule, string detail) => Errors.Add(DemoPanelError.Validation(path, rule, detail));

    /// <summary>A string; "required" refuses absent, null and empty. Returns null when absent or invalid.</summary>
    public string? Text(string path, bool required, int max = 191, int min = 0)
    {
        var value = Get(path);
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            if (required)
            {
                Fail(path, "required", $"The {Attribute(path)} field is required.");
            }

            return value.ValueKind == JsonValueKind.String ? "" : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(path, "string", $"The {Attribute(path)} must be a string.");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > max)
        {
            Fail(path, "max", $"The {Attribute(path)} may not be greater than {max.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        if (text.Length < min)
        {
            Fail(path, "min", $"The {Attribute(path)} must be at least {min.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        return text;
    }

    /// <summary>An integer (a numeric string passes, as in Laravel). <paramref name="present"/>: must be there, may be null.</summary>
    public int? Whole(string path, bool required, int? min = null, int? max = null, bool present = false)
    {
        var value = Get(path);
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            if (present)
            {
                // "present": the key must be there; null is allowed.
                if (value.ValueKind == JsonValueKind.Undefined)
                {
                    Fail(path, "present", $"The {Attribute(path)} field must be present.");
                }
            }
            else if (required)
            {
                Fail(path, "required", $"The {Attribute(path)} field is required.");
            }

            return null;
        }

        int number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
        {
            number = n;
        }
        else if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            Fail(path, "integer", $"The {Attribute(path)} must be an integer.");
            return null;
        }

        if (min is not null && max is not null && (number < min || number > max))
        {
            Fail(path, "between", $"The {Attribute(path)} must be between {min.Value.ToString(CultureInfo.InvariantCulture)} and {max.Value.ToString(CultureInfo.InvariantCulture)}.");
        }
        else if (min is not null && number < min)
        {
            Fail(path, "min", $"The {Attribute(path)} must be at least {min.Value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return number;
    }

    public bool? Boolean(string path, bool required, bool present = false)
    {
        var value = Get(path);
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                if (required)
                {
                    Fail(path, "required", $"The {Attribute(path)} field is required.");
                }
                else if (present && value.ValueKind == JsonValueKind.Undefined)
                {
                    Fail(path, "present", $"The {Attribute(path)} field must be present.");
                }

                return null;
            case JsonValueKind.Number when value.TryGetInt32(out var flag) && flag is 0 or 1:
                return flag == 1;
            default:
                Fail(path, "boolean", $"The {Attribute(path)} field must be true or false.");
                return null;
        }
    }

    /// <summary>An array that must be present (may be empty); null when absent or not an array.</summary>
    public JsonElement? Array(string path, bool present)
    {
        var value = Get(path);
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        if (value.ValueKind == JsonValueKind.Undefined)
        {
            if (present)
            {
                Fail(path, "present", $"The {Attribute(path)} field must be present.");
            }

            return null;
        }

        Fail(path, "array", $"The {Attribute(path)} must be an array.");
        return null;
    }

    public List<int> Integers(string path, bool present)
    {
        var result = new List<int>();
        if (Array(path, present) is not { } array)
        {
            return result;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var number))
            {
                result.Add(number);
            }
            else
            {
                var field = $"{path}.{index.ToString(CultureInfo.InvariantCulture)}";
                Fail(field, "integer", $"The {Attribute(field)} must be an integer.");
            }

            index++;
        }

        return result;
    }

    /// <summary>How Laravel names a field in a message: underscores read as spaces.</summary>
    public static string Attribute(string path) => path.Replace('_', ' ');
}
