using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Notifications.Delivery;

public sealed record NotificationDispatchResult(int Sent, int Retried, int Failed)
{
    public string ToSummary() => $"sent={Sent} retried={Retried} failed={Failed}";
}

/// <summary>
/// Carries out Telegram and SMS deliveries: claims due Pending rows (oldest first, in batches), sends each through its
/// <see cref="INotificationChannel"/>, and records the outcome — Sent, a retry with exponential backoff and jitter
/// (never sooner than a provider's own "retry after"), or Failed. Claims work as in the e-mail dispatcher: a lease in
/// its own save under a concurrency token, so overlapping runs never send one delivery twice at the same time and a
/// crashed run's lease simply runs out.
/// </summary>
public sealed class NotificationDispatcher(
    GameHostDbContext db,
    IEnumerable<INotificationChannel> channels,
    TimeProvider time,
    IOptions<NotificationDeliveryOptions> options,
    ILogger<NotificationDispatcher> logger)
{
    private enum Outcome
    {
        Skipped,
        Sent,
        Retried,
        Failed,
    }

    private readonly Dictionary<NotificationChannel, INotificationChannel> _channels = channels.ToDictionary(c => c.Channel);

    public async Task<NotificationDispatchResult> DispatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int sent = 0, retried = 0, failed = 0;
        for (var batch = 0; batch < settings.MaxBatchesPerRun; batch++)
        {
            db.ChangeTracker.Clear();
            var now = Now();
            var due = await db.NotificationDeliveries()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAtUtc <= now)
                .OrderBy(d => d.NextAttemptAtUtc)
                .ThenBy(d => d.CreatedAtUtc)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var delivery in due)
            {
                switch (await DeliverAsync(delivery, settings, cancellationToken))
                {
                    case Outcome.Sent:
                        sent++;
                        break;
                    case Outcome.Retried:
                        retried++;
                        break;
                    case Outcome.Failed:
                        failed++;
                        break;
                }
            }
        }

        db.ChangeTracker.Clear();
        return new NotificationDispatchResult(sent, retried, failed);
    }

    /// <summary>
    /// The wait after <paramref name="attempts"/> failed attempts: doubling from the first delay up to the cap, then
    /// shortened by up to a fifth (from the delivery id, so reproducible) so deliveries that failed together do not
    /// all return together; never shorter than what the provider asked for.
    /// </summary>
    public static TimeSpan RetryDelay(Guid deliveryId, int attempts, NotificationDeliveryOptions settings, TimeSpan? providerRetryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return RetriedSend.RetryDelay(deliveryId, attempts, settings.FirstRetryDelay, settings.MaxRetryDelay, providerRetryAfter);
    }

    private async Task<Outcome> DeliverAsync(NotificationDelivery delivery, NotificationDeliveryOptions settings, CancellationToken cancellationToken)
    {
        delivery.Claim(Now() + settings.Lease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Entry(delivery).State = EntityState.Detached;
            return Outcome.Skipped;
        }

        var result = await SendAsync(delivery, cancellationToken);
        var now = Now();
        Outcome outcome;
        switch (result.Outcome)
        {
            case ChannelSendOutcome.Sent:
                delivery.MarkSent(now);
                outcome = Outcome.Sent;
                break;
            case ChannelSendOutcome.PermanentFailure:
                delivery.MarkFailed(result.Message ?? "Rejected");
                outcome = Outcome.Failed;
                break;
            default:
                if (delivery.Attempts >= settings.MaxAttempts)
                {
                    delivery.MarkFailed(result.Message ?? "Failed");
                    outcome = Outcome.Failed;
                }
                else
                {
                    delivery.ScheduleRetry(now + RetryDelay(delivery.Id, delivery.Attempts, settings, result.RetryAfter), result.Message ?? "Failed");
                    outcome = Outcome.Retried;
                }

                break;
        }

        if (outcome != Outcome.Sent)
        {
            logger.LogWarning(
                "Notification delivery {DeliveryId} via {Channel} attempt {Attempt}: {Outcome} ({Error})",
                delivery.Id, delivery.Channel, delivery.Attempts, outcome, result.Message);
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Entry(delivery).State = EntityState.Detached;
            logger.LogWarning("Notification delivery {DeliveryId} changed while it was being sent; outcome {Outcome} not recorded", delivery.Id, outcome);
        }

        return outcome;
    }

    private async Task<ChannelSendResult> SendAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        if (!_channels.TryGetValue(delivery.Channel, out var channel))
        {
            return ChannelSendResult.Permanent($"No adapter for channel {delivery.Channel}.");
        }

        try
        {
            return await channel.SendAsync(new ChannelMessage(delivery.Id, delivery.Destination, delivery.Body), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An adapter bug costs one attempt of one delivery, not the rest of the batch.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Notification channel {Channel} threw for {DeliveryId}", delivery.Channel, delivery.Id);
            return ChannelSendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
