using Microsoft.Playwright;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// One running app and one headless Debian Chromium shared by the end-to-end tests. Each test gets a fresh browser
/// context (its own cookies), and a screenshot is kept as a test artefact when it fails.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public RunningApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where failure screenshots go: <c>TestResults/e2e</c> at the repository root (CI keeps the folder).</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("GAMEHOST_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot.Find(), "TestResults", "e2e");

    /// <summary>The demo accounts, read from what the app printed on its first start: role → (e-mail, password).</summary>
    public IReadOnlyDictionary<string, (string Email, string Password)> DemoAccounts { get; private set; } =
        new Dictionary<string, (string, string)>();

    public async Task InitializeAsync()
    {
        // Every test signs in from the same loopback address, so the per-address limit on auth posts would refuse the
        // suite's later logins within one minute; the limit itself is tested in AccountPagesTests.
        // Provisioning runs quickly here: the queue polls every second and the demo panel installs in two.
        App = await RunningApp.StartAsync("Testing", null, "--Demo:Seed", "true", "--Security:AuthRateLimit:PermitsPerMinute", "1000",
            "--Provisioning:Queue:PollSeconds", "1", "--Provisioning:Queue:InstallPollSeconds", "1", "--Provisioning:DemoPanel:InstallSeconds", "2");
        DemoAccounts = System.Text.RegularExpressions.Regex
            .Matches(App.Output, @"^\s+(Admin|Support|Customer)\s+(\S+@\S+)\s+password: (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>Runs a test in a fresh context; on failure saves a full-page screenshot named after the test, then rethrows.</summary>
    public async Task RunAsync(string testName, Func<IPage, Task> test)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);

        // Expect() waits 5 s by default; a loaded CI box can take longer to push a circuit's render.
        Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        try
        {
            await test(page);
        }
        catch
        {
            Directory.CreateDirectory(ArtifactsDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(ArtifactsDirectory, $"{testName}-failure.png"),
                FullPage = true,
            });
            throw;
        }
    }

    /// <summary>Signs in through the real login page.</summary>
    public static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        // Waits for the move away from the login page, not for that page's load event: on a busy machine the event was
        // sometimes never reported although the cabinet was on screen. The first cabinet page is also often the first
        // one this app process renders (every component compiled on first use), hence the longer timeout. The next
        // steps wait for what they need themselves.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit, Timeout = 45_000 });
    }

    /// <summary>
    /// Picks an option of a MudSelect and waits until the field shows it, as a person would before the next step.
    /// MudSelect applies a choice in a handler that first talks to the browser (closing its list): on a busy server
    /// the next click can reach the page before the choice does.
    /// </summary>
    public static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(select);
        await select.ClickAsync();
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = option }).First.ClickAsync();
        // The locator follows the field: MudSelect shows a chosen option as text where the empty field was an input.
        await Assertions.Expect(select).ToContainTextAsync(option);
    }

    /// <summary>
    /// Waits until the prerendered page has its circuit: the layout's theme toggle turns from a link (static) into a
    /// button (interactive). Clicks and typing before that reach only the prerendered HTML and are lost.
    /// </summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("button[data-testid=theme-toggle]").First.WaitForAsync();

    /// <summary>
    /// A second browser (its own cookies) on the app, signed in as the demo account of <paramref name="role"/> — e.g.
    /// the agent answering while the customer's page stays open — and its page. Dispose the context when done.
    /// </summary>
    public async Task<(IBrowserContext Context, IPage Page)> SecondBrowserAsync(string role)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var (email, password) = DemoAccounts[role];
        await LogInAsync(page, email, password);
        return (context, page);
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
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "End-to-end";
}
