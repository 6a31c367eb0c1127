using System.Text.Json;
using GameHost.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>How to answer the gateway: 200 stored (or already stored), 400 not authentic, 503 try again later, 404 no such gateway.</summary>
public enum WebhookAnswer
{
    Stored = 200,
    Invalid = 400,
    NoGateway = 404,
    RetryLater = 503,
}

/// <param name="RetryAfterSeconds">With <see cref="WebhookAnswer.RetryLater"/>: how long the gateway is asked to wait.</param>
public readonly record struct WebhookReceipt(WebhookAnswer Answer, Guid? EventId, bool Duplicate, string? Reason, int? RetryAfterSeconds = null);

/// <summary>
/// Takes a callback as it arrived, verifies it against each enabled account of the gateway and stores it in the
/// inbox (unique per account + provider event id) through <see cref="GatewayInboxWriter"/> — nothing else happens
/// before the gateway gets its answer. Forged and replayed callbacks are rejected here, before anything is queued.
/// A singleton: the adapters are looked up once, the enabled accounts come from <see cref="EnabledAccountsCache"/>,
/// and only on a cache miss is a scope (with <see cref="GatewayAccounts"/> and its database context factory) created,
/// so a callback during a burst costs no dependency-injection scope or context set-up at all.
/// </summary>
public sealed class ReceiveWebhook(
    IServiceScopeFactory scopes, IEnumerable<IPaymentGateway> gateways, EnabledAccountsCache enabledCache, TimeProvider time, GatewayInboxWriter writer,
    ILogger<ReceiveWebhook> logger)
{
    /// <summary>A request waits at least this long (and at most a second more) for its group to commit before it is
    /// answered 503.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(30);

    /// <summary>A refresh of the cached accounts waits at most this long for the acknowledgements in progress.</summary>
    public static readonly TimeSpan RefreshYieldsAtMost = TimeSpan.FromSeconds(1);

    private readonly GatewayRegistry _registry = new(gateways);
    private readonly AnswerDeadlines _deadlines = new(time, AnswerWithin);

    public async Task<WebhookReceipt> ExecuteAsync(string gatewayCode, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var candidates = await CandidatesAsync(gatewayCode, cancellationToken);
        if (candidates.Count == 0)
        {
            return new WebhookReceipt(WebhookAnswer.NoGateway, null, false, "No enabled account for this gateway.");
        }

        string? couldNotVerify = null;
        string? invalid = null;
        PendingInboxEvent? pending = null;
        // By index: a foreach over the interface would allocate an enumerator per webhook.
        for (var i = 0; i < candidates.Count && pending is null; i++)
        {
            var (account, gateway, config) = candidates[i];
            WebhookVerification verification;
            try
            {
                verification = await gateway.VerifyWebhookAsync(config, webhook, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                verification = WebhookVerification.CouldNotVerify(exception.Message);
            }

            switch (verification.Status)
            {
                case WebhookVerificationStatus.Valid when !string.IsNullOrWhiteSpace(verification.EventId):
                    pending = NewPending(account, verification, webhook);
                    break;
                case WebhookVerificationStatus.CouldNotVerify:
                    couldNotVerify ??= verification.Reason;
                    break;
                default:
                    invalid ??= verification.Reason ?? "no event id";
                    break;
            }
        }

        if (pending is not null)
        {
            if (Submit(pending, cancellationToken) is { } refused)
            {
                return refused;
            }

            // Waited for here rather than in a method of its own: a request in flight keeps one state machine alive,
            // not two (under a burst a thousand of them are alive at every collection).
            try
            {
                // No timer per request: the deadline is shared by every request that arrived in the same second. The
                // wait does not end when the sender hangs up either: the write goes ahead, and a redelivery is a duplicate.
                var write = await pending.Written.WaitAsync(_deadlines.Current());
                return new WebhookReceipt(WebhookAnswer.Stored, write.EventId, write.Duplicate, null);
            }
            catch (Exception)
            {
                // Not committed (or not known to be, after AnswerWithin): the gateway must not hear 2xx, so it delivers
                // the event again; if it was committed after all, the redelivery is answered 200 as a duplicate.
                return new WebhookReceipt(WebhookAnswer.RetryLater, null, false, "The event could not be stored now.", writer.Options.RetryAfterSeconds);
            }
        }

        if (couldNotVerify is not null)
        {
            logger.LogWarning("A {Gateway} webhook could not be verified now: {Reason}", gatewayCode, couldNotVerify);
            return new WebhookReceipt(WebhookAnswer.RetryLater, null, false, couldNotVerify, writer.Options.RetryAfterSeconds);
        }

        logger.LogWarning("A {Gateway} webhook was rejected: {Reason}", gatewayCode, invalid);
        return new WebhookReceipt(WebhookAnswer.Invalid, null, false, invalid);
    }

    private async ValueTask<IReadOnlyList<(GatewayAccount Account, IPaymentGateway Gateway, GatewayAccountConfig Config)>> CandidatesAsync(
        string gatewayCode, CancellationToken cancellationToken)
    {
        if (_registry.Find(gatewayCode) is not { } gateway)
        {
            return [];
        }

        // On a miss only the request that loads the accounts opens a scope for it; the others of a burst wait for it.
        // Past the cache's lifetime the entry is still used, and a refresh runs beside the requests.
        var enabled = enabledCache.Find(gatewayCode, out var refreshDue);
        if (enabled is null)
        {
            enabled = await LoadEnabledAsync(gatewayCode, cancellationToken);
        }
        else if (refreshDue)
        {
            RefreshEnabled(gatewayCode);
        }

        var candidates = new (GatewayAccount, IPaymentGateway, GatewayAccountConfig)[enabled.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = (enabled[i].Account, gateway, enabled[i].Config);
        }

        return candidates;
    }

    // Apart from CandidatesAsync so that their closures are only made on a miss or a refresh.
    private Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> LoadEnabledAsync(string gatewayCode, CancellationToken cancellationToken) =>
        enabledCache.GetOrLoadAsync(gatewayCode, () => ReadEnabledAsync(gatewayCode)).WaitAsync(cancellationToken);

    // The refresh is the first thing a burst after a quiet spell asks for; it waits until the burst is answered.
    private void RefreshEnabled(string gatewayCode) =>
        enabledCache.Refresh(gatewayCode, () => ReadEnabledAsync(gatewayCode), () => writer.YieldAsync(RefreshYieldsAtMost, CancellationToken.None));

    private async Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> ReadEnabledAsync(string gatewayCode)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GatewayAccounts>().ReadEnabledAsync(gatewayCode);
    }

    private PendingInboxEvent NewPending(GatewayAccount account, WebhookVerification verification, InboundWebhook webhook)
    {
        var eventId = verification.EventId!.Length <= GatewayEvent.MaxEventIdLength ? verification.EventId : verification.EventId[..GatewayEvent.MaxEventIdLength];
        var receivedAtUtc = time.GetUtcNow().UtcDateTime;
        return new PendingInboxEvent(new GatewayEvent
        {
            // Time-ordered: a burst's rows go to the end of the inbox's primary-key index, not onto random pages of it.
            Id = TimeOrderedId.New(receivedAtUtc),
            GatewayAccountId = account.Id,
            GatewayCode = account.GatewayCode,
            EventId = eventId,
            EventType = Trim(verification.EventType, 100) ?? "unknown",
            Body = webhook.Body,
            Headers = JsonSerializer.Serialize(webhook.Headers),
            Status = GatewayEventStatus.Received,
            ReceivedAtUtc = receivedAtUtc,
        });
    }

    /// <summary>Hands the event to the inbox's single writer, which stores it with whatever else is waiting, in one
    /// transaction (the gateway hears 200 only after that transaction committed); null when taken, else the answer.</summary>
    private WebhookReceipt? Submit(PendingInboxEvent pending, CancellationToken cancellationToken)
    {
        // A sender that already hung up is not queued for.
        cancellationToken.ThrowIfCancellationRequested();
        var refusal = writer.TrySubmit(pending);
        if (refusal == InboxRefusal.None)
        {
            return null;
        }

        logger.LogWarning("A {Gateway} webhook was not taken now ({Refusal}); the gateway will retry it", pending.Row.GatewayCode, refusal);
        return new WebhookReceipt(WebhookAnswer.RetryLater, null, false, refusal == InboxRefusal.QueueFull ? "The inbox queue is full." : "The inbox is stopping.",
            writer.Options.RetryAfterSeconds);
    }

    private static string? Trim(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text : text[..max];
}

/// <summary>
/// Deadlines shared by the requests of one second: one cancellation source (and one timer) per second of traffic
/// instead of a timer per request, whose registration and removal in the runtime's timer queue contend under a burst.
/// A token is cancelled between <c>within</c> and <c>within</c> + 1 s after the request that took it.
/// </summary>
internal sealed class AnswerDeadlines(TimeProvider time, TimeSpan within)
{
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(1);

    private Window? _current;

    public CancellationToken Current()
    {
        var current = Volatile.Read(ref _current);
        var now = time.GetTimestamp();
        if (current is not null && time.GetElapsedTime(current.Started, now) < Bucket)
        {
            return current.Source.Token;
        }

        // Two requests may both start a new second here; each keeps its own source, which is only a spare timer.
        var source = new CancellationTokenSource(within + Bucket, time);
        Volatile.Write(ref _current, new Window(now, source));
        return source.Token;
    }

    private sealed record Window(long Started, CancellationTokenSource Source);
}

/// <summary>Wakes the inbox processor as soon as an event is stored (the scheduled job is the safety net).</summary>
public sealed class GatewayEventSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
