using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The app bar on a phone (390 px wide) and on a desktop: the theme toggle and log-out stay on screen in the cabinet,
/// the staff console and the public pages (with a staff member's two area links, the widest public bar), and nothing
/// makes the page scroll sideways. Screenshots of both widths are kept.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AppBarSmallScreenTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("Customer", "/cabinet", "cabinet")]
    [InlineData("Support", "/admin", "admin")]
    [InlineData("Support", "/", "public")]
    public Task AppBar_PhoneAndDesktopWidths_ThemeToggleAndLogOutStayOnScreen(string role, string path, string name) =>
        fixture.RunAsync($"{nameof(AppBar_PhoneAndDesktopWidths_ThemeToggleAndLogOutStayOnScreen)}-{name}", async page =>
        {
            var (email, password) = fixture.DemoAccounts[role];
            await BrowserFixture.LogInAsync(page, email, password);
            foreach (var width in new[] { 390, 1280 })
            {
                await page.SetViewportSizeAsync(width, 844);
                await page.GotoAsync(path);
                await BrowserFixture.WaitForInteractiveAsync(page);

                await AssertOnScreenAsync(page, page.Locator("button[data-testid=theme-toggle]"), width);
                await AssertOnScreenAsync(page, page.GetByTestId("logout"), width);
                await AssertOnScreenAsync(page, page.GetByTestId("brand"), width);
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(scrollWidth <= width, $"At {width} px the page is {scrollWidth} px wide: something in it does not fit.");
                if (width == 390)
                {
                    // The words give way to icons; the product name stays the link's accessible name.
                    await Assertions.Expect(page.GetByTestId("brand-name")).ToBeHiddenAsync();
                    await Assertions.Expect(page.GetByTestId("logout")).ToHaveAttributeAsync("aria-label", "Log out");
                }
                else
                {
                    await Assertions.Expect(page.GetByTestId("brand-name")).ToBeVisibleAsync();
                    await Assertions.Expect(page.GetByTestId("logout")).ToContainTextAsync("Log out");
                }

                await ScreenTourTests.SaveAsync(page, $"appbar-{name}-{width}");
            }
        });

    private static async Task AssertOnScreenAsync(IPage page, ILocator locator, int width)
    {
        await Assertions.Expect(locator).ToBeVisibleAsync();
        var box = await locator.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{locator} spans {box.X}–{box.X + box.Width} px, outside the {width} px screen.");
        Assert.True(box.Y >= 0 && box.Y + box.Height <= 844, $"{locator} is at {box.Y} px, below the screen.");
        Assert.Equal(width, page.ViewportSize!.Width);
    }
}
