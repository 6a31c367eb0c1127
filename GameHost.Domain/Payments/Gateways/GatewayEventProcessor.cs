using System.Text.Json;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Payments.Gateways;

public sealed record InboxRun(int Processed, int Ignored, int Failed)
{
    public bool IsIdle => Processed + Ignored + Failed == 0;

    public string ToSummary() => $"{Processed} processed, {Ignored} ignored, {Failed} failed";
}

/// <summary>
/// Works through the gateway event inbox: claims each due event atomically (Received, Error whose retry time came, or
/// Processing claimed longer ago than the stale timeout), asks the adapter what it means (re-read from the gateway),
/// and applies it to the attempt through the one recording path. Ends each in Processed, Ignored (with the reason)
/// or Error (retried with backoff, staff alerted after <see cref="AlertAfter"/> tries). While webhooks are being
/// acknowledged it steps aside (<see cref="GatewayInboxWriter.YieldAsync"/>) for at most <see cref="YieldAtMost"/> per event.
/// </summary>
public sealed class GatewayEventProcessor(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, AttemptOutcomes outcomes, PaymentAlerts alerts, TimeProvider time,
    GatewayInboxWriter inbox, ILogger<GatewayEventProcessor> logger)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    /// <summary>Before each event the processor waits at most this long while webhooks are being acknowledged, so a
    /// burst is answered first and processing still moves on under a steady stream.</summary>
    public static readonly TimeSpan YieldAtMost = TimeSpan.FromMilliseconds(500);

    public const int AlertAfter = 5;

    public const int BatchSize = 200;

    public async Task<InboxRun> RunAsync(CancellationToken cancellationToken)
    {
        // Woken by the writer's first commit of a burst: opening a context and reading the due list would take the
        // cores from the burst's remaining acknowledgements, so the run starts once they are answered.
        await inbox.YieldAsync(YieldAtMost, cancellationToken);
        int processed = 0, ignored = 0, failed = 0;
        var seen = new HashSet<Guid>();
        // One context and one open connection for the run's own statements (the due list, each claim, read and close),
        // and each gateway account loaded and decrypted once: per event only the statements themselves remain.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var run = new RunState(db);
        while (true)
        {
            var due = await DueAsync(db, cancellationToken);
            due.RemoveAll(seen.Contains);
            if (due.Count == 0)
            {
                return new InboxRun(processed, ignored, failed);
            }

            foreach (var id in due)
            {
                seen.Add(id);
                // The acknowledgements and this processor share one database writer: let a burst be answered first.
                await inbox.YieldAsync(YieldAtMost, cancellationToken);
                switch (await ProcessOneAsync(run, id, cancellationToken))
                {
                    case GatewayEventStatus.Processed: processed++; break;
                    case GatewayEventStatus.Ignored: ignored++; break;
                    case GatewayEventStatus.Error: failed++; break;
                    default: break;
                }
            }
        }
    }

    private async Task<List<Guid>> DueAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - StaleAfter;
        return await db.GatewayEvents().AsNoTracking()
            .Where(e => e.Status == GatewayEventStatus.Received
                || (e.Status == GatewayEventStatus.Error && (e.NextTryAtUtc == null || e.NextTryAtUtc <= now))
                || (e.Status == GatewayEventStatus.Processing && e.ClaimedAtUtc < stale))
            .OrderBy(e => e.ReceivedAtUtc).Select(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
    }

    /// <returns>The event's final status for this run, or null when another worker holds it.</returns>
    public async Task<GatewayEventStatus?> ProcessOneAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ProcessOneAsync(new RunState(db), eventId, cancellationToken);
    }

    private async Task<GatewayEventStatus?> ProcessOneAsync(RunState run, Guid eventId, CancellationToken cancellationToken)
    {
        var db = run.Db;
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - StaleAfter;
        // The claim: one UPDATE that only one worker can win.
        var claimed = await db.GatewayEvents()
            .Where(e => e.Id == eventId && (e.Status == GatewayEventStatus.Received
                || (e.Status == GatewayEventStatus.Error && (e.NextTryAtUtc == null || e.NextTryAtUtc <= now))
                || (e.Status == GatewayEventStatus.Processing && e.ClaimedAtUtc < stale)))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, GatewayEventStatus.Processing)
                .SetProperty(e => e.ClaimedAtUtc, now).SetProperty(e => e.Attempts, e => e.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        var row = await db.GatewayEvents().AsNoTracking().FirstAsync(e => e.Id == eventId, cancellationToken);

        GatewayEventStatus status;
        string? reason = null;
        Guid? attemptId = null;
        try
        {
            (status, reason, attemptId) = await InterpretAndApplyAsync(run, row, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Gateway event {EventId} from {Gateway} failed (try {Try})", row.EventId, row.GatewayCode, row.Attempts);
            status = GatewayEventStatus.Error;
            reason = exception.Message;
        }

        var done = time.GetUtcNow().UtcDateTime;
        var retryAt = status == GatewayEventStatus.Error ? done + AttemptOutcomes.CheckSchedule[Math.Min(row.Attempts - 1, AttemptOutcomes.CheckSchedule.Length - 1)] : (DateTime?)null;
        var text = reason is null ? null : reason.Length <= 500 ? reason : reason[..500];
        await db.GatewayEvents().Where(e => e.Id == eventId && e.Status == GatewayEventStatus.Processing && e.ClaimedAtUtc == now)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, status).SetProperty(e => e.Reason, text)
                .SetProperty(e => e.AttemptId, e => attemptId ?? e.AttemptId)
                .SetProperty(e => e.NextTryAtUtc, retryAt)
                .SetProperty(e => e.ProcessedAtUtc, status == GatewayEventStatus.Error ? null : done), cancellationToken);

        if (status == GatewayEventStatus.Error && row.Attempts >= AlertAfter)
        {
            row.Reason = reason;
            await alerts.EventFailingAsync(row, cancellationToken);
        }

        return status;
    }

    private async Task<(GatewayEventStatus Status, string? Reason, Guid? AttemptId)> InterpretAndApplyAsync(RunState run, GatewayEvent row, CancellationToken cancellationToken)
    {
        if (!run.Accounts.TryGetValue(row.GatewayAccountId, out var account))
        {
            account = await accounts.LoadAsync(row.GatewayAccountId, cancellationToken);
            run.Accounts[row.GatewayAccountId] = account;
        }

        if (account is not { } loaded)
        {
            return (GatewayEventStatus.Ignored, "The gateway account's adapter is not available on this installation.", null);
        }

        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Headers) ?? [];
        var outcome = await loaded.Gateway.InterpretEventAsync(loaded.Config,
            new StoredGatewayEvent(row.Id, row.EventId, row.EventType, row.Body, headers), cancellationToken);
        switch (outcome.Kind)
        {
            case GatewayEventKind.Ignored:
                return (GatewayEventStatus.Ignored, outcome.IgnoredReason ?? "Ignored by the adapter.", null);
            case GatewayEventKind.Refund:
                return (GatewayEventStatus.Processed, "Refund news: refunds are recorded when staff make them.", outcome.AttemptId);
            default:
                break;
        }

        if (outcome.AttemptId is not { } attemptId || outcome.Result is not { } result)
        {
            return (GatewayEventStatus.Ignored, "The event names no payment attempt.", null);
        }

        var owner = await run.Db.PaymentAttempts().AsNoTracking().Where(a => a.Id == attemptId).Select(a => (Guid?)a.GatewayAccountId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            // Our attempt is written before the gateway is called, so this is not ours (or not yet committed): retry later.
            return (GatewayEventStatus.Error, $"No payment attempt {attemptId:D} (yet).", attemptId);
        }

        if (owner != row.GatewayAccountId)
        {
            return (GatewayEventStatus.Ignored, "The payment belongs to another gateway account.", attemptId);
        }

        var applied = await outcomes.ApplyAsync(attemptId, result, OutcomeSource.Webhook, cancellationToken);
        return applied.Error is { } error
            ? (GatewayEventStatus.Error, $"{error.Code}: {error.Message}", attemptId)
            : (GatewayEventStatus.Processed, null, attemptId);
    }
}

/// <summary>What one run of the processor keeps between events: its context (and open connection) and the gateway
/// accounts it already loaded (null: the account or its adapter is gone).</summary>
internal sealed class RunState(GameHostDbContext db)
{
    public GameHostDbContext Db { get; } = db;

    public Dictionary<Guid, (GatewayAccount Account, IPaymentGateway Gateway, GatewayAccountConfig Config)?> Accounts { get; } = [];
}

public sealed record JanitorRun(int Checked, int Succeeded, int Expired)
{
    public bool IsIdle => Checked == 0;

    public string ToSummary() => $"{Checked} checked, {Succeeded} succeeded, {Expired} expired";
}

/// <summary>
/// Re-asks the gateway about attempts still open when their next check falls due, on a backoff schedule, and applies
/// the answer through the one recording path. An attempt that never reached the buyer's payment past
/// <see cref="AbandonAfter"/> expires cleanly; one whose outcome is unknown keeps being asked and staff are alerted.
/// </summary>
public sealed class AttemptJanitor(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, AttemptOutcomes outcomes, PaymentAlerts alerts, TimeProvider time,
    ILogger<AttemptJanitor> logger)
{
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromDays(2);

    public static readonly TimeSpan AlertUnknownAfter = TimeSpan.FromHours(1);

    public async Task<JanitorRun> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<PaymentAttempt> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var open = PaymentAttempt.Open;
            due = await db.PaymentAttempts().AsNoTracking()
                .Where(a => open.Contains(a.Status) && a.NextCheckAtUtc != null && a.NextCheckAtUtc <= now)
                .OrderBy(a => a.NextCheckAtUtc).Take(500).ToListAsync(cancellationToken);
        }

        int succeeded = 0, expired = 0;
        foreach (var attempt in due)
        {
            GatewayResult result;
            if (await accounts.LoadAsync(attempt.GatewayAccountId, cancellationToken) is not { } loaded)
            {
                result = GatewayResult.Unknown("The gateway's adapter is not available on this installation.");
            }
            else
            {
                try
                {
                    result = await loaded.Gateway.ConfirmAsync(loaded.Config, attempt.Snapshot(), cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Checking payment attempt {Attempt} at {Gateway} failed", attempt.Id, attempt.GatewayCode);
                    result = GatewayResult.Unknown(exception.Message);
                }
            }

            var abandoned = now - attempt.CreatedAtUtc > AbandonAfter;
            if (abandoned && attempt.Status is AttemptStatus.Created or AttemptStatus.RedirectIssued or AttemptStatus.RequiresCustomerAction or AttemptStatus.NotAttempted
                && result.Outcome is GatewayOutcome.RequiresCustomerAction or GatewayOutcome.NotAttempted or GatewayOutcome.Pending)
            {
                result = new GatewayResult(GatewayOutcome.Expired, ErrorCode: "payments.abandoned", ErrorMessage: "The customer did not finish the payment.");
            }

            var applied = await outcomes.ApplyAsync(attempt.Id, result, OutcomeSource.Janitor, cancellationToken);
            await BumpChecksAsync(attempt.Id, cancellationToken);
            if (applied.Attempt.Status == AttemptStatus.Succeeded && attempt.Status != AttemptStatus.Succeeded)
            {
                succeeded++;
            }
            else if (applied.Attempt.Status == AttemptStatus.Expired)
            {
                expired++;
            }
            else if (applied.Attempt.Status is AttemptStatus.Unknown or AttemptStatus.Pending && now - attempt.CreatedAtUtc > AlertUnknownAfter)
            {
                await alerts.AttemptStuckAsync(applied.Attempt, cancellationToken);
            }
        }

        return new JanitorRun(due.Count, succeeded, expired);
    }

    private async Task BumpChecksAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var attempt = await db.PaymentAttempts().FirstAsync(a => a.Id == attemptId, cancellationToken);
        attempt.Checks++;
        attempt.NextCheckAtUtc = attempt.IsFinal || attempt.Status == AttemptStatus.Succeeded ? null : AttemptOutcomes.NextCheck(now, attempt.Checks);
        attempt.ConcurrencyToken = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Something else moved it meanwhile; its own next check stands.
        }
    }
}
