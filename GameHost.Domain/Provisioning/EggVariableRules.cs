using System.Globalization;
using System.Text.RegularExpressions;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Domain.Provisioning;

/// <summary>
/// Checks what a customer typed for a server against the egg's own validation rules (the panel's Laravel rule
/// strings such as <c>required|string|max:20</c>), so a bad value is refused at the order form with a field message
/// instead of failing at the panel after payment. Supported: <c>required</c>, <c>nullable</c>, <c>string</c>,
/// <c>integer</c>, <c>numeric</c>, <c>boolean</c>, <c>max:N</c>, <c>min:N</c>, <c>in:a,b,c</c>, <c>regex:/…/flags</c>.
/// Other rules are left to the panel.
/// </summary>
public static partial class EggVariableRules
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The environment a new server starts with: the customer's values for the variables they may set, the defaults for
    /// the rest. Fails with every field error found (the first as the error, all of them in <see cref="Error.Related"/>),
    /// each with <see cref="Error.Field"/> = the variable's environment name.
    /// </summary>
    public static Result<IReadOnlyDictionary<string, string>> Resolve(
        IReadOnlyList<EggVariable> variables, IReadOnlyDictionary<string, string>? customerValues)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var given = customerValues ?? new Dictionary<string, string>();
        var byName = variables.ToDictionary(v => v.EnvName, StringComparer.Ordinal);
        var errors = new List<Error>();
        foreach (var name in given.Keys.Order(StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(name, out var variable) || !variable.CustomerSettable)
            {
                errors.Add(ProvisioningErrors.VariableNotSettable(name));
            }
        }

        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in variables.OrderBy(v => v.Position))
        {
            if (variable.CustomerSettable && given.TryGetValue(variable.EnvName, out var value))
            {
                var trimmed = value?.Trim() ?? "";
                var error = Check(variable.EnvName, variable.Rules, trimmed);
                if (error is not null)
                {
                    errors.Add(error);
                }

                environment[variable.EnvName] = trimmed;
            }
            else
            {
                environment[variable.EnvName] = variable.DefaultValue;
            }
        }

        if (errors.Count > 0)
        {
            return errors[0] with { Related = errors };
        }

        return environment;
    }

    /// <summary>Checks one value against one rule string; null when it passes.</summary>
    public static Error? Check(string envName, string rules, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parsed = Parse(rules ?? "");
        if (value.Length == 0)
        {
            // Laravel treats an empty input as absent: only "required" objects to it.
            return parsed.Any(r => r.Name == "required") ? ProvisioningErrors.VariableRequired(envName) : null;
        }

        var numeric = parsed.Any(r => r.Name is "integer" or "numeric");
        foreach (var (name, argument) in parsed)
        {
            var error = name switch
            {
                "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? null : ProvisioningErrors.VariableNotInteger(envName),
                "numeric" => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? null : ProvisioningErrors.VariableNotNumeric(envName),
                "boolean" => value is "true" or "false" or "1" or "0"
                    ? null : ProvisioningErrors.VariableNotBoolean(envName),
                "max" => Size(value, numeric) is { } size && decimal.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var max) && size > max
                    ? ProvisioningErrors.VariableTooLarge(envName, argument, numeric) : null,
                "min" => Size(value, numeric) is { } size2 && decimal.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) && size2 < min
                    ? ProvisioningErrors.VariableTooSmall(envName, argument, numeric) : null,
                "in" => argument.Split(',').Contains(value, StringComparer.Ordinal)
                    ? null : ProvisioningErrors.VariableNotInList(envName, argument.Split(',')),
                "regex" => MatchesPattern(argument, value) ? null : ProvisioningErrors.VariableBadFormat(envName),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>A number's value under a numeric rule, otherwise its length in characters (Laravel's "size").</summary>
    private static decimal? Size(string value, bool numeric) =>
        !numeric ? value.Length
        : decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>
    /// Splits a rule string on <c>|</c>, except inside a <c>regex:</c> pattern (which may itself contain <c>|</c>): the
    /// pattern runs to its closing delimiter, then optional flags, then a <c>|</c> or the end.
    /// </summary>
    internal static IReadOnlyList<(string Name, string Argument)> Parse(string rules)
    {
        var result = new List<(string, string)>();
        var position = 0;
        while (position < rules.Length)
        {
            int end;
            if (rules.AsSpan(position).StartsWith("regex:", StringComparison.Ordinal))
            {
                end = RegexEnd(rules, position + "regex:".Length);
            }
            else
            {
                end = rules.IndexOf('|', position);
                end = end < 0 ? rules.Length : end;
            }

            var token = rules[position..end].Trim();
            if (token.Length > 0)
            {
                var colon = token.IndexOf(':', StringComparison.Ordinal);
                result.Add(colon < 0 ? (token.ToLowerInvariant(), "") : (token[..colon].Trim().ToLowerInvariant(), token[(colon + 1)..]));
            }

            position = end + 1;
        }

        return result;
    }

    private static int RegexEnd(string rules, int patternStart)
    {
        if (patternStart >= rules.Length)
        {
            return rules.Length;
        }

        var delimiter = rules[patternStart];
        for (var i = rules.Length - 1; i > patternStart; i--)
        {
            if (rules[i] != delimiter)
            {
                continue;
            }

            var after = i + 1;
            while (after < rules.Length && char.IsAsciiLetterLower(rules[after]))
            {
                after++;
            }

            // The last delimiter followed by flags and then the end or another rule closes the pattern.
            if (after == rules.Length || rules[after] == '|')
            {
                return after;
            }
        }

        return rules.Length;
    }

    private static bool MatchesPattern(string argument, string value)
    {
        if (argument.Length < 2)
        {
            return true;
        }

        var delimiter = argument[0];
        var close = argument.LastIndexOf(delimiter);
        if (close <= 0)
        {
            return true;
        }

        var options = RegexOptions.CultureInvariant;
        foreach (var flag in argument[(close + 1)..])
        {
            options |= flag switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                's' => RegexOptions.Singleline,
                'x' => RegexOptions.IgnorePatternWhitespace,
                _ => RegexOptions.None,
            };
        }

        try
        {
            return Regex.IsMatch(value, argument[1..close], options, RegexTimeout);
        }
        catch (ArgumentException)
        {
            // A pattern .NET cannot read (PCRE-only syntax) is left to the panel, which checks it again.
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>The name a customer gives a server: shown in the panel and the cabinet.</summary>
public static partial class ServerNameRule
{
    public const int MaxLength = 40;

    [GeneratedRegex(@"^[\p{L}\p{Nd} \-]{1,40}$")]
    private static partial Regex Pattern();

    /// <summary>The trimmed name, or <c>provisioning.invalid_server_name</c>.</summary>
    public static Result<string> Check(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length > 0 && Pattern().IsMatch(trimmed) ? trimmed : ProvisioningErrors.InvalidServerName;
    }
}
