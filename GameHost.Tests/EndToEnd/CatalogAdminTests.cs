using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>The staff catalog editor in the real app with the demo catalog, keeping screenshots in <c>TestResults/e2e/screens/</c>.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CatalogAdminTests(BrowserFixture fixture)
{
    [Fact]
    public Task Owner_SeesDemoTariffsAndOpensTheEditor() => fixture.RunAsync(nameof(Owner_SeesDemoTariffsAndOpensTheEditor), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(page, email, password);

        await page.GotoAsync("/admin/catalog");
        await Assertions.Expect(page.GetByTestId("tariffs-table")).ToContainTextAsync("Minecraft: Bedrock Edition");
        await Assertions.Expect(page.GetByTestId("tariff-link").First).ToContainTextAsync("Paper");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Catalog" })).ToBeVisibleAsync();
        await SaveAsync(page, "admin-catalog");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Promo codes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("promos-table")).ToContainTextAsync("WELCOME10");
        await SaveAsync(page, "admin-catalog-promos");
        await page.GetByTestId("new-promo").ClickAsync();
        await Assertions.Expect(page.GetByTestId("promo-save")).ToBeVisibleAsync();
        await SaveAsync(page, "admin-catalog-new-promo");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("promo-save")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Add-ons" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("addons-table")).ToContainTextAsync("extra-memory");
        await page.GetByTestId("edit-addon").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("addon-save")).ToBeVisibleAsync();
        await SaveAsync(page, "admin-catalog-edit-addon");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("addon-save")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Tariffs" }).ClickAsync();
        await page.GetByTestId("tariff-link").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/catalog/tariffs/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("version-history")).ToContainTextAsync("Version 1");
        await Assertions.Expect(page.GetByTestId("price-USD-Month1").Locator("xpath=self::input | .//input").First).Not.ToBeEmptyAsync();
        await SaveAsync(page, "admin-catalog-tariff");

        await page.GotoAsync("/admin/catalog/tariffs/new");
        await Assertions.Expect(page.GetByTestId("save-tariff")).ToBeVisibleAsync();
        await SaveAsync(page, "admin-catalog-new-tariff");
    });

    [Fact]
    public Task SupportAgent_IsTurnedAwayFromTheCatalog() => fixture.RunAsync(nameof(SupportAgent_IsTurnedAwayFromTheCatalog), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Support"];
        await BrowserFixture.LogInAsync(page, email, password);

        var response = await page.GotoAsync("/admin/catalog");

        Assert.Equal(403, response!.Status);
        await page.GotoAsync("/admin");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Catalog" })).ToHaveCountAsync(0);
    });

    private static async Task SaveAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var directory = Path.Combine(BrowserFixture.ArtifactsDirectory, "screens");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
