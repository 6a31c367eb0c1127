using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace GameHost.Domain.Notifications.Templates;

/// <summary>
/// The template language: literal text with <c>{{ name }}</c> placeholders and nothing else — no conditions, loops,
/// expressions or calls, so no code ever runs inside a template. Substitution is a single pass: a value that itself
/// contains <c>{{ … }}</c> stays literal text. A placeholder without a value renders as nothing and never throws;
/// <see cref="Validate"/> refuses unknown names when staff save a template.
/// </summary>
public static partial class TemplateRenderer
{
    public const int MaxTemplateLength = 4000;

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{\{|\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Braces();

    /// <summary>Plain text: values go in as they are (text e-mail bodies, Telegram without markup, SMS, in-app).</summary>
    public static string RenderText(string template, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v ?? "" : "");
    }

    /// <summary>
    /// HTML: the template's own text and every value are HTML-encoded (a value is whatever a user typed), blank lines
    /// become paragraphs, line breaks inside a value become <c>&lt;br&gt;</c>, and link placeholders holding an http(s)
    /// address become links.
    /// </summary>
    public static string RenderHtmlParagraphs(string template, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var html = new StringBuilder();
        foreach (var paragraph in template.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = paragraph.Split('\n').Select(line => EncodeLine(line, values));
            html.Append("<p>").AppendJoin("<br>", lines).Append("</p>\n");
        }

        return html.ToString();
    }

    /// <summary>Placeholder names used by the template, in order of first use.</summary>
    public static IReadOnlyList<string> PlaceholdersIn(string template) =>
        Placeholder().Matches(template ?? "").Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Problems that make a template unfit to save; empty when it is fine.</summary>
    public static IReadOnlyList<TemplateProblem> Validate(string? template, IReadOnlyCollection<string> allowed, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var problems = new List<TemplateProblem>();
        if (string.IsNullOrWhiteSpace(template))
        {
            if (required)
            {
                problems.Add(new TemplateProblem(TemplateProblemKind.Empty, null));
            }

            return problems;
        }

        if (template.Length > MaxTemplateLength)
        {
            problems.Add(new TemplateProblem(TemplateProblemKind.TooLong, MaxTemplateLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (var name in PlaceholdersIn(template).Where(n => !allowed.Contains(n)))
        {
            problems.Add(new TemplateProblem(TemplateProblemKind.UnknownPlaceholder, name));
        }

        // Braces left after removing well-formed placeholders are a typo such as "{{ name }" or "{{first name}}".
        if (Braces().IsMatch(Placeholder().Replace(template, "")))
        {
            problems.Add(new TemplateProblem(TemplateProblemKind.Malformed, null));
        }

        return problems;
    }

    private static string EncodeLine(string line, IReadOnlyDictionary<string, string?> values)
    {
        var html = new StringBuilder();
        var last = 0;
        foreach (Match m in Placeholder().Matches(line))
        {
            html.Append(LinkLiteral(line[last..m.Index]));
            var value = values.TryGetValue(m.Groups[1].Value, out var v) ? v ?? "" : "";
            html.Append(IsLinkPlaceholder(m.Groups[1].Value) && IsHttpUrl(value)
                ? $"<a href=\"{WebUtility.HtmlEncode(value)}\">{WebUtility.HtmlEncode(value)}</a>"
                : EncodeValue(value));
            last = m.Index + m.Length;
        }

        html.Append(LinkLiteral(line[last..]));
        return html.ToString();
    }

    /// <summary>A value is encoded whole; its own line breaks (a ticket reply's paragraphs) become line breaks in HTML.</summary>
    private static string EncodeValue(string value) => WebUtility.HtmlEncode(value.Trim('\r', '\n')).ReplaceLineEndings("<br>");

    private static string LinkLiteral(string text) => WebUtility.HtmlEncode(text);

    private static bool IsLinkPlaceholder(string name) => name is "link" || name.EndsWith("_link", StringComparison.Ordinal);

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

public enum TemplateProblemKind
{
    Empty,
    TooLong,
    UnknownPlaceholder,
    Malformed,
}

public sealed record TemplateProblem(TemplateProblemKind Kind, string? Detail);
