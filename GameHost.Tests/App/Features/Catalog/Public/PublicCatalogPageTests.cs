using System.Net;
using GameHost.Domain.Accounts;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Demo;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Catalog.Public;

/// <summary>The public catalog over HTTP on the real app with the demo catalog: no login, no circuit, prices per currency.</summary>
public sealed class PublicCatalogPageTests : IDisposable
{
    private readonly GameHostAppFactory _factory = new GameHostAppFactory().WithSetting("Demo:Seed", "true");

    public void Dispose() => _factory.Dispose();

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task SetVisibilityAsync(string slug, TariffVisibility visibility)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
        var tariff = await db.Tariffs().SingleAsync(t => t.Slug == slug);
        tariff.Visibility = visibility;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Catalog_Visitor_ListsGamesWithResourcesPricesAndOrderLinks()
    {
        using var client = Client();

        using var response = await client.GetAsync(new Uri("/catalog", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["minecraft-java", "minecraft-bedrock", "rust"],
            System.Text.RegularExpressions.Regex.Matches(html, "data-game=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("4 GB RAM &#xB7; 20 GB disk &#xB7; 3 vCPU", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/cabinet/order?tariff=paper-4gb\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"currency-ZAR\"", html, StringComparison.Ordinal);
        // Static rendering: no interactive circuit is started for the catalog.
        Assert.DoesNotContain("<!--Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_CurrencyChosen_ShowsItAndRemembersItInACookie()
    {
        using var client = Client();

        using var chosen = await client.GetAsync(new Uri("/catalog?currency=ZAR", UriKind.Relative));
        var html = await chosen.Content.ReadAsStringAsync();
        Assert.Contains("R189.00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("$11.00", html, StringComparison.Ordinal);
        var cookie = Assert.Single(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith("gh_currency=", StringComparison.Ordinal));
        Assert.StartsWith("gh_currency=ZAR", cookie, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/catalog", UriKind.Relative));
        request.Headers.Add("Cookie", "gh_currency=ZAR");
        using var later = await client.SendAsync(request);
        Assert.Contains("R189.00", await later.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_UnknownOrUnofferedCurrency_FallsBackToAnOfferedOne()
    {
        using var client = Client();

        var html = await client.GetStringAsync(new Uri("/catalog?currency=EUR", UriKind.Relative));

        Assert.Contains("$11.00", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_SignedInCustomer_DefaultsToTheirBillingCurrency()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var customer = (await users.FindByEmailAsync(DemoSeeder.CustomerEmail))!;
        using var client = Client();
        client.DefaultRequestHeaders.Add("Cookie", await TestSignIn.AuthCookieAsync(_factory.Services, customer));

        var html = await client.GetStringAsync(new Uri("/catalog", UriKind.Relative));

        Assert.Contains("R189.00", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_HiddenLinkTariff_IsNotListedButOpensByItsLink()
    {
        await SetVisibilityAsync("paper-8gb", TariffVisibility.HiddenLink);
        using var client = Client();

        var listed = await client.GetStringAsync(new Uri("/catalog", UriKind.Relative));
        var linked = await client.GetStringAsync(new Uri("/catalog/paper-8gb?currency=ZAR", UriKind.Relative));

        Assert.DoesNotContain("paper-8gb", listed, StringComparison.Ordinal);
        Assert.Contains("href=\"/cabinet/order?tariff=paper-8gb\"", linked, StringComparison.Ordinal);
        Assert.Contains("R349.00", linked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_StaffOnlyTariff_IsNeitherListedNorShownByItsSlug()
    {
        await SetVisibilityAsync("rust-16gb", TariffVisibility.StaffOnly);
        using var client = Client();

        var listed = await client.GetStringAsync(new Uri("/catalog", UriKind.Relative));
        var linked = await client.GetStringAsync(new Uri("/catalog/rust-16gb", UriKind.Relative));

        Assert.DoesNotContain("rust-16gb", listed, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"tariff-not-found\"", linked, StringComparison.Ordinal);
        Assert.DoesNotContain("Rust 16 GB", linked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_Visitor_IsSentToLoginAndBackToTheOrder()
    {
        using var client = Client();

        using var response = await client.GetAsync(new Uri("/cabinet/order?tariff=paper-4gb", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/account/login?ReturnUrl=" + Uri.EscapeDataString("/cabinet/order?tariff=paper-4gb"),
            response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
