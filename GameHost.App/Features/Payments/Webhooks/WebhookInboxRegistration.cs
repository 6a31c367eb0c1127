using GameHost.Domain.Payments.Gateways;

namespace GameHost.App.Features.Payments.Webhooks;

public static class WebhookInboxRegistration
{
    /// <summary>The inbox writer's limits from <c>Payments:Inbox</c>, and its start and orderly stop with the host.</summary>
    public static WebApplicationBuilder AddWebhookInbox(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GatewayInboxOptions>()
            .Bind(builder.Configuration.GetSection(GatewayInboxOptions.Section))
            .Validate(o => o.QueueCapacity >= 1 && o.MaxGroup >= 1 && o.QueueBytes >= GatewayEndpoints.MaxBodyBytes && o.RetryAfterSeconds >= 1,
                "Payments:Inbox needs QueueCapacity ≥ 1, MaxGroup ≥ 1, QueueBytes ≥ the largest webhook body and RetryAfterSeconds ≥ 1.")
            .ValidateOnStart();
        builder.Services.AddHostedService<GatewayInboxWriterService>();
        return builder;
    }
}

/// <summary>
/// Starts the inbox writer with the app and, on shutdown, stops it taking events and writes what is already queued
/// before the database goes away (hosted services stop before the container is disposed).
/// </summary>
public sealed class GatewayInboxWriterService(GatewayInboxWriter writer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        writer.EnsureStarted();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await writer.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown ran out of time: whatever was not written was not acknowledged either, and is delivered again.
        }
    }
}
