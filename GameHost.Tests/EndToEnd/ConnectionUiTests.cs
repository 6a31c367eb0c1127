using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The error bar and the reconnect dialog in a real browser on an interactive page. blazor.web.js is driven the way
/// it drives them itself (the bar's <c>display: block</c>; the dialog's state class and
/// <c>components-reconnect-state-changed</c> event), so the test proves what the visitor sees and that the dialog's
/// script opens and closes it, without having to break a live session. Screenshots go to <c>TestResults/e2e/screens/</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConnectionUiTests(BrowserFixture fixture)
{
    private const string ShowState = """
        ([state, css]) => {
            const modal = document.getElementById("components-reconnect-modal");
            modal.className = css;
            const seconds = document.getElementById("components-seconds-to-next-attempt");
            if (seconds) { seconds.textContent = "5"; }
            modal.dispatchEvent(new CustomEvent("components-reconnect-state-changed", { bubbles: true, cancelable: false, detail: { state } }));
        }
        """;

    [Fact]
    public Task Landing_ErrorBarShownAsBlazorShowsIt_VisibleLocalizedAndStyledLikeTheApp() =>
        fixture.RunAsync(nameof(Landing_ErrorBarShownAsBlazorShowsIt_VisibleLocalizedAndStyledLikeTheApp), async page =>
        {
            await page.GotoAsync("/");
            await WaitForCircuitAsync(page);
            var bar = page.Locator("#blazor-error-ui");
            await Assertions.Expect(bar).ToBeHiddenAsync();

            await bar.EvaluateAsync("e => e.style.display = 'block'");

            await Assertions.Expect(bar).ToBeVisibleAsync();
            await Assertions.Expect(bar).ToContainTextAsync("An error has occurred.");
            await Assertions.Expect(bar.Locator("a.reload")).ToHaveTextAsync("Reload");
            // The theme's error colour (MudBlazor's palette variable), fixed at the bottom of the window.
            var expected = await page.EvaluateAsync<string>("() => { const probe = document.createElement('div'); probe.style.color = 'var(--mud-palette-error)'; document.body.append(probe); const c = getComputedStyle(probe).color; probe.remove(); return c; }");
            await Assertions.Expect(bar).ToHaveCSSAsync("background-color", expected);
            await Assertions.Expect(bar).ToHaveCSSAsync("position", "fixed");
            await SaveAsync(page, "connection-error-bar");
        });

    [Fact]
    public Task Landing_ReconnectStates_DialogOpensWithEachStatesWordsAndClosesWhenBack() =>
        fixture.RunAsync(nameof(Landing_ReconnectStates_DialogOpensWithEachStatesWordsAndClosesWhenBack), async page =>
        {
            await page.GotoAsync("/");
            await WaitForCircuitAsync(page);
            var dialog = page.Locator("#components-reconnect-modal");
            await Assertions.Expect(dialog).ToBeHiddenAsync();

            await page.EvaluateAsync(ShowState, new[] { "show", "components-reconnect-show" });
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await Assertions.Expect(dialog.Locator(".components-reconnect-first-attempt-visible")).ToHaveTextAsync("Reconnecting to the server…");
            await Assertions.Expect(page.Locator("#components-reconnect-button")).ToBeHiddenAsync();

            await page.EvaluateAsync(ShowState, new[] { "retrying", "components-reconnect-retrying" });
            await Assertions.Expect(dialog.Locator(".components-reconnect-repeated-attempt-visible")).ToHaveTextAsync("Could not reconnect. Trying again in 5 seconds…");
            await page.WaitForTimeoutAsync(1000); // the dialog's entrance animation
            await SaveAsync(page, "connection-reconnecting");

            await page.EvaluateAsync(ShowState, new[] { "failed", "components-reconnect-failed" });
            await Assertions.Expect(page.Locator("#components-reconnect-button")).ToBeVisibleAsync();
            await Assertions.Expect(dialog.Locator(".components-reconnect-reload")).ToBeVisibleAsync();
            await SaveAsync(page, "connection-reconnect-failed");

            await page.EvaluateAsync(ShowState, new[] { "hide", "components-reconnect-hide" });
            await Assertions.Expect(dialog).ToBeHiddenAsync();
            // The page underneath is still interactive.
            await Assertions.Expect(page.Locator("button[data-testid='theme-toggle']").First).ToBeEnabledAsync();
        });

    [Fact]
    public Task Landing_Spanish_ReconnectDialogAndErrorBarInSpanish() =>
        fixture.RunAsync(nameof(Landing_Spanish_ReconnectDialogAndErrorBarInSpanish), async page =>
        {
            await page.GotoAsync("/");
            await page.GetByTestId("lang-es").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Servidores de juegos");
            await WaitForCircuitAsync(page);

            await page.EvaluateAsync(ShowState, new[] { "show", "components-reconnect-show" });
            await Assertions.Expect(page.Locator("#components-reconnect-modal .components-reconnect-first-attempt-visible")).ToHaveTextAsync("Reconectando con el servidor…");
            await page.WaitForTimeoutAsync(1000);
            await SaveAsync(page, "connection-reconnecting-es");
            await page.EvaluateAsync(ShowState, new[] { "hide", "components-reconnect-hide" });

            await page.Locator("#blazor-error-ui").EvaluateAsync("e => e.style.display = 'block'");
            await Assertions.Expect(page.Locator("#blazor-error-ui")).ToContainTextAsync("Se ha producido un error.");
            await Assertions.Expect(page.Locator("#blazor-error-ui a.reload")).ToHaveTextAsync("Recargar");
        });

    /// <summary>The page is interactive once the theme toggle is a button (the prerendered one is a link).</summary>
    private static Task WaitForCircuitAsync(IPage page) =>
        Assertions.Expect(page.Locator("button[data-testid='theme-toggle']").First).ToBeVisibleAsync();

    private static async Task SaveAsync(IPage page, string name)
    {
        var directory = Path.Combine(BrowserFixture.ArtifactsDirectory, "screens");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png") });
    }
}
