using System.Net;
using GameHost.Domain.Accounts;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GameHost.Tests.App.Guards;

/// <summary>The folder guards over real HTTP: anonymous → login, customer → 403 on the staff console, staff → in.</summary>
public sealed class AreaGuardTests : IClassFixture<GameHostAppFactory>
{
    private readonly GameHostAppFactory _factory;

    public AreaGuardTests(GameHostAppFactory factory)
    {
        _factory = factory;
        // With no administrator the site sends everyone to the one-time setup; these tests are about a set-up site.
        TestAccounts.CreateOwnerAsync(factory.Services, $"owner-{Guid.NewGuid():N}@example.test").GetAwaiter().GetResult();
    }

    private Task<ApplicationUser> CreateAsync(string role) =>
        TestAccounts.CreateUserAsync(_factory.Services, $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test", role);

    [Theory]
    [InlineData("/admin")]
    [InlineData("/cabinet")]
    public async Task Anonymous_OpeningAnArea_IsRedirectedToLoginWithReturnUrl(string path)
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Customer_OpeningStaffConsole_Gets403WithFriendlyPage()
    {
        var customer = await CreateAsync(Roles.Customer);
        using var client = await _factory.CreateSignedInClientAsync(customer);

        var response = await client.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("data-testid=\"status-403\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Support)]
    public async Task Staff_OpeningStaffConsole_GetsIn(string role)
    {
        var staff = await CreateAsync(role);
        using var client = await _factory.CreateSignedInClientAsync(staff);

        var response = await client.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Customer_OpeningCabinet_GetsIn()
    {
        var customer = await CreateAsync(Roles.Customer);
        using var client = await _factory.CreateSignedInClientAsync(customer);

        var response = await client.GetAsync(new Uri("/cabinet", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
