using System.Net;
using GameHost.App.Features.Payments.Gateways.Demo;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Payments.Demo;

/// <summary>The demo gateway: only in demo mode, and its webhooks go through the real endpoint, verification and inbox.</summary>
public sealed class DemoGatewayTests
{
    [Theory]
    [InlineData("Testing", null, null, false)]
    [InlineData("Testing", "true", null, true)]
    [InlineData("Development", null, null, true)]
    [InlineData("Development", null, "false", false)]
    [InlineData("Production", "true", "true", false)]
    public void IsDemoGatewayEnabled_FollowsTheDemoSeedAndNeverInProduction(string environment, string? seed, string? enabled, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Seed"] = seed, ["Payments:DemoGateway:Enabled"] = enabled })
            .Build();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };

        Assert.Equal(expected, DemoGatewayRegistration.IsDemoGatewayEnabled(host, configuration));
    }

    [Fact]
    public async Task Start_InProductionConfiguration_DemoGatewayCannotBeEnabled()
    {
        using var factory = new GameHostAppFactory { Environment = "Production" }
            .WithSetting("Payments:DemoGateway:Enabled", "true")
            .WithSetting("Demo:Seed", "true");
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(new Uri("/webhooks/demo", UriKind.Relative), new ByteArrayContent("{}"u8.ToArray()));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(scope.ServiceProvider.GetRequiredService<GatewayRegistry>().Find(GatewayCodes.Demo));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GameHostDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.GatewayAccounts().ToListAsync());
    }

    private static async Task<string> SecretAsync(GameHostAppFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var enabled = await scope.ServiceProvider.GetRequiredService<GatewayAccounts>().EnabledAsync(GatewayCodes.Demo, CancellationToken.None);
        return Assert.Single(enabled).Config.Require(DemoGateway.SecretKey);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string signature)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation(DemoSignature.Header, signature);
        return await client.PostAsync(new Uri("/webhooks/demo", UriKind.Relative), content);
    }

    [Fact]
    public async Task Webhook_SignedTwiceForgedAndReplayed_StoresOneEventAndRejectsTheOthers()
    {
        using var factory = new GameHostAppFactory().WithSetting("Payments:DemoGateway:Enabled", "true");
        using var client = factory.CreateClient();
        var secret = await SecretAsync(factory);
        var body = DemoSignature.Body("evt_demo_1", "payment.succeeded", Guid.NewGuid());
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

        using var first = await PostAsync(client, body, DemoSignature.Sign(secret, now, body));
        using var second = await PostAsync(client, body, DemoSignature.Sign(secret, now, body));
        using var forged = await PostAsync(client, DemoSignature.Body("evt_demo_2", "payment.succeeded", Guid.NewGuid()), DemoSignature.Sign("not-the-secret", now, body));
        var old = DemoSignature.Body("evt_demo_3", "payment.succeeded", Guid.NewGuid());
        using var replayed = await PostAsync(client, old, DemoSignature.Sign(secret, now - 600, old));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (forged.StatusCode, replayed.StatusCode));
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GameHostDbContext>>().CreateDbContextAsync();
        var stored = await db.GatewayEvents().AsNoTracking().ToListAsync();
        Assert.Equal("evt_demo_1", Assert.Single(stored).EventId);
        // An event for a payment the demo gateway never saw is ignored with a reason, never silently. The app's own
        // pump may be processing it right now; the processor run here takes it if the pump has not.
        await scope.ServiceProvider.GetRequiredService<GatewayEventProcessor>().RunAsync(CancellationToken.None);
        var row = await db.GatewayEvents().AsNoTracking().SingleAsync();
        for (var wait = 0; wait < 100 && row.Status is GatewayEventStatus.Received or GatewayEventStatus.Processing; wait++)
        {
            await Task.Delay(100);
            row = await db.GatewayEvents().AsNoTracking().SingleAsync();
        }

        Assert.Equal(GatewayEventStatus.Ignored, row.Status);
        Assert.False(string.IsNullOrEmpty(row.Reason));
    }
}
