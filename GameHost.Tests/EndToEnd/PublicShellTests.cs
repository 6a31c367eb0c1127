using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class PublicShellTests(BrowserFixture fixture)
{
    [Fact]
    public Task Landing_RendersWithMudBlazorStyles_AndOffersSignUp() => fixture.RunAsync(nameof(Landing_RendersWithMudBlazorStyles_AndOffersSignUp), async page =>
    {
        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Game servers");
        await Assertions.Expect(page.GetByTestId("register-link")).ToBeVisibleAsync();
        // MudBlazor's stylesheet and the brand theme are applied: the app bar has the theme's colour (#1B5E20).
        await Assertions.Expect(page.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", "rgb(27, 94, 32)");
    });

    [Fact]
    public Task LanguageSwitch_ToSpanish_TranslatesAndPersistsAcrossPages() => fixture.RunAsync(nameof(LanguageSwitch_ToSpanish_TranslatesAndPersistsAcrossPages), async page =>
    {
        await page.GotoAsync("/");
        await page.GetByTestId("lang-es").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Servidores de juegos");
        await page.GotoAsync("/not-a-page");
        await Assertions.Expect(page.GetByTestId("status-404")).ToContainTextAsync("Página no encontrada");
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));
    });

    [Fact]
    public Task ThemeToggle_SwitchesToDark_AndKeepsItAfterReload() => fixture.RunAsync(nameof(ThemeToggle_SwitchesToDark_AndKeepsItAfterReload), async page =>
    {
        await page.GotoAsync("/");
        var light = await BackgroundOf(page);

        await page.GetByTestId("theme-toggle").First.ClickAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        await page.ReloadAsync();

        Assert.NotEqual(light, await BackgroundOf(page));
    });

    [Fact]
    public Task Anonymous_OpeningStaffConsole_IsSentToLogin() => fixture.RunAsync(nameof(Anonymous_OpeningStaffConsole_IsSentToLogin), async page =>
    {
        await page.GotoAsync("/admin/customers");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login\\?(r|R)eturnUrl=%2Fadmin%2Fcustomers"));
    });

    private static Task<string> BackgroundOf(IPage page) =>
        page.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
}
