using System.Net;
using System.Net.Http.Headers;
using GameHost.App.Features.Provisioning;
using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Capacity;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Provisioning.DemoPanel;

/// <summary>Where the built-in demo panel runs: with the demo seed and in tests, never in Production.</summary>
public class DemoPanelRegistrationTests
{
    [Fact]
    public async Task Start_InDevelopment_MountsTheDemoPanelBehindItsKeyAndKeepsItsStateInTheDataFolder()
    {
        using var factory = new GameHostAppFactory { Environment = "Development" };
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var panel = factory.Services.GetRequiredService<GameHost.App.Features.Provisioning.DemoPanel.DemoPanel>();

        using var anonymous = await client.SendAsync(Request(HttpMethod.Get, "/demo-panel/api/application/locations", key: null));
        using var locations = await client.SendAsync(Request(HttpMethod.Get, "/demo-panel/api/application/locations", panel.ApiKey));
        using var suspend = await client.SendAsync(Request(HttpMethod.Post, "/demo-panel/api/application/servers/57/suspend", panel.ApiKey));
        using var page = await client.GetAsync(new Uri("/demo-panel/server/9f0b5c1e", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, locations.StatusCode);
        Assert.Contains("\"za-jnb\"", await locations.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, suspend.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, PterodactylAppRegistration.DemoPanelStateFileName)));
        Assert.IsType<PanelServerCapacity>(factory.Services.GetRequiredService<IServerCapacity>());
        Assert.IsType<BuiltInDemoPanel>(factory.Services.GetRequiredService<IBuiltInPanel>());
    }

    [Fact]
    public async Task Start_InSpanish_ServerPageIsSpanish()
    {
        using var factory = new GameHostAppFactory().WithSetting("Provisioning:DemoPanel:Enabled", "true");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("es"));

        var html = await client.GetStringAsync(new Uri("/demo-panel/server/9f0b5c1e", UriKind.Relative));

        Assert.Contains("Panel de demostración integrado", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InProduction_NeverMountsTheDemoPanel_EvenWhenAsked()
    {
        using var factory = new GameHostAppFactory { Environment = "Production" }
            .WithSetting("Provisioning:DemoPanel:Enabled", "true")
            .WithSetting("Demo:Seed", "true");
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Request(HttpMethod.Get, "/demo-panel/api/application/locations", "any"));
        using var page = await client.GetAsync(new Uri("/demo-panel/server/9f0b5c1e", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Null(factory.Services.GetService<GameHost.App.Features.Provisioning.DemoPanel.DemoPanel>());
        Assert.Null(factory.Services.GetService<IBuiltInPanel>());
        Assert.Null(await factory.Services.GetRequiredService<IPanelConnectionSource>().GetAsync(default));
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, PterodactylAppRegistration.DemoPanelStateFileName)));
    }

    [Theory]
    [InlineData("Testing", null, null, false)]
    [InlineData("Testing", "true", null, true)]
    [InlineData("Testing", null, "true", true)]
    [InlineData("Development", null, null, true)]
    [InlineData("Development", null, "false", false)]
    [InlineData("Production", "true", "true", false)]
    public void IsDemoPanelEnabled_FollowsTheSeedUnlessSetAndNeverInProduction(string environment, string? seed, string? enabled, bool expected)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Seed"] = seed, ["Provisioning:DemoPanel:Enabled"] = enabled })
            .Build();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };

        Assert.Equal(expected, PterodactylAppRegistration.IsDemoPanelEnabled(host, configuration));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080/")]
    [InlineData("http://[::]:8080", "http://localhost:8080/")]
    [InlineData("http://+:80", "http://localhost/")]
    public void LoopbackAddress_WildcardHosts_BecomeLocalhost(string listening, string expected)
    {
        Assert.Equal(expected, BuiltInDemoPanel.LoopbackAddress([listening])?.ToString());
    }

    [Fact]
    public void LoopbackAddress_HttpAndHttps_PrefersPlainHttp_NoneGivesNull()
    {
        Assert.Equal("http://localhost:5000/", BuiltInDemoPanel.LoopbackAddress(["https://localhost:5001", "http://localhost:5000"])?.ToString());
        Assert.Null(BuiltInDemoPanel.LoopbackAddress([]));
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Accept", "application/json");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }
}
