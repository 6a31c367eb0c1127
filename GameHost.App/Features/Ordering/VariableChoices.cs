using System.Text.RegularExpressions;

namespace GameHost.App.Features.Ordering;

/// <summary>The values an egg variable's <c>in:a,b,c</c> rule allows, so the form offers a list instead of a text box.</summary>
public static partial class VariableChoices
{
    // A rule string is split on '|'; a regex rule may contain '|' itself, so only a rule that starts with "in:" counts.
    [GeneratedRegex(@"(?:^|\|)\s*in:([^|]*)", RegexOptions.CultureInvariant)]
    private static partial Regex InRule();

    public static IReadOnlyList<string> From(string? rules)
    {
        if (string.IsNullOrEmpty(rules) || rules.Contains("regex:", StringComparison.Ordinal))
        {
            return [];
        }

        var match = InRule().Match(rules);
        return match.Success
            ? match.Groups[1].Value.Split(',').Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList()
            : [];
    }
}
