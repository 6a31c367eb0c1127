using GameHost.App.Hosting;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameHost.App.Features.Payments.Gateways.Demo;

/// <summary>Sends the demo gateway's signed webhook to this app's own <c>/webhooks/demo</c>, as a real gateway would.</summary>
public sealed class DemoWebhookSender(IHttpClientFactory clients, IServer server, IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoWebhookSender> logger)
{
    public const string ClientName = "demo-gateway";

    public async Task SendAsync(Guid attemptId, string type, CancellationToken cancellationToken)
    {
        string? secret;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<GatewayAccounts>();
            secret = (await accounts.EnabledAsync(GatewayCodes.Demo, cancellationToken)).Select(a => a.Config.Get(DemoGateway.SecretKey)).FirstOrDefault(s => s is not null);
        }

        if (secret is null)
        {
            logger.LogWarning("The demo gateway has no enabled account; no webhook sent");
            return;
        }

        var body = DemoSignature.Body($"evt_demo_{Guid.NewGuid():N}", type, attemptId);
        var signature = DemoSignature.Sign(secret, time.GetUtcNow().ToUnixTimeSeconds(), body);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5000";
        address = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{address.TrimEnd('/')}/webhooks/demo") { Content = content };
        request.Headers.TryAddWithoutValidation(DemoSignature.Header, signature);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            logger.LogInformation("Demo webhook for attempt {Attempt} answered {Status}", attemptId, (int)response.StatusCode);
        }
        catch (HttpRequestException exception)
        {
            // The return page and the janitor still confirm the payment.
            logger.LogWarning(exception, "The demo webhook could not be delivered");
        }
    }
}

/// <summary>Creates the demo gateway account (with a fresh signing secret) once the database is ready.</summary>
public sealed class DemoGatewaySeeder(IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<GatewayAccounts>();
        // A configured secret (the webhooks benchmark signs with it) wins; else a fresh one on first start.
        var configured = configuration["Payments:DemoGateway:WebhookSecret"];
        var secret = string.IsNullOrWhiteSpace(configured) ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) : configured;
        await accounts.EnsureAsync(GatewayCodes.Demo, "Demo gateway (no real money)", ["ZAR", "USD", "EUR", "GBP"],
            new Dictionary<string, string> { [DemoGateway.SecretKey] = secret }, replaceSettings: !string.IsNullOrWhiteSpace(configured), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DemoGatewayRegistration
{
    /// <summary>Never in Production; elsewhere <c>Payments:DemoGateway:Enabled</c> decides when set, else the demo seed does.</summary>
    public static bool IsDemoGatewayEnabled(IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        if (environment.IsProduction())
        {
            return false;
        }

        return configuration.GetValue<bool?>("Payments:DemoGateway:Enabled")
               ?? DatabaseStartup.ShouldSeedDemo(environment, configuration, NullLogger.Instance);
    }

    public static WebApplicationBuilder AddDemoGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsDemoGatewayEnabled(builder.Environment, builder.Configuration))
        {
            return builder;
        }

        builder.Services.AddSingleton<DemoGatewayState>();
        builder.Services.AddSingleton<IPaymentGateway, DemoGateway>();
        builder.Services.AddSingleton<DemoWebhookSender>();
        builder.Services.AddHttpClient(DemoWebhookSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<DemoGatewaySeeder>();
        return builder;
    }
}
