using AngleSharp.Html.Parser;
using GameHost.App.Features.Support.Rendering;

namespace GameHost.Tests.App.Features.Support;

/// <summary>Messages render as markdown; whatever a customer or an e-mail puts in them comes out inert.</summary>
public sealed class MessageRendererTests
{
    private readonly MessageRenderer _renderer = new();

    public static TheoryData<string> Payloads => new()
    {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><circle r=10 /></svg>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
        "<a href=\"&#106;avascript:alert(1)\">click</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<input autofocus onfocus=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](data:text/html,<script>alert(1)</script>)",
        "[click](vbscript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "![img](javascript:alert(1))",
        "![img](https://evil.example/track.png \"onerror=alert(1)\")",
        "[a](https://ok.example \"\\\" onmouseover=\\\"alert(1)\")",
        "<javascript:alert(1)>",
        "```html\n<script>alert(1)</script>\n```",
        "`<img src=x onerror=alert(1)>`",
        "<a href=//evil.example>protocol-relative</a>",
        "[rel](//evil.example)",
        "<p onclick=\"alert(1)\">hi</p>",
        "<x onpointerenter=alert(1)>x</x>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void ToHtml_XssPayload_RendersInert(string payload)
    {
        var html = _renderer.ToHtml("Before " + payload + " after");

        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        var forbidden = new[] { "script", "iframe", "object", "embed", "style", "svg", "math", "img", "form", "input", "meta", "base", "link", "frame", "details", "body > body" };
        foreach (var tag in forbidden)
        {
            Assert.Empty(document.Body!.QuerySelectorAll(tag));
        }

        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(element.Attributes, a => a.Name is "style" or "src" or "srcdoc" or "action" or "formaction");
            if (element.GetAttribute("href") is { } href)
            {
                Assert.True(href.StartsWith("http://", StringComparison.Ordinal) || href.StartsWith("https://", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal), href);
            }
        }
    }

    [Fact]
    public void ToHtml_Links_GetNofollowNoopenerAndNewTab()
    {
        var html = _renderer.ToHtml("See [the docs](https://docs.example/guide) or mail <support@hosting.example>.");

        var document = new HtmlParser().ParseDocument(html);
        var links = document.QuerySelectorAll("a");
        Assert.Equal(2, links.Length);
        Assert.All(links, a => Assert.Equal("nofollow noopener noreferrer", a.GetAttribute("rel")));
        Assert.Equal("https://docs.example/guide", links[0].GetAttribute("href"));
        Assert.Equal("mailto:support@hosting.example", links[1].GetAttribute("href"));
    }

    [Fact]
    public void ToHtml_FencedCode_HighlightedWithClassesAndEncoded()
    {
        var html = _renderer.ToHtml("```csharp\nvar x = \"<b>\"; // note\nreturn 42;\n```");

        Assert.Contains("<pre class=\"code-block\"><code>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-kw\">var</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-str\">\"&lt;b&gt;\"</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-com\">// note</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-num\">42</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_Markdown_BasicFormattingKept()
    {
        var html = _renderer.ToHtml("**bold** and *em* and `code`\n\n- one\n- two");

        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>em</em>", html, StringComparison.Ordinal);
        Assert.Contains("<code>code</code>", html, StringComparison.Ordinal);
        Assert.Contains("<li>two</li>", html, StringComparison.Ordinal);
    }
}
