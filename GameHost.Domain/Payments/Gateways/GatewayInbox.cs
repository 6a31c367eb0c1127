using System.Text.Json;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

public sealed record WebhookReceipt(WebhookAnswer Answer, Guid? EventId, bool Duplicate, string? Reason);

/// <summary>
/// Takes a callback as it arrived, verifies it against each enabled account of the gateway and stores it in the
/// inbox (unique per account + provider event id) — nothing else happens before the gateway gets its answer.
/// </summary>
public sealed class ReceiveWebhook(IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, TimeProvider time, GatewayEventSignal signal, ILogger<ReceiveWebhook> logger)
{
    public async Task<WebhookReceipt> ExecuteAsync(string gatewayCode, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var candidates = await accounts.EnabledAsync(gatewayCode, cancellationToken);
        if (candidates.Count == 0)
        {
            return new WebhookReceipt(WebhookAnswer.NoGateway, null, false, "No enabled account for this gateway.");
        }

        string? couldNotVerify = null;
        string? invalid = null;
        foreach (var (account, gateway, config) in candidates)
        {
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
                    return await StoreAsync(account, verification, webhook, cancellationToken);
                case WebhookVerificationStatus.CouldNotVerify:
                    couldNotVerify ??= verification.Reason;
                    break;
                default:
                    invalid ??= verification.Reason ?? "no event id";
                    break;
            }
        }

        if (couldNotVerify is not null)
        {
            logger.LogWarning("A {Gateway} webhook could not be verified now: {Reason}", gatewayCode, couldNotVerify);
            return new WebhookReceipt(WebhookAnswer.RetryLater, null, false, couldNotVerify);
        }

        logger.LogWarning("A {Gateway} webhook was rejected: {Reason}", gatewayCode, invalid);
        return new WebhookReceipt(WebhookAnswer.Invalid, null, false, invalid);
    }

    private async Task<WebhookReceipt> StoreAsync(GatewayAccount account, WebhookVerification verification, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        var eventId = verification.EventId!.Length <= GatewayEvent.MaxEventIdLength ? verification.EventId : verification.EventId[..GatewayEvent.MaxEventIdLength];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.GatewayEvents().AsNoTracking().Where(e => e.GatewayAccountId == account.Id && e.EventId == eventId)
            .Select(e => (Guid?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } known)
        {
            return new WebhookReceipt(WebhookAnswer.Stored, known, true, null);
        }

        var row = new GatewayEvent
        {
            Id = Guid.NewGuid(),
            GatewayAccountId = account.Id,
            GatewayCode = account.GatewayCode,
            EventId = eventId,
            EventType = Trim(verification.EventType, 100) ?? "unknown",
            Body = webhook.Body,
            Headers = JsonSerializer.Serialize(webhook.Headers),
            Status = GatewayEventStatus.Received,
            ReceivedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.GatewayEvents().Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // The same event delivered concurrently was stored first: that is the one.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            var first = await again.GatewayEvents().AsNoTracking().Where(e => e.GatewayAccountId == account.Id && e.EventId == eventId)
                .Select(e => e.Id).FirstAsync(cancellationToken);
            return new WebhookReceipt(WebhookAnswer.Stored, first, true, null);
        }

        signal.Notify();
        return new WebhookReceipt(WebhookAnswer.Stored, row.Id, false, null);
    }

    private static string? Trim(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text : text[..max];
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
