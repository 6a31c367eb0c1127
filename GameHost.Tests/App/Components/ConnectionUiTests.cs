using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Components;

/// <summary>
/// Every page carries the bar Blazor shows when the interactive session fails (<c>#blazor-error-ui</c>) and the
/// reconnect dialog, in the visitor's language, both hidden until Blazor needs them. The real app in memory.
/// </summary>
public sealed class ConnectionUiTests : IDisposable
{
    private readonly GameHostAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<IDocument> PageAsync(string language)
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var response = await client.GetAsync(new Uri("/catalog", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task App_AnyPage_ErrorBarPresentHiddenWithReloadAndDismiss()
    {
        var page = await PageAsync("en");

        var bar = page.QuerySelector("#blazor-error-ui");
        Assert.NotNull(bar);
        // Hidden by its own style, so it stays hidden even before (or without) the stylesheet; Blazor sets display: block.
        Assert.Equal("display: none", bar.GetAttribute("style"));
        Assert.Equal("alert", bar.GetAttribute("role"));
        Assert.Equal("An error has occurred.", bar.QuerySelector(".gh-error-ui-message")!.TextContent.Trim());
        Assert.Equal("Reload", bar.QuerySelector("a.reload")!.TextContent.Trim());
        Assert.Equal("Dismiss", bar.QuerySelector("button.dismiss")!.GetAttribute("aria-label"));
        // Outside the interactive root, so a failed session cannot take it down with the page.
        Assert.Same(page.Body, bar.ParentElement);
    }

    [Fact]
    public async Task App_AnyPage_ReconnectDialogClosedWithEveryStateAndItsScript()
    {
        var page = await PageAsync("en");

        var dialog = page.QuerySelector("dialog#components-reconnect-modal");
        Assert.NotNull(dialog);
        Assert.False(dialog.HasAttribute("open"));
        Assert.Equal("Reconnecting to the server…", dialog.QuerySelector(".components-reconnect-first-attempt-visible")!.TextContent.Trim());
        Assert.Equal("Could not reconnect. Trying again in  seconds…", dialog.QuerySelector(".components-reconnect-repeated-attempt-visible")!.TextContent.Trim());
        Assert.NotNull(dialog.QuerySelector(".components-reconnect-repeated-attempt-visible #components-seconds-to-next-attempt"));
        Assert.Equal("Retry", dialog.QuerySelector("#components-reconnect-button")!.TextContent.Trim());
        Assert.Equal("Resume", dialog.QuerySelector("#components-resume-button")!.TextContent.Trim());
        Assert.Contains(page.QuerySelectorAll("script[type=module]"), s => (s.GetAttribute("src") ?? "").Contains("js/reconnect", StringComparison.Ordinal));
    }

    [Fact]
    public async Task App_SpanishVisitor_ErrorBarAndReconnectDialogInSpanish()
    {
        var page = await PageAsync("es");

        Assert.Equal("Se ha producido un error.", page.QuerySelector("#blazor-error-ui .gh-error-ui-message")!.TextContent.Trim());
        Assert.Equal("Recargar", page.QuerySelector("#blazor-error-ui a.reload")!.TextContent.Trim());
        Assert.Equal("Reconectando con el servidor…", page.QuerySelector("#components-reconnect-modal .components-reconnect-first-attempt-visible")!.TextContent.Trim());
        Assert.Equal("No se pudo reconectar. Se volverá a intentar en  segundos…",
            page.QuerySelector("#components-reconnect-modal .components-reconnect-repeated-attempt-visible")!.TextContent.Trim());
        Assert.Equal("Reintentar", page.QuerySelector("#components-reconnect-button")!.TextContent.Trim());
    }

    [Fact]
    public async Task App_Stylesheet_ServedAndKeepsTheErrorBarHiddenUntilShown()
    {
        var page = await PageAsync("en");
        var href = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href") ?? "").Single(h => h.Contains("css/connection", StringComparison.Ordinal));
        using var client = _factory.CreateClient();

        var css = await client.GetStringAsync(new Uri("/" + href.TrimStart('/'), UriKind.Relative));

        Assert.Matches(@"#blazor-error-ui\s*\{\s*display:\s*none;", css);
        Assert.Contains("var(--mud-palette-error", css, StringComparison.Ordinal);
    }
}
