using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Operations;
using GameHost.Domain.Payments.Gateways;
using Quartz;

namespace GameHost.App.Features.Payments.Jobs;

/// <summary>Processes the gateway event inbox: new events, retries due, and events stuck in Processing.</summary>
[DisallowConcurrentExecution]
public sealed class GatewayEventsJob(GatewayEventProcessor processor, JobRunRecorder recorder, ILogger<GatewayEventsJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "gateway-events";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var run = await processor.RunAsync(cancellationToken);
        return new JobOutcome(run.ToSummary(), run.IsIdle);
    }
}

/// <summary>Asks the gateways about attempts still open on their backoff schedule; abandoned ones expire.</summary>
[DisallowConcurrentExecution]
public sealed class PaymentAttemptsJob(AttemptJanitor janitor, JobRunRecorder recorder, ILogger<PaymentAttemptsJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "payment-attempts";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var run = await janitor.RunAsync(cancellationToken);
        return new JobOutcome(run.ToSummary(), run.IsIdle);
    }
}

/// <summary>
/// Processes stored events moments after they arrive (the webhook endpoint signals it), so a payment shows as paid
/// within a second; the scheduled <see cref="GatewayEventsJob"/> is the safety net for anything this misses.
/// </summary>
public sealed class GatewayEventPump(IServiceScopeFactory scopes, GatewayEventSignal signal, GatewayInboxWriter inbox, ILogger<GatewayEventPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
                // Signalled by a burst's first commit: not even the scope is made before its acknowledgements are out.
                await inbox.YieldAsync(GatewayEventProcessor.YieldAtMost, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<GatewayEventProcessor>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Processing the gateway event inbox failed; the scheduled job will retry");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }
}
