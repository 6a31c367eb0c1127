using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The bell in a real browser: the demo customer has the cabinet open in two tabs; signing in to the same account from a
/// second browser raises "new sign-in" for them, and both tabs' bell counts rise without a reload. The badge sits inside
/// the app bar at desktop and at phone width. Opening the notifications page from the bell shows the new entry as new
/// and marks it read: the count drops to zero there and in the other tab, live. Screenshots are kept in
/// <c>TestResults/e2e/screens/</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NotificationBellLiveTests(BrowserFixture fixture)
{
    [Fact]
    public Task Bell_SignInFromAnotherBrowser_CountRisesLiveAndViewingThePageReadsIt() =>
        fixture.RunAsync(nameof(Bell_SignInFromAnotherBrowser_CountRisesLiveAndViewingThePageReadsIt), async page =>
        {
            var (email, password) = fixture.DemoAccounts["Customer"];
            await BrowserFixture.LogInAsync(page, email, password);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cabinet$"));
            await WaitForCircuitAsync(page);
            // Whatever the demo data left unread is read first, so the counts below are exact.
            await page.GotoAsync("/cabinet/notifications");
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("0");
            await page.GotoAsync("/cabinet");
            await WaitForCircuitAsync(page);
            var url = page.Url;

            // A second tab of the same browser, on the cabinet too.
            var otherTab = await page.Context.NewPageAsync();
            await otherTab.GotoAsync("/cabinet/services");
            await WaitForCircuitAsync(otherTab);
            await Assertions.Expect(otherTab.GetByTestId("notification-count")).ToHaveTextAsync("0");

            // Another browser (its own cookies, so an unknown device) signs in to the same account.
            await using (var other = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseAddress.ToString(), Locale = "en-US" }))
            {
                var second = await other.NewPageAsync();
                await BrowserFixture.LogInAsync(second, email, password);
                await Assertions.Expect(second).ToHaveURLAsync(new Regex("/cabinet$"));
            }

            // Both tabs hear of it through their circuits: no navigation, no reload.
            await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("1");
            await Assertions.Expect(otherTab.GetByTestId("notification-count")).ToHaveTextAsync("1");
            Assert.Equal(url, page.Url);
            await Assertions.Expect(page.GetByTestId("notification-bell")).ToHaveAttributeAsync("aria-label", new Regex(@"1 unread"));
            await AssertBadgeInsideAppBarAsync(page);
            await SaveAsync(page, "notifications-bell-unread");

            // At phone width the badge stays inside the bar too.
            await otherTab.SetViewportSizeAsync(390, 844);
            await AssertBadgeInsideAppBarAsync(otherTab);
            await SaveAsync(otherTab, "notifications-bell-unread-mobile");

            // The bell leads to the page; the newest entry is the sign-in, shown as new. Viewing it reads it: this tab's
            // bell and the other tab's drop to zero without a reload, and the entry stays highlighted for this visit.
            await page.GetByTestId("notification-bell").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cabinet/notifications$"));
            var newest = page.GetByTestId("inbox-item").First;
            await Assertions.Expect(newest).ToContainTextAsync("New sign-in");
            await Assertions.Expect(newest).ToHaveAttributeAsync("data-new", "true");
            await Assertions.Expect(newest).ToHaveAttributeAsync("data-read", "true");
            await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("0");
            await Assertions.Expect(otherTab.GetByTestId("notification-count")).ToHaveTextAsync("0");
            await Assertions.Expect(otherTab.GetByTestId("notification-badge").Locator(".mud-badge")).ToBeHiddenAsync();
            await SaveAsync(page, "notifications-page-viewed");

            // Coming back later, nothing is new any more.
            await page.ReloadAsync();
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.GetByTestId("inbox-item").First).ToHaveAttributeAsync("data-new", "false");
        });

    /// <summary>The page is interactive once the theme toggle is a button (the prerendered one is a link).</summary>
    private static Task WaitForCircuitAsync(IPage page) =>
        Assertions.Expect(page.Locator("button[data-testid='theme-toggle']")).ToBeVisibleAsync();

    private static async Task AssertBadgeInsideAppBarAsync(IPage page)
    {
        var badge = page.GetByTestId("notification-badge").Locator(".mud-badge");
        await Assertions.Expect(badge).ToBeVisibleAsync();
        var bar = await page.Locator(".mud-appbar").First.BoundingBoxAsync();
        var box = await badge.BoundingBoxAsync();
        Assert.NotNull(bar);
        Assert.NotNull(box);
        Assert.True(box.Y >= bar.Y && box.Y + box.Height <= bar.Y + bar.Height,
            $"The badge ({box.Y:0.#}..{box.Y + box.Height:0.#}) leaves the app bar ({bar.Y:0.#}..{bar.Y + bar.Height:0.#}).");
        Assert.True(box.X >= bar.X && box.X + box.Width <= bar.X + bar.Width, "The badge leaves the app bar sideways.");
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        var directory = Path.Combine(BrowserFixture.ArtifactsDirectory, "screens");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
