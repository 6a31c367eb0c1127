using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>What one check of unclear refunds did.</summary>
public sealed record UnclearRefundsRun(int Checked, int Refunded, int Refused, int StillUnclear, int Failed)
{
    public bool IsIdle => Checked == 0;

    public string ToSummary() => $"{Checked} unclear refunds checked: {Refunded} refunded, {Refused} refused, {StillUnclear} still unclear, {Failed} failed";
}

/// <summary>The answer to staff's "check now" on one refund.</summary>
/// <param name="Message">What the gateway said, when the refund is still unclear or was refused.</param>
public sealed record RefundCheck(Guid RefundId, PaymentRefundState State, bool ToOriginalMethod, string? Message);

/// <summary>
/// Settles refunds whose gateway answer was lost (timeout, 5xx, a crash between our save and the gateway's answer):
/// it re-reads the refund from the gateway (<see cref="IRefundLookup"/>, keyed by our refund id) and hands a clear
/// answer to the same recording path the refund took — <see cref="RefundPayment"/> for an invoice refund,
/// <see cref="ReviewHeldPayment"/> for a held payment refunded as a whole — so the ledger entry and the credit note
/// exist exactly once whoever settles it. The refund job runs <see cref="RunAsync"/>; staff run <see cref="CheckAsync"/>.
/// </summary>
public sealed class UnclearRefunds(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, RefundPayment refunds, ReviewHeldPayment held, AuditLog audit, TimeProvider time,
    ILogger<UnclearRefunds> logger)
{
    /// <summary>A refund this young may still be in flight from the form that made it: the job leaves it alone.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(5);

    /// <summary>An unclear refund is re-read at most this often by the job.</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromMinutes(15);

    public const int BatchSize = 50;

    public const string AuditChecked = "payments.refund_settled";

    public static readonly Error RefundNotFound = new("payments.refund_not_found", "No such refund.");

    public static readonly Error RefundNotUnclear = new("payments.refund_not_unclear", "This refund's outcome is already known.");

    public static readonly Error LookupUnsupported = new("payments.refund_lookup_unsupported",
        "This gateway cannot be asked about a refund: check its dashboard, then record the outcome there.");

    public async Task<UnclearRefundsRun> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var createdBefore = now - MinimumAge;
        var checkedBefore = now - RecheckEvery;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.PaymentRefunds().AsNoTracking()
                .Where(r => r.State == PaymentRefundState.Unclear && r.CreatedAtUtc <= createdBefore && (r.LastCheckedAtUtc == null || r.LastCheckedAtUtc <= checkedBefore))
                .OrderBy(r => r.LastCheckedAtUtc).ThenBy(r => r.CreatedAtUtc)
                .Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }

        int refunded = 0, refused = 0, unclear = 0, failed = 0;
        foreach (var id in due)
        {
            try
            {
                var result = await SettleAsync(id, null, cancellationToken);
                if (!result.IsSuccess)
                {
                    failed++;
                    continue;
                }

                _ = result.Value switch
                {
                    { State: PaymentRefundState.Unclear } => unclear++,
                    { ToOriginalMethod: true } => refunded++,
                    _ => refused++,
                };
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed++;
                logger.LogWarning(exception, "Checking unclear refund {RefundId} failed", id);
            }
        }

        return new UnclearRefundsRun(due.Count, refunded, refused, unclear, failed);
    }

    /// <summary>Staff's "check now" on one unclear refund.</summary>
    public async Task<Result<RefundCheck>> CheckAsync(Guid actorUserId, Guid refundId, CancellationToken cancellationToken)
    {
        AuditActor? actor;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        }

        return actor is null ? GatewayErrors.ActorNotAdmin : await SettleAsync(refundId, actor, cancellationToken);
    }

    private async Task<Result<RefundCheck>> SettleAsync(Guid refundId, AuditActor? actor, CancellationToken cancellationToken)
    {
        PaymentRefund refund;
        Payment payment;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.PaymentRefunds().AsNoTracking().FirstOrDefaultAsync(r => r.Id == refundId, cancellationToken);
            if (found is null)
            {
                return RefundNotFound;
            }

            if (found.State != PaymentRefundState.Unclear)
            {
                return RefundNotUnclear;
            }

            refund = found;
            payment = await db.Payments().AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
        }

        var gateway = payment.GatewayAccountId is { } accountId ? await accounts.LoadAsync(accountId, cancellationToken) : null;
        if (gateway is not { } loaded || loaded.Gateway is not IRefundLookup lookup)
        {
            return LookupUnsupported;
        }

        GatewayResult result;
        try
        {
            result = await lookup.LookUpRefundAsync(loaded.Config,
                new RefundLookup(refund.Id, payment.GatewayTransactionId, refund.GatewayRefundId, refund.Amount, refund.Reason, refund.CreatedAtUtc), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            result = GatewayResult.Unknown(exception.Message);
        }

        if (result.Outcome == GatewayOutcome.NotAttempted)
        {
            result = GatewayResult.Unknown(result.ErrorMessage ?? "The gateway could not be asked.");
        }

        // Held payments refunded as a whole have no credit note; their refund ends the hold. Everything else is a refund
        // of an invoice payment, whose credit note was issued when staff made it.
        if (refund.CreditNoteId is null)
        {
            var decided = await held.RecordRefundOutcomeAsync(refund.Id, result, actor, cancellationToken);
            return new RefundCheck(refund.Id, decided.StillHeld && result.Outcome == GatewayOutcome.Unknown ? PaymentRefundState.Unclear : PaymentRefundState.Settled,
                !decided.StillHeld, decided.GatewayMessage);
        }

        var outcome = await refunds.RecordOutcomeAsync(refund.Id, result, cancellationToken);
        if (outcome.Changed)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            audit.Record(db, actor ?? new AuditActor(null, "refund check"), AuditChecked, "Payment", payment.Id.ToString("D"), new { RefundId = refund.Id, State = "Unclear" },
                new { RefundId = refund.Id, outcome.ToOriginalMethod, GatewayRefundId = result.TransactionId, outcome.Message });
            await db.SaveChangesAsync(cancellationToken);
        }

        return new RefundCheck(refund.Id, outcome.State, outcome.ToOriginalMethod, outcome.Message);
    }
}
