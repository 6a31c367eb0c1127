using System.Net;
using GameHost.Domain.Accounts;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Provisioning.Settings;

/// <summary>The panel settings over real HTTP: the key to every server is for administrators only.</summary>
public sealed class PanelSettingsAccessTests : IClassFixture<GameHostAppFactory>
{
    private readonly GameHostAppFactory _factory;

    public PanelSettingsAccessTests(GameHostAppFactory factory)
    {
        _factory = factory;
        TestAccounts.CreateOwnerAsync(factory.Services, $"owner-{Guid.NewGuid():N}@example.test").GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData("/admin/settings")]
    [InlineData("/admin/settings/panel")]
    public async Task SupportAgent_OpeningSettings_Gets403(string path)
    {
        var agent = await TestAccounts.CreateUserAsync(_factory.Services, $"agent-{Guid.NewGuid():N}@example.test", Roles.Support);
        using var client = await _factory.CreateSignedInClientAsync(agent);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Admin_OpeningPanelSettings_GetsThePage()
    {
        var admin = await TestAccounts.CreateUserAsync(_factory.Services, $"admin-{Guid.NewGuid():N}@example.test", Roles.Admin);
        using var client = await _factory.CreateSignedInClientAsync(admin);

        var response = await client.GetAsync(new Uri("/admin/settings/panel", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Game panel", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
