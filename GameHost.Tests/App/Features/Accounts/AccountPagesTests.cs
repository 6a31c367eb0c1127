using System.Net;
using System.Text.RegularExpressions;
using GameHost.Domain.Accounts;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Accounts;

/// <summary>The account pages over HTTP, on the real app with its own database, as a browser without JavaScript.</summary>
public partial class AccountPagesTests : IDisposable
{
    private readonly GameHostAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static Dictionary<string, string> Login(string email, string password, bool rememberMe = false) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.RememberMe"] = rememberMe ? "true" : "false",
    };

    /// <summary>Blazor's redirects are absolute; the tests care about the local path they point to.</summary>
    private static string? Location(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery
        : location.OriginalString;

    private static bool HasAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("gh-auth=", StringComparison.Ordinal));

    private async Task<ApplicationUser?> FindUserAsync(string email)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    public async Task Get_NoAdminYet_RedirectsToSetup(string path)
    {
        using var client = Client();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/setup", Location(response));
    }

    [Fact]
    public async Task Setup_PostOwner_SignsInAsAdminGoesToConsoleAndThenAnswers404()
    {
        using var client = Client();

        using var created = await client.SubmitFormAsync("/setup", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Olivia Owner",
            ["Input.Email"] = "olivia@example.test",
            ["Input.Password"] = "0wnerPassword",
            ["Input.ConfirmPassword"] = "0wnerPassword",
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin", Location(created));
        Assert.True(HasAuthCookie(created));
        var owner = await FindUserAsync("olivia@example.test");
        Assert.NotNull(owner);
        Assert.True(owner.EmailConfirmed);

        using var setupAgain = await client.GetAsync(new Uri("/setup", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, setupAgain.StatusCode);
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Setup_AdminCreatedElsewhere_Answers404()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        using var client = Client();

        using var response = await client.GetAsync(new Uri("/setup", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Setup_InvalidForm_ShowsFieldErrorsAndCreatesNobody()
    {
        using var client = Client();

        using var response = await client.SubmitFormAsync("/setup", new Dictionary<string, string>
        {
            ["Input.FullName"] = "",
            ["Input.Email"] = "olivia@example.test",
            ["Input.Password"] = "0wnerPassword",
            ["Input.ConfirmPassword"] = "typo",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your name.", html, StringComparison.Ordinal);
        Assert.Contains("The passwords do not match.", html, StringComparison.Ordinal);
        Assert.Null(await FindUserAsync("olivia@example.test"));
    }

    [Fact]
    public async Task LoginPost_MorePostsThanTheLimitFromOneAddress_AreRefusedWith429ButPagesStillLoad()
    {
        using var factory = new GameHostAppFactory().WithSetting("Security:AuthRateLimit:PermitsPerMinute", "3");
        await TestAccounts.CreateOwnerAsync(factory.Services);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetFormAsync("/account/login", "login");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostFormAsync(form, Login("nobody@example.test", "Wrong-Passw0rd"));
            statuses.Add(response.StatusCode);
            if (i == 3)
            {
                Assert.Contains("data-testid=\"status-429\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        for (var i = 0; i < 5; i++)
        {
            using var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var register = await client.SubmitFormAsync("/account/register", new Dictionary<string, string>(), "register");
        Assert.Equal(HttpStatusCode.TooManyRequests, register.StatusCode);
    }

    [Fact]
    public async Task LoginPost_DefaultLimit_AllowsTenPostsAndRefusesTheEleventh()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        using var client = Client();
        var form = await client.GetFormAsync("/account/login", "login");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostFormAsync(form, Login("nobody@example.test", "Wrong-Passw0rd"));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task LoginPost_RepeatedWrongPasswords_LockTheAccountEvenForTheRightPassword()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        await TestAccounts.CreateUserAsync(_factory.Services, "carla@example.test", Roles.Customer);
        using var client = Client();
        var form = await client.GetFormAsync("/account/login", "login");

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await client.PostFormAsync(form, Login("carla@example.test", "Wrong-Passw0rd"));
            Assert.Contains("data-testid=\"login-problem-invalidcredentials\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var fifth = await client.PostFormAsync(form, Login("carla@example.test", "Wrong-Passw0rd"));
        Assert.Contains("data-testid=\"login-problem-lockedout\"", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var right = await client.PostFormAsync(form, Login("carla@example.test", TestAccounts.Password));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.False(HasAuthCookie(right));
        Assert.Contains("data-testid=\"login-problem-lockedout\"", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPost_UnknownAddressAndWrongPassword_ReadTheSame()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        await TestAccounts.CreateUserAsync(_factory.Services, "carla@example.test", Roles.Customer);
        using var client = Client();

        using var unknown = await client.SubmitFormAsync("/account/login", Login("ghost@example.test", "Wrong-Passw0rd"));
        using var wrong = await client.SubmitFormAsync("/account/login", Login("carla@example.test", "Wrong-Passw0rd"));

        Assert.Contains("The e-mail or password is not correct.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The e-mail or password is not correct.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPost_UnconfirmedEmail_IsRefusedWithResendOffer()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        await TestAccounts.CreateUserAsync(_factory.Services, "una@example.test", Roles.Customer, emailConfirmed: false);
        using var client = Client();

        using var response = await client.SubmitFormAsync("/account/login", Login("una@example.test", TestAccounts.Password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(HasAuthCookie(response));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"login-problem-notconfirmed\"", html, StringComparison.Ordinal);
        Assert.Contains("/account/resend-confirmation?email=una%40example.test", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPost_UnconfirmedEmailWithWrongPassword_DoesNotRevealTheAccount()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        await TestAccounts.CreateUserAsync(_factory.Services, "una@example.test", Roles.Customer, emailConfirmed: false);
        using var client = Client();

        using var response = await client.SubmitFormAsync("/account/login", Login("una@example.test", "Wrong-Passw0rd"));

        Assert.Contains("data-testid=\"login-problem-invalidcredentials\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPost_LockedByStaff_IsRefusedWithContactSupport()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        var user = await TestAccounts.CreateUserAsync(_factory.Services, "lou@example.test", Roles.Customer);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            stored.IsLockedByStaff = true;
            await users.UpdateAsync(stored);
        }

        using var client = Client();
        using var response = await client.SubmitFormAsync("/account/login", Login("lou@example.test", TestAccounts.Password));

        Assert.False(HasAuthCookie(response));
        Assert.Contains("data-testid=\"login-problem-lockedbystaff\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Customer, null, "/cabinet")]
    [InlineData(Roles.Support, null, "/admin")]
    [InlineData(Roles.Customer, "/cabinet/billing", "/cabinet/billing")]
    [InlineData(Roles.Customer, "https://evil.example/phish", "/cabinet")]
    [InlineData(Roles.Customer, "//evil.example", "/cabinet")]
    public async Task LoginPost_RightPassword_SignsInAndGoesToReturnUrlOrTheirArea(string role, string? returnUrl, string expected)
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        await TestAccounts.CreateUserAsync(_factory.Services, "sam@example.test", role, language: "es");
        using var client = Client();
        var url = returnUrl is null ? "/account/login" : "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl);

        using var response = await client.SubmitFormAsync(url, Login("sam@example.test", TestAccounts.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, Location(response));
        Assert.True(HasAuthCookie(response));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=c%3Des%7Cuic%3Des", StringComparison.Ordinal));
        Assert.NotNull((await FindUserAsync("sam@example.test"))!.LastLoginAtUtc);
    }

    [Fact]
    public async Task LoginPost_TwoFactorEnabled_RedirectsToSecondStepWithoutSigningIn()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        var user = await TestAccounts.CreateUserAsync(_factory.Services, "tia@example.test", Roles.Customer);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            await users.SetTwoFactorEnabledAsync(stored, true);
        }

        using var client = Client();
        using var response = await client.SubmitFormAsync(
            "/account/login?returnUrl=%2Fcabinet%2Fservices", Login("tia@example.test", TestAccounts.Password, rememberMe: true));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login-2fa?returnUrl=%2Fcabinet%2Fservices&rememberMe=true", Location(response));
        Assert.False(HasAuthCookie(response));
    }

    [Fact]
    public async Task Register_ConfirmFromOutboxLink_ThenLogin_WorksOverHttp()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        using var client = Client();

        using var registered = await client.SubmitFormAsync("/account/register", RegisterFields("nina@example.test"));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal("/account/check-inbox", Location(registered));

        using var beforeConfirm = await client.SubmitFormAsync("/account/login", Login("nina@example.test", "Nina-Passw0rd"));
        Assert.False(HasAuthCookie(beforeConfirm));

        var link = await ConfirmationLinkAsync("nina@example.test");
        Assert.StartsWith("http://localhost/account/confirm-email?userId=", link, StringComparison.Ordinal);
        using var confirmed = await client.GetAsync(new Uri(new Uri(link).PathAndQuery, UriKind.Relative));
        Assert.Contains("data-testid=\"confirm-success\"", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var login = await client.SubmitFormAsync("/account/login", Login("nina@example.test", "Nina-Passw0rd"));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/cabinet", Location(login));
        Assert.True(HasAuthCookie(login));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
        var profile = await db.CustomerProfiles.Include(p => p.User).SingleAsync();
        Assert.Equal("nina@example.test", profile.User!.Email);
        Assert.Equal("EUR", profile.BillingCurrency);
        Assert.Equal("ES", profile.CountryCode);
    }

    [Fact]
    public async Task Register_EmailAlreadyUsed_SaysSoAtTheEmailField()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        await TestAccounts.CreateUserAsync(_factory.Services, "nina@example.test", Roles.Customer);
        using var client = Client();

        using var response = await client.SubmitFormAsync("/account/register", RegisterFields("Nina@Example.test"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var emailField = EmailFieldBlock().Match(html);
        Assert.True(emailField.Success);
        Assert.Contains("An account with this e-mail address already exists.", emailField.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InvalidForm_WritesNothing()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        using var client = Client();
        var fields = RegisterFields("nina@example.test");
        fields.Remove("Input.AcceptTerms");
        fields["Input.CountryCode"] = "XX";

        using var response = await client.SubmitFormAsync("/account/register", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Accept the terms to create an account.", html, StringComparison.Ordinal);
        Assert.Contains("Choose a country from the list.", html, StringComparison.Ordinal);
        Assert.Null(await FindUserAsync("nina@example.test"));
    }

    [Fact]
    public async Task ConfirmEmail_TamperedCode_SaysTheLinkIsInvalid()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        var user = await TestAccounts.CreateUserAsync(_factory.Services, "una@example.test", Roles.Customer, emailConfirmed: false);
        using var client = Client();

        using var response = await client.GetAsync(new Uri($"/account/confirm-email?userId={user.Id}&code=bm90LWEtdG9rZW4", UriKind.Relative));

        Assert.Contains("data-testid=\"confirm-failed\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await FindUserAsync("una@example.test"))!.EmailConfirmed);
    }

    [Fact]
    public async Task ForgotPassword_KnownAndUnknownAddress_AnswerTheSame_AndTheLinkResetsThePassword()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        await TestAccounts.CreateUserAsync(_factory.Services, "rita@example.test", Roles.Customer);
        using var client = Client();

        using var unknown = await client.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = "ghost@example.test" });
        using var known = await client.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = "rita@example.test" });
        Assert.Contains("data-testid=\"forgot-sent\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"forgot-sent\"", await known.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var link = await LinkAsync("rita@example.test", "account.password_reset", "http://localhost/account/reset-password\\?[^\\s]+");
        var path = new Uri(link).PathAndQuery;
        using var reset = await client.SubmitFormAsync(path, new Dictionary<string, string>
        {
            ["Input.Password"] = "Brand-New-Passw0rd",
            ["Input.ConfirmPassword"] = "Brand-New-Passw0rd",
        });
        Assert.Contains("data-testid=\"reset-done\"", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var login = await client.SubmitFormAsync("/account/login", Login("rita@example.test", "Brand-New-Passw0rd"));
        Assert.True(HasAuthCookie(login));
    }

    [Fact]
    public async Task AccessDenied_Page_Answers403WithThePanel()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        using var client = Client();

        using var response = await client.GetAsync(new Uri("/account/access-denied", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("data-testid=\"access-denied\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> RegisterFields(string email) => new()
    {
        ["Input.FullName"] = "Nina Nether",
        ["Input.Email"] = email,
        ["Input.Password"] = "Nina-Passw0rd",
        ["Input.ConfirmPassword"] = "Nina-Passw0rd",
        ["Input.Company"] = "",
        ["Input.CountryCode"] = "ES",
        ["Input.BillingCurrency"] = "",
        ["Input.PreferredLanguage"] = "en",
        ["Input.VatNumber"] = "",
        ["Input.AcceptTerms"] = "true",
    };

    private Task<string> ConfirmationLinkAsync(string email) =>
        LinkAsync(email, "account.confirm_email", "http://localhost/account/confirm-email\\?[^\\s]+");

    // The dispatcher job delivers mail on its own schedule; the outbox row is written with the registration itself.
    private async Task<string> LinkAsync(string email, string category, string pattern)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
        var message = await db.OutboundEmails.SingleAsync(e => e.ToAddress == email && e.Category == category);
        return Regex.Match(message.TextBody, pattern).Value;
    }

    [GeneratedRegex("<div class=\"gh-field[^\"]*\">\\s*<label for=\"field-email\".*?</div>\\s*(<div class=\"gh-field-error[^>]*>.*?</div>)?", RegexOptions.Singleline)]
    private static partial Regex EmailFieldBlock();
}
