using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The bell in a real browser: the demo customer has the cabinet open; signing in to the same account from a second
/// browser raises "new sign-in" for them, and the first browser's bell count rises without a reload. Opening the
/// notifications page from the bell and marking everything read brings the count back to zero. Screenshots are kept in
/// <c>TestResults/e2e/screens/</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NotificationBellLiveTests(BrowserFixture fixture)
{
    [Fact]
    public Task Bell_SignInFromAnotherBrowser_CountRisesLiveAndOpeningThePageClearsIt() =>
        fixture.RunAsync(nameof(Bell_SignInFromAnotherBrowser_CountRisesLiveAndOpeningThePageClearsIt), async page =>
        {
            var (email, password) = fixture.DemoAccounts["Customer"];
            await BrowserFixture.LogInAsync(page, email, password);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cabinet$"));
            await Assertions.Expect(page.GetByTestId("notification-bell")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var before = int.Parse(await page.GetByTestId("notification-count").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var url = page.Url;

            // Another browser (its own cookies, so an unknown device) signs in to the same account.
            await using (var other = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseAddress.ToString(), Locale = "en-US" }))
            {
                var second = await other.NewPageAsync();
                await BrowserFixture.LogInAsync(second, email, password);
                await Assertions.Expect(second).ToHaveURLAsync(new Regex("/cabinet$"));
            }

            // The first browser hears of it through its circuit: no navigation, no reload.
            await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(url, page.Url);
            await Assertions.Expect(page.GetByTestId("notification-bell")).ToHaveAttributeAsync("aria-label", new Regex(@"\d+ unread"));
            await SaveAsync(page, "notifications-bell-unread");

            // The bell leads to the page; the newest entry is the sign-in, and marking all read clears the bell.
            await page.GetByTestId("notification-bell").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cabinet/notifications$"));
            await Assertions.Expect(page.GetByTestId("inbox-item").First).ToContainTextAsync("New sign-in");
            await Assertions.Expect(page.GetByTestId("inbox-item").First).ToHaveAttributeAsync("data-read", "false");
            await SaveAsync(page, "notifications-page-unread");
            await page.GetByTestId("mark-all-read").ClickAsync();
            await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("0");
            await Assertions.Expect(page.GetByTestId("inbox-item").First).ToHaveAttributeAsync("data-read", "true");
            await SaveAsync(page, "notifications-page-read");
        });

    private static async Task SaveAsync(IPage page, string name)
    {
        var directory = Path.Combine(BrowserFixture.ArtifactsDirectory, "screens");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
