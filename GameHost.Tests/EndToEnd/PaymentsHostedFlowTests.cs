using System.Text.RegularExpressions;
using GameHost.App.Features.Payments.Gateways.PayFast;
using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The real app (demo seed, Testing environment) whose PayPal, Stripe and PayFast accounts point at the local fake
/// gateways, the fakes themselves (hosted pages a browser can use, webhooks and ITNs sent back to the app) and one
/// headless Chromium. The accounts come from <c>Payments:TestingAccounts</c>, which only the Testing environment reads.
/// </summary>
public sealed class PaymentFlowsFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public FakePayPal PayPal { get; private set; } = default!;

    public FakeStripe Stripe { get; private set; } = default!;

    public FakePayFast PayFast { get; private set; } = default!;

    public RunningApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public IReadOnlyDictionary<string, (string Email, string Password)> DemoAccounts { get; private set; } =
        new Dictionary<string, (string, string)>();

    public async Task InitializeAsync()
    {
        // PayPal's order times and approval window are read against the app's real clock.
        PayPal = await FakePayPal.StartAsync(new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        Stripe = await FakeStripe.StartAsync();
        PayFast = await FakePayFast.StartAsync();
        string[] accounts =
        [
            .. Account(0, PayPalGateway.GatewayCode, "PayPal", ["USD", "EUR"], new Dictionary<string, string>
            {
                [PayPalSettings.ClientId] = FakePayPal.ClientId,
                [PayPalSettings.ClientSecret] = FakePayPal.ClientSecret,
                [PayPalSettings.WebhookId] = FakePayPal.WebhookId,
                [PayPalSettings.BaseUrl] = PayPal.BaseUrl,
                [PayPalSettings.BrandName] = "GameHost tests",
            }),
            .. Account(1, StripeGateway.GatewayCode, "Card (Stripe)", ["ZAR", "USD"], new Dictionary<string, string>
            {
                [StripeGateway.Settings.SecretKey] = FakeStripe.DefaultSecretKey,
                [StripeGateway.Settings.WebhookSecret] = FakeStripe.DefaultWebhookSecret,
                [StripeGateway.Settings.ApiBase] = Stripe.BaseAddress.ToString().TrimEnd('/'),
            }),
            .. Account(2, PayFastGateway.GatewayCode, "PayFast", ["ZAR"], new Dictionary<string, string>
            {
                [PayFastGateway.Settings.MerchantId] = FakePayFast.MerchantId,
                [PayFastGateway.Settings.MerchantKey] = FakePayFast.MerchantKey,
                [PayFastGateway.Settings.Passphrase] = FakePayFast.Passphrase,
                [PayFastGateway.Settings.ProcessUrl] = PayFast.ProcessUrl.ToString(),
                [PayFastGateway.Settings.ValidateUrl] = PayFast.ValidateUrl.ToString(),
            }),
        ];

        App = await RunningApp.StartAsync("Testing", null,
        [
            "--Demo:Seed", "true", "--Security:AuthRateLimit:PermitsPerMinute", "1000",
            "--Provisioning:Queue:PollSeconds", "1", "--Provisioning:Queue:InstallPollSeconds", "1", "--Provisioning:DemoPanel:InstallSeconds", "2",
            // The fake PayFast sends its ITNs from loopback; in production only PayFast's own addresses pass check 2.
            "--Payments:PayFast:AllowedRanges:0", "127.0.0.1/32",
            .. accounts,
        ]);
        PayPal.WebhookTarget = new Uri(App.BaseAddress, "/webhooks/paypal");
        Stripe.WebhookTarget = new Uri(App.BaseAddress, "/webhooks/stripe");
        DemoAccounts = Regex
            .Matches(App.Output, @"^\s+(Admin|Support|Customer)\s+(\S+@\S+)\s+password: (\S+)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    private static IEnumerable<string> Account(int index, string gateway, string name, string[] currencies, Dictionary<string, string> settings)
    {
        var prefix = $"--Payments:TestingAccounts:{index}:";
        yield return prefix + "Gateway";
        yield return gateway;
        yield return prefix + "DisplayName";
        yield return name;
        for (var i = 0; i < currencies.Length; i++)
        {
            yield return $"{prefix}Currencies:{i}";
            yield return currencies[i];
        }

        foreach (var (key, value) in settings)
        {
            yield return $"{prefix}Settings:{key}";
            yield return value;
        }
    }

    /// <summary>A fresh browser context (its own cookies) at the app's address.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Runs a test in a fresh context; on failure saves a full-page screenshot named after the test, then rethrows.</summary>
    public async Task RunAsync(string testName, Func<IPage, Task> test)
    {
        await using var context = await NewContextAsync();
        Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        try
        {
            await test(page);
        }
        catch
        {
            Directory.CreateDirectory(BrowserFixture.ArtifactsDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"{testName}-failure.png"),
                FullPage = true,
            });
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        foreach (var fake in new LoopbackHttpFake?[] { PayPal, Stripe, PayFast })
        {
            if (fake is not null)
            {
                await fake.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentFlowsCollection : ICollectionFixture<PaymentFlowsFixture>
{
    public const string Name = "Payment flows";
}

/// <summary>The steps every hosted-flow test shares: order, open the invoice, pick a gateway, and check what was recorded.</summary>
internal static partial class PaymentFlowSteps
{
    public const string Password = "Blocky-Worlds-2026";

    /// <summary>
    /// A new customer of their own for each test (register, confirm through the mail drop, log in), so one test's open
    /// invoices and balance never meet another's: a payment settles every open invoice the balance then covers.
    /// </summary>
    public static async Task<string> RegisterCustomerAsync(IPage page, RunningApp app, string countryCode)
    {
        var email = $"payer-{Guid.NewGuid():N}@example.test";
        await page.GotoAsync("/account/register");
        await page.Locator("input[name='Input.FullName']").FillAsync("Alex Payer");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(Password);
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync(Password);
        await page.Locator("select[name='Input.CountryCode']").SelectOptionAsync(countryCode);
        await page.Locator("#field-acceptterms").CheckAsync();
        await page.GetByTestId("register-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("check-inbox")).ToBeVisibleAsync();

        var mail = await app.WaitForMailAsync(m => m.To.Mailboxes.Any(a => a.Address == email), TimeSpan.FromSeconds(30));
        await page.GotoAsync(ConfirmLink().Match(mail.TextBody ?? "").Value);
        await Assertions.Expect(page.GetByTestId("confirm-success")).ToBeVisibleAsync();
        await BrowserFixture.LogInAsync(page, email, Password);
        return email;
    }

    /// <summary>Places an order for Paper 4 GB (3 months) and returns the invoice page's path (the customer lands on it).</summary>
    public static async Task<string> PlaceOrderAsync(IPage page)
    {
        await page.GotoAsync("/cabinet/order?tariff=paper-4gb");
        await OrderingTests.FillUpToReviewAsync(page);
        await page.GetByTestId("place-order").ClickAsync();
        await page.WaitForURLAsync(PlacedInvoice());
        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Awaiting payment");
        return new Uri(page.Url).AbsolutePath;
    }

    /// <summary>
    /// Clicks until the browser leaves for <paramref name="destination"/>: the page is prerendered before its circuit
    /// connects and a click in between is not seen. A click seen twice reuses the form's request id (one attempt).
    /// </summary>
    public static async Task ClickUntilAtAsync(IPage page, ILocator button, Regex destination)
    {
        for (var attempt = 1; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await page.WaitForURLAsync(destination, new PageWaitForURLOptions { Timeout = 3_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }
        }
    }

    /// <summary>Clicks until <paramref name="appears"/> is visible (same reason as <see cref="ClickUntilAtAsync"/>).</summary>
    public static async Task ClickUntilVisibleAsync(ILocator button, ILocator appears)
    {
        for (var attempt = 1; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await appears.WaitForAsync(new LocatorWaitForOptions { Timeout = 3_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }
        }
    }

    /// <summary>Reloads the invoice until it shows Paid (a payment confirmed by notification lands a moment later).</summary>
    public static async Task WaitUntilPaidAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            var status = page.GetByTestId("invoice-status");
            await status.WaitForAsync();
            if ((await status.InnerTextAsync()).Trim() == "Paid")
            {
                return;
            }

            if (attempt == 30)
            {
                await Assertions.Expect(status).ToHaveTextAsync("Paid");
                return;
            }

            await page.WaitForTimeoutAsync(1_000);
            await page.ReloadAsync();
        }
    }

    /// <summary>The balance as the cabinet shows it.</summary>
    public static async Task<string> BalanceAsync(IPage page)
    {
        await page.GotoAsync("/cabinet/billing/balance");
        var amount = page.GetByTestId("balance-amount");
        await amount.WaitForAsync();
        return (await amount.InnerTextAsync()).Trim();
    }

    /// <summary>
    /// The ledger as the customer exports it (the cabinet's history CSV, fetched with the browser's own session): exactly
    /// one "payment received" movement for the gateway's transaction, and the invoice settled from it once.
    /// </summary>
    public static async Task ExpectOneLedgerPaymentAsync(IPage page, string gateway, string transactionId, string invoiceNumber)
    {
        var response = await page.Context.APIRequest.GetAsync("/cabinet/billing/history.csv");
        Assert.Equal(200, response.Status);
        var lines = (await response.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains(",payment_received,", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"Payment {transactionId} via {gateway}", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains(",invoice_paid,", StringComparison.Ordinal) && l.Contains(invoiceNumber, StringComparison.Ordinal));
    }

    /// <summary>
    /// Staff's view: one payment row for the transaction, and every notification the gateway sent stored once and
    /// processed (the duplicate confirmation changed nothing).
    /// </summary>
    public static async Task ExpectStaffSeeOnePaymentAsync(PaymentFlowsFixture fixture, string transactionId, IReadOnlyCollection<string> eventIds)
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var (email, password) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/admin/payments");
        await Assertions.Expect(page.GetByTestId("payment-reference").Filter(new LocatorFilterOptions { HasText = transactionId })).ToHaveCountAsync(1);

        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync("/admin/payments/events");
            var rows = page.GetByTestId("event-row");
            await Assertions.Expect(page.GetByTestId("events-table")).ToBeVisibleAsync();
            var processed = 0;
            foreach (var eventId in eventIds)
            {
                var row = rows.Filter(new LocatorFilterOptions { HasText = eventId });
                if (await row.CountAsync() == 1 && (await row.InnerTextAsync()).Contains("Processed", StringComparison.Ordinal))
                {
                    processed++;
                }
            }

            if (processed == eventIds.Count)
            {
                return;
            }

            Assert.True(attempt < 30, $"Not every gateway event was stored once and processed: {string.Join(", ", eventIds)}");
            await page.WaitForTimeoutAsync(1_000);
        }
    }

    /// <summary>The invoice number as its page heads it ("Invoice INV-000123" → "INV-000123").</summary>
    public static async Task<string> InvoiceNumberAsync(IPage page)
    {
        var heading = (await page.GetByTestId("invoice-number").InnerTextAsync()).Trim();
        return InvoiceNumber().Match(heading).Value;
    }

    [GeneratedRegex("/cabinet/billing/invoices/[0-9a-f-]{36}\\?placed=1$")]
    public static partial Regex PlacedInvoice();

    [GeneratedRegex("/cabinet/billing/invoices/[0-9a-f-]{36}\\?attempt=[0-9a-f-]{36}$")]
    public static partial Regex ReturnedToInvoice();

    [GeneratedRegex(@"https?://\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"INV-[0-9A-Z-]+")]
    private static partial Regex InvoiceNumber();
}
