using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The notification screens in a real browser: staff edit templates with a live preview on sample data in English and
/// Spanish, next to the delivery log and the channel settings; a customer leaves an optional e-mail from the link in
/// it without logging in, and their settings show that choice beside the locked mandatory ones. Screenshots are kept
/// in <c>TestResults/e2e/screens/</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class NotificationScreensTests(BrowserFixture fixture)
{
    [Fact]
    public Task Admin_TemplateEditor_PreviewsTheSampleInvoiceInEnglishAndSpanish() =>
        fixture.RunAsync(nameof(Admin_TemplateEditor_PreviewsTheSampleInvoiceInEnglishAndSpanish), async page =>
        {
            var (email, password) = fixture.DemoAccounts["Admin"];
            await BrowserFixture.LogInAsync(page, email, password);
            await page.GotoAsync("/admin/notifications");
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Notifications");
            await SaveAsync(page, "admin-notifications-delivery-log");

            await page.Locator(".mud-tab").Nth(1).ClickAsync();
            await page.Locator("[data-testid=template-event][data-event='billing.invoice_issued']").ClickAsync();
            await Assertions.Expect(page.GetByTestId("preview-subject")).ToContainTextAsync("Invoice INV-2026-0042");
            await SaveAsync(page, "admin-notifications-templates-en");

            await page.GetByTestId("template-language").GetByText("ES", new() { Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("preview-subject")).ToContainTextAsync("Factura INV-2026-0042");
            await SaveAsync(page, "admin-notifications-templates-es");

            await page.Locator(".mud-tab").Nth(2).ClickAsync();
            await Assertions.Expect(page.GetByText("Telegram").First).ToBeVisibleAsync();
            await SaveAsync(page, "admin-notifications-channels");
        });

    [Fact]
    public Task Customer_UnsubscribeLinkInAnOptionalEmail_WorksWithoutLoginAndShowsInSettings() =>
        fixture.RunAsync(nameof(Customer_UnsubscribeLinkInAnOptionalEmail_WorksWithoutLoginAndShowsInSettings), async page =>
        {
            var (email, password) = fixture.DemoAccounts["Customer"];
            await BrowserFixture.LogInAsync(page, email, password);
            await using (var other = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseAddress.ToString(), Locale = "en-US" }))
            {
                // A sign-in from a browser the account has not used: the optional "new sign-in" e-mail is sent.
                await BrowserFixture.LogInAsync(await other.NewPageAsync(), email, password);
            }

            var mail = await fixture.App.WaitForMailAsync(
                // The "new sign-in" mail itself: other optional mails to this customer (from other journeys) carry links
                // for their own events.
                m => m.To.ToString().Contains(email, StringComparison.OrdinalIgnoreCase)
                    && (m.Subject ?? "").StartsWith("New sign-in", StringComparison.Ordinal) && UnsubscribeLink().IsMatch(m.TextBody ?? ""),
                TimeSpan.FromSeconds(60));
            var link = UnsubscribeLink().Match(mail.TextBody ?? "").Value;

            await using (var stranger = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseAddress.ToString(), Locale = "en-US" }))
            {
                var anonymous = await stranger.NewPageAsync();
                await anonymous.GotoAsync(link);
                await Assertions.Expect(anonymous.GetByTestId("unsubscribe-question")).ToBeVisibleAsync();
                Assert.Contains("/notifications/unsubscribe", anonymous.Url, StringComparison.Ordinal);
                // The page becomes interactive after its first paint; pressing again is harmless (the choice is idempotent).
                for (var i = 0; i < 20 && !await anonymous.GetByTestId("unsubscribe-done").IsVisibleAsync(); i++)
                {
                    await anonymous.GetByTestId("unsubscribe-confirm").ClickAsync();
                    await anonymous.WaitForTimeoutAsync(500);
                }

                await Assertions.Expect(anonymous.GetByTestId("unsubscribe-done")).ToBeVisibleAsync();
                await SaveAsync(anonymous, "notifications-unsubscribed");
            }

            await page.GotoAsync("/cabinet/notifications");
            await WaitForCircuitAsync(page);
            await page.Locator(".mud-tab").Nth(2).ClickAsync();
            var newLogin = page.Locator("input[data-testid='pref-account.new_login-email']");
            var invoice = page.Locator("input[data-testid='pref-billing.invoice_issued-email']");
            await Assertions.Expect(newLogin).Not.ToBeCheckedAsync();
            await Assertions.Expect(invoice).ToBeCheckedAsync();
            await Assertions.Expect(invoice).ToBeDisabledAsync();
            await SaveAsync(page, "notifications-settings");
        });

    /// <summary>The page is interactive once the theme toggle is a button (the prerendered one is a link).</summary>
    private static Task WaitForCircuitAsync(IPage page) =>
        Assertions.Expect(page.Locator("button[data-testid='theme-toggle']")).ToBeVisibleAsync();

    private static async Task SaveAsync(IPage page, string name)
    {
        var directory = Path.Combine(BrowserFixture.ArtifactsDirectory, "screens");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    [GeneratedRegex(@"/notifications/unsubscribe\?token=[^\s""<>]+")]
    private static partial Regex UnsubscribeLink();
}
