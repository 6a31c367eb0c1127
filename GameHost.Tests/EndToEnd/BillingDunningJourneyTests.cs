using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// A real app of its own whose clock the test moves forward (the Testing environment's clock control), with one browser.
/// Kept apart from the shared end-to-end app so moving time never disturbs the other journeys.
/// </summary>
public sealed class BillingClockFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public RunningApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public HttpClient Client { get; private set; } = default!;

    public IReadOnlyDictionary<string, (string Email, string Password)> DemoAccounts { get; private set; } =
        new Dictionary<string, (string, string)>();

    public async Task InitializeAsync()
    {
        App = await RunningApp.StartAsync("Testing", null, "--Demo:Seed", "true", "--Testing:ClockControl", "true",
            "--Security:AuthRateLimit:PermitsPerMinute", "1000",
            "--Provisioning:Queue:PollSeconds", "1", "--Provisioning:Queue:InstallPollSeconds", "1", "--Provisioning:DemoPanel:InstallSeconds", "2");
        DemoAccounts = Regex
            .Matches(App.Output, @"^\s+(Admin|Support|Customer)\s+(\S+@\S+)\s+password: (\S+)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value));
        Client = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return context;
    }

    /// <summary>Moves the app's clock forward.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        using var response = await Client.PostAsJsonAsync(new Uri("/testing/clock/advance", UriKind.Relative), new { hours = by.TotalHours });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Runs a scheduled job once and returns when it finished.</summary>
    public async Task RunJobAsync(string name)
    {
        using var response = await Client.PostAsync(new Uri($"/testing/jobs/{name}/run", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BillingClockCollection : ICollectionFixture<BillingClockFixture>
{
    public const string Name = "End-to-end with a movable clock";
}

/// <summary>
/// Dunning as the customer lives it in the real app, over simulated weeks: a monthly server whose renewal the balance
/// cannot cover, the reminder before the due date on the invoice's timeline (and in the mailbox), the late reminders
/// and the suspension after the due date, then the debt paid through a checkout and the service running again (the
/// panel's unsuspension queued).
/// </summary>
[Collection(BillingClockCollection.Name)]
public sealed class BillingDunningJourneyTests(BillingClockFixture fixture)
{
    private static readonly Regex ServicePage = new("/cabinet/services/[0-9a-f-]{36}$");
    private static readonly Regex InvoicePage = new("/cabinet/billing/invoices/[0-9a-f-]{36}");

    [Fact]
    public async Task Customer_OverdueRenewal_SeesRemindersAndSuspension_PaysAndTheServiceRunsAgain()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        try
        {
            await RunAsync(page);
        }
        catch
        {
            Directory.CreateDirectory(BrowserFixture.ArtifactsDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"{nameof(Customer_OverdueRenewal_SeesRemindersAndSuspension_PaysAndTheServiceRunsAgain)}-failure.png"),
                FullPage = true,
            });
            throw;
        }
    }

    private async Task RunAsync(IPage page)
    {
        var (email, password) = fixture.DemoAccounts["Customer"];

        // A monthly Paper 2 GB (R99.00, VAT included), paid from the demo starting credit.
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/cabinet/order?tariff=paper-2gb");
        await OrderMonthlyAsync(page);
        await page.GetByTestId("place-order").ClickAsync();
        await page.WaitForURLAsync(InvoicePage);
        await page.GetByTestId("pay-from-balance").ClickAsync();
        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await page.GetByTestId("pay-see-server").ClickAsync();
        await page.WaitForURLAsync(ServicePage);
        var serviceUrl = page.Url;

        // Staff take the rest of the credit back, so the renewal finds an empty balance.
        await DebitRestOfBalanceAsync("1901", "R1,901.00");

        // 27 days on: the renewal invoice is issued and stays open; three days before its due date the first reminder goes out.
        await fixture.AdvanceAsync(TimeSpan.FromDays(27) + TimeSpan.FromHours(1));
        await fixture.RunJobAsync("renewals");
        await fixture.RunJobAsync("dunning");
        await SignInAgainAsync(page, "/cabinet/billing", email, password);
        var renewal = page.GetByTestId("invoices-table").Locator("tr").Filter(new() { HasText = "Awaiting payment" }).GetByTestId("invoice-link").First;
        var renewalNumber = (await renewal.TextContentAsync())!.Trim();
        await renewal.ClickAsync();
        await page.WaitForURLAsync(InvoicePage);
        var invoiceUrl = page.Url;
        await Assertions.Expect(page.GetByTestId("dunning-timeline")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("dunning-step-ReminderBeforeDue-3")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(page.GetByTestId("dunning-step-Suspension-0")).ToHaveAttributeAsync("data-state", "Planned");
        await ScreenTourTests.SaveAsync(page, "dunning-reminder");
        var reminder = await fixture.App.WaitForMailAsync(
            m => m.To.ToString().Contains(email, StringComparison.OrdinalIgnoreCase)
                && ((m.TextBody ?? "") + m.Subject).Contains(renewalNumber, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.NotNull(reminder);

        // Nine more days without a run in between: the due-date and late reminders are folded into one (the latest),
        // and five days after the due date the service is suspended.
        await fixture.AdvanceAsync(TimeSpan.FromDays(9));
        await fixture.RunJobAsync("dunning");
        await SignInAgainAsync(page, invoiceUrl, email, password);
        await Assertions.Expect(page.GetByTestId("dunning-step-ReminderOnDue-0")).ToHaveAttributeAsync("data-state", "Skipped");
        await Assertions.Expect(page.GetByTestId("dunning-step-ReminderAfterDue-3")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(page.GetByTestId("dunning-step-Suspension-0")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(page.GetByTestId("dunning-step-Termination-0")).ToHaveAttributeAsync("data-state", "Planned");
        await ScreenTourTests.SaveAsync(page, "dunning-suspended");
        await ServiceStatusBecomesAsync(page, serviceUrl, "Suspended");

        // The customer pays the debt through the (demo) checkout: the invoice is paid and the service runs again.
        await page.GotoAsync(invoiceUrl);
        var demo = page.GetByTestId("pay-with-demo");
        await Assertions.Expect(demo).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        for (var attempt = 1; ; attempt++)
        {
            // The page is prerendered before its circuit connects: repeat the click until it is seen.
            await demo.ClickAsync();
            try
            {
                await page.WaitForURLAsync(new Regex("/pay/demo/[0-9a-f-]{36}$"), new PageWaitForURLOptions { Timeout = 3_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }
        }

        await Assertions.Expect(page.GetByTestId("demo-amount")).ToHaveTextAsync("R99.00");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        for (var attempt = 1; ; attempt++)
        {
            // The checkout page is prerendered too: a click before its circuit connects is lost, so repeat it.
            await page.GetByTestId("demo-pay").ClickAsync();
            try
            {
                await page.WaitForURLAsync(new Regex("/cabinet/billing/invoices/[0-9a-f-]{36}\\?attempt=[0-9a-f-]{36}$"), new PageWaitForURLOptions { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
            }
        }

        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(page.GetByTestId("dunning-step-Unsuspension-0")).ToHaveAttributeAsync("data-state", "Done");
        await ScreenTourTests.SaveAsync(page, "dunning-paid");
        await ServiceStatusBecomesAsync(page, serviceUrl, "Running");
        await ScreenTourTests.SaveAsync(page, "dunning-running-again");
    }

    /// <summary>Opens the service page until it shows <paramref name="status"/> (the panel's work is queued, then done).</summary>
    private static async Task ServiceStatusBecomesAsync(IPage page, string serviceUrl, string status)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync(serviceUrl);
            var chip = page.GetByTestId("service-status").First;
            await Assertions.Expect(chip).ToBeVisibleAsync();
            if (await chip.GetAttributeAsync("data-status") == status || attempt == 20)
            {
                await Assertions.Expect(chip).ToHaveAttributeAsync("data-status", status);
                return;
            }

            await page.WaitForTimeoutAsync(1_000);
        }
    }

    /// <summary>Paper 2 GB for one month: location 2 on the demo panel, no add-ons, a name.</summary>
    private static async Task OrderMonthlyAsync(IPage page)
    {
        var location = page.Locator("[data-testid=location-option][data-location='2']");
        for (var attempt = 1; ; attempt++)
        {
            // The form is prerendered before its circuit connects; a click in between is not seen, so repeat it.
            await location.ClickAsync();
            try
            {
                await page.GetByTestId("period-options").WaitForAsync(new LocatorWaitForOptions { Timeout = 2_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 8)
            {
            }
        }

        await page.GetByTestId("period-options").GetByText("1 month", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("addon-row").First).ToBeVisibleAsync();
        await page.GetByTestId("order-next").ClickAsync();
        await page.Locator("input[data-testid=server-name], [data-testid=server-name] input").First.FillAsync("Overdue SMP");
        await page.GetByTestId("order-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-total")).ToHaveTextAsync("R99.00");
    }

    /// <summary>The owner debits the demo customer's remaining credit from the staff ledger (a second browser).</summary>
    private async Task DebitRestOfBalanceAsync(string amount, string shownBalance)
    {
        await using var staffContext = await fixture.NewContextAsync();
        var staff = await staffContext.NewPageAsync();
        var (email, password) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(staff, email, password);
        await staff.GotoAsync("/admin/customers");
        // The list is prerendered before its circuit connects, and a row only navigates once it is interactive.
        await PaymentFlowSteps.ClickUntilAtAsync(staff, staff.GetByText(fixture.DemoAccounts["Customer"].Email), new Regex("/admin/customers/[0-9a-f-]{36}$"));
        await staff.GotoAsync(staff.Url + "/ledger");
        await Assertions.Expect(staff.GetByTestId("ledger-balance")).ToHaveTextAsync(shownBalance);
        var dialog = staff.GetByRole(AriaRole.Dialog);
        // The page is prerendered before its circuit connects: the click is repeated until the dialog opens.
        await PaymentFlowSteps.ClickUntilVisibleAsync(staff.GetByTestId("ledger-adjust"), dialog);

        await dialog.GetByText("Debit (take from the balance)").ClickAsync();
        await staff.Locator("[data-testid=adjust-amount] input, input[data-testid=adjust-amount]").First.FillAsync(amount);
        await staff.Locator("[data-testid=adjust-reason] textarea, textarea[data-testid=adjust-reason]").First.FillAsync("Starting credit taken back for the overdue-renewal check.");
        await staff.GetByTestId("adjust-confirm").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("ledger-balance")).ToHaveTextAsync("R0.00");
    }

    /// <summary>After a jump in time the sign-in may have run out: open the page, signing in again when asked.</summary>
    private static async Task SignInAgainAsync(IPage page, string path, string email, string password)
    {
        await page.GotoAsync(path);
        if (page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await page.Locator("input[name='Input.Email']").FillAsync(email);
            await page.Locator("input[name='Input.Password']").FillAsync(password);
            await page.GetByTestId("login-submit").ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            if (!page.Url.EndsWith(path, StringComparison.Ordinal))
            {
                await page.GotoAsync(path);
            }
        }
    }
}
