using System.Net;
using GameHost.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Accounts.Manage;

public class ProfilePageTests : IDisposable
{
    private readonly ManageAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task SaveProfile_Customer_StoresFieldsAndRewritesCultureCookie()
    {
        var user = await _factory.CreateUserAsync("xena@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var answer = await browser.PostAsync("/account/manage", "profile", new Dictionary<string, string?>
        {
            ["Input.FullName"] = "  Xena Warrior ",
            ["Input.PreferredLanguage"] = "es",
            ["Input.Company"] = "Amphipolis Hosting",
            ["Input.CountryCode"] = "PT",
            ["Input.VatNumber"] = "pt123456789",
        });

        Assert.Equal("/account/manage?status=profile-saved", answer.Location);
        var page = await browser.FollowAsync(answer);
        // The next page is in Spanish: the culture cookie was rewritten.
        Assert.Contains("lang=\"es\"", page.Html, StringComparison.Ordinal);
        Assert.Equal("Tu perfil se guardó.", page.ByTestId("status-message")!.TextContent.Trim());
        Assert.Equal("EUR", page.ByTestId("profile-billing-currency")!.TextContent.Trim());
        var stored = await _factory.WithDbAsync(db => db.Users.Include(u => u.CustomerProfile).SingleAsync(u => u.Id == user.Id));
        Assert.Equal("Xena Warrior", stored.FullName);
        Assert.Equal("es", stored.PreferredLanguage);
        Assert.Equal("Amphipolis Hosting", stored.CustomerProfile!.Company);
        Assert.Equal("PT", stored.CustomerProfile.CountryCode);
        Assert.Equal("PT123456789", stored.CustomerProfile.VatNumber);
        Assert.Equal("EUR", stored.CustomerProfile.BillingCurrency);
    }

    [Fact]
    public async Task SaveProfile_BadInput_ShowsErrorsAtFieldsAndWritesNothing()
    {
        var user = await _factory.CreateUserAsync("yuri@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.PostAsync("/account/manage", "profile", new Dictionary<string, string?>
        {
            ["Input.FullName"] = "Yuri",
            ["Input.PreferredLanguage"] = "en",
            ["Input.CountryCode"] = "XX",
            ["Input.VatNumber"] = "no",
        });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotEmpty(page.FieldErrors("Input.CountryCode"));
        Assert.NotEmpty(page.FieldErrors("Input.VatNumber"));
        var stored = await _factory.WithDbAsync(db => db.Users.Include(u => u.CustomerProfile).SingleAsync(u => u.Id == user.Id));
        Assert.Equal("Test User", stored.FullName);
        Assert.Equal("ES", stored.CustomerProfile!.CountryCode);
    }

    [Fact]
    public async Task ProfilePage_Staff_HasNoBillingFieldsAndLinksBackToConsole()
    {
        var user = await _factory.CreateUserAsync("zoe@example.test", Roles.Support);
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.GetAsync("/account/manage");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(page.ByTestId("profile-country"));
        Assert.Equal("/admin", page.ByTestId("manage-back")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ProfilePage_Customer_LinksBackToCabinet()
    {
        var user = await _factory.CreateUserAsync("abe@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.GetAsync("/account/manage");

        Assert.Equal("/cabinet", page.ByTestId("manage-back")!.GetAttribute("href"));
        Assert.NotNull(page.ByTestId("profile-country"));
    }
}
