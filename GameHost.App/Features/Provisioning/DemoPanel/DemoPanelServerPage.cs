using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// <c>/demo-panel/server/{identifier}</c>: where "Open in panel" links land in demo mode. A real panel would show its
/// console here; the demo says what it is and shows the server's name, status and address.
/// </summary>
public static class DemoPanelServerPage
{
    // Letters of any language stay readable in the page source; markup characters are still escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static IResult Render(string identifier, DemoPanel panel, IStringLocalizer<DemoPanelText> text)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(text);
        var server = panel.DescribeServer(identifier);
        var html = Html;
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(html.Encode(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)).Append("\">")
            .Append("<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(html.Encode(text["PageTitle"])).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937}")
            .Append("dt{font-weight:600;margin-top:.75rem}dd{margin:0}.note{color:#6b7280}</style></head><body>")
            .Append("<h1>").Append(html.Encode(text["PageTitle"])).Append("</h1>")
            .Append("<p class=\"note\">").Append(html.Encode(text["PageIntro"])).Append("</p>");
        if (server is { } found)
        {
            var status = found.Status switch
            {
                null => text["StatusRunning"],
                DemoServer.Installing => text["StatusInstalling"],
                DemoServer.Suspended => text["StatusSuspended"],
                _ => text["StatusFailed"],
            };
            page.Append("<dl>")
                .Append("<dt>").Append(html.Encode(text["Server"])).Append("</dt><dd data-field=\"name\">").Append(html.Encode(found.Name)).Append("</dd>")
                .Append("<dt>").Append(html.Encode(text["Status"])).Append("</dt><dd data-field=\"status\">").Append(html.Encode(status)).Append("</dd>")
                .Append("<dt>").Append(html.Encode(text["Address"])).Append("</dt><dd data-field=\"address\">").Append(html.Encode(found.Address)).Append("</dd>")
                .Append("</dl>");
        }
        else
        {
            page.Append("<p>").Append(html.Encode(text["NotFound"])).Append("</p>");
        }

        page.Append("</body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, server is null ? 404 : 200);
    }
}
