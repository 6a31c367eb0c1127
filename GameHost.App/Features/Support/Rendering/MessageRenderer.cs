using System.Net;
using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace GameHost.App.Features.Support.Rendering;

/// <summary>
/// Turns a message's markdown into HTML that is safe to show: Markdig with raw HTML disabled renders it (fenced code
/// blocks highlighted on the server into <c>tok-*</c> classes, no script needed), then an allow-list sanitizer removes
/// anything else — no script, no event handlers, no styles, no frames, no images, only http/https/mailto links, and
/// every link opens with <c>rel="nofollow noopener noreferrer"</c>.
/// </summary>
public sealed class MessageRenderer
{
    private static readonly string[] Tags =
    [
        "p", "br", "hr", "strong", "em", "del", "code", "pre", "span", "blockquote", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
    ];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        var existing = renderer.ObjectRenderers.FindExact<CodeBlockRenderer>();
        if (existing is not null)
        {
            renderer.ObjectRenderers.Remove(existing);
        }

        renderer.ObjectRenderers.Insert(0, new HighlightedCodeBlockRenderer());
        renderer.Render(Markdown.Parse(markdown, _pipeline));
        writer.Flush();
        return _sanitizer.Sanitize(writer.ToString());
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "title", "class", "rel", "target", "colspan", "rowspan", "align"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.Ordinal),
        };
        foreach (var css in HighlightedCodeBlockRenderer.Classes)
        {
            options.AllowedClasses.Add(css);
        }

        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                var href = link.GetAttribute("href");
                if (string.IsNullOrEmpty(href) || !IsSafeHref(href))
                {
                    link.RemoveAttribute("href");
                }

                link.SetAttribute("rel", "nofollow noopener noreferrer");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }

    /// <summary>Only absolute http(s) and mailto addresses survive; relative and protocol-relative ones are dropped.</summary>
    private static bool IsSafeHref(string href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";

    /// <summary>Writes fenced and indented code as <c>&lt;pre&gt;&lt;code&gt;</c> with keywords, strings, comments and numbers in spans.</summary>
    private sealed class HighlightedCodeBlockRenderer : HtmlObjectRenderer<CodeBlock>
    {
        public static readonly string[] Classes = ["code-block", "tok-kw", "tok-str", "tok-com", "tok-num"];

        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            var text = obj.Lines.ToString();
            renderer.EnsureLine();
            renderer.Write("<pre class=\"code-block\"><code>");
            renderer.Write(CodeHighlighter.Highlight(text));
            renderer.Write("</code></pre>");
            renderer.EnsureLine();
        }
    }
}

/// <summary>A small language-neutral highlighter: it only ever emits encoded text and spans with fixed classes.</summary>
public static class CodeHighlighter
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "else", "for", "while", "do", "return", "function", "def", "class", "public", "private", "protected", "static",
        "void", "int", "long", "string", "bool", "true", "false", "null", "None", "True", "False", "var", "let", "const",
        "new", "import", "from", "using", "namespace", "try", "catch", "finally", "throw", "async", "await", "echo", "fi",
        "then", "case", "esac", "in", "select", "where", "insert", "update", "delete", "and", "or", "not", "package",
    };

    public static string Highlight(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var html = new System.Text.StringBuilder(code.Length * 2);
        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            if ((c == '/' && i + 1 < code.Length && code[i + 1] == '/') || c == '#')
            {
                var end = code.IndexOf('\n', i);
                end = end < 0 ? code.Length : end;
                Span(html, "tok-com", code[i..end]);
                i = end;
            }
            else if (c is '"' or '\'')
            {
                var end = i + 1;
                while (end < code.Length && code[end] != c && code[end] != '\n')
                {
                    end += code[end] == '\\' ? 2 : 1;
                }

                end = Math.Min(code.Length, end + 1);
                Span(html, "tok-str", code[i..end]);
                i = end;
            }
            else if (char.IsDigit(c))
            {
                var end = i;
                while (end < code.Length && (char.IsLetterOrDigit(code[end]) || code[end] == '.'))
                {
                    end++;
                }

                Span(html, "tok-num", code[i..end]);
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < code.Length && (char.IsLetterOrDigit(code[end]) || code[end] == '_'))
                {
                    end++;
                }

                var word = code[i..end];
                if (Keywords.Contains(word))
                {
                    Span(html, "tok-kw", word);
                }
                else
                {
                    html.Append(WebUtility.HtmlEncode(word));
                }

                i = end;
            }
            else
            {
                html.Append(WebUtility.HtmlEncode(code.Substring(i, 1)));
                i++;
            }
        }

        return html.ToString();
    }

    private static void Span(System.Text.StringBuilder html, string css, string text) =>
        html.Append("<span class=\"").Append(css).Append("\">").Append(WebUtility.HtmlEncode(text)).Append("</span>");
}
