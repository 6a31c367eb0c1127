using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>What staff decide about a payment held for review.</summary>
public enum HeldDecision
{
    /// <summary>Credit it to the customer's balance, which then pays the invoice it named (and other open ones) as far as it reaches.</summary>
    Release = 1,

    /// <summary>Give the whole payment back through the gateway; nothing is credited.</summary>
    Refund = 2,
}

/// <param name="RequestId">Generated when the review form opened: a second click changes nothing.</param>
public sealed record ReviewHeldPaymentCommand(Guid ActorUserId, Guid PaymentId, HeldDecision Decision, string? Reason, string RequestId);

/// <param name="StillHeld">True when a refund could not be made: the payment stays held and <paramref name="GatewayMessage"/> says why.</param>
/// <param name="Flag">After a release: over- or under-payment against the invoice, shown in the payments list.</param>
/// <param name="Replayed">The payment was already decided (by this form or another): nothing changed.</param>
public sealed record ReviewedPayment(Guid PaymentId, HeldDecision Decision, bool StillHeld, PaymentFlag Flag, IReadOnlyList<string> InvoicesPaid, string? GatewayMessage, bool Replayed);

/// <summary>
/// Staff decide about a payment held for review (its amount or currency differed from what the payment was started
/// for). <b>Release</b> applies the rule for a mismatched payment (issue #5 point 3, the bank-transfer rule): the money
/// goes to the customer's balance in one save, keyed like <see cref="RecordPayment"/> would have keyed it, the balance
/// pays the named invoice when it covers it, and the payment is flagged over- or under-paid. <b>Refund</b> gives the
/// whole payment back through the gateway (a refund row saved before the call, our id as the gateway's key); the
/// money never touches the balance. Both are audited with the reason; either way the second decision changes nothing.
/// </summary>
/// <param name="notifier">Raises <c>billing.payment_received</c> on release, in the same save and keyed like the ledger
/// credit (as <see cref="RecordPayment"/> does), so a repeated release tells the customer nothing new.</param>
public sealed class ReviewHeldPayment(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, LedgerPosting ledger, InvoiceSettlement settlement, AuditLog audit, TimeProvider time,
    Notifier? notifier = null)
{
    public const string AuditReleased = "payments.held_released";

    public const string AuditRefunded = "payments.held_refunded";

    public const string AuditRefundFailed = "payments.held_refund_failed";

    public const string RefundTransactionKind = "held_payment_refunded";

    public static readonly Error PaymentNotFound = new("payments.payment_not_found", "No such payment.");

    public static readonly Error ReleaseCurrencyMismatch = new("payments.release_currency_mismatch",
        "The payment is in another currency than the customer's account; nothing is converted, so it can only be refunded.");

    public static readonly Error RefundUnsupported = new("payments.held_refund_unsupported",
        "This gateway cannot refund through us: refund it in the gateway's dashboard, or release it to the balance.");

    public static readonly Error RefundUnclear = new("payments.held_refund_unclear",
        "An earlier refund of this payment got no clear answer from the gateway; check the gateway before doing anything else.");

    public async Task<Result<ReviewedPayment>> ExecuteAsync(ReviewHeldPaymentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > PaymentAttempt.MaxRequestIdLength)
        {
            return GatewayErrors.RequestIdInvalid;
        }

        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 500)
        {
            return RefundPayment.ReasonRequired;
        }

        for (var round = 0; round < 3; round++)
        {
            var outcome = command.Decision == HeldDecision.Refund
                ? await RefundAsync(command, requestId, reason, cancellationToken)
                : await ReleaseAsync(command, reason, cancellationToken);
            if (outcome is not null)
            {
                return outcome.Value;
            }
        }

        return PaymentErrors.Busy;
    }

    /// <returns>The outcome, or null when the save lost a race (run again: it then answers with the winner).</returns>
    private async Task<Result<ReviewedPayment>?> ReleaseAsync(ReviewHeldPaymentCommand command, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken) is not { } actor)
        {
            return GatewayErrors.ActorNotAdmin;
        }

        var payment = await db.Payments().FirstOrDefaultAsync(p => p.Id == command.PaymentId, cancellationToken);
        if (payment is null)
        {
            return PaymentNotFound;
        }

        if (!payment.HeldForReview)
        {
            return await DecidedAsync(db, payment, cancellationToken);
        }

        var profile = await db.CustomerProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == payment.CustomerId, cancellationToken);
        if (profile is null || !Currency.TryFromCode(profile.BillingCurrency, out var currency) || currency != payment.Amount.Currency)
        {
            return ReleaseCurrencyMismatch;
        }

        if (await db.PaymentRefunds().AnyAsync(r => r.PaymentId == payment.Id, cancellationToken))
        {
            return RefundUnclear; // A refund is under way or unclear: releasing now could give the money twice.
        }

        var invoice = payment.InvoiceId is { } invoiceId
            ? await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId, cancellationToken)
            : null;
        var (transaction, _) = await ledger.PostAsync(db, new PostingRequest(
            RecordPayment.TransactionKey(payment.Gateway, payment.GatewayTransactionId), "payment_received",
            $"Payment {payment.GatewayTransactionId} via {payment.Gateway}, released after review",
            [Posting.System(LedgerAccountKind.PaymentsReceived, -payment.Amount), Posting.Customer(payment.CustomerId, payment.Amount)],
            payment.CustomerId, payment.InvoiceId, command.ActorUserId), cancellationToken);
        payment.LedgerTransactionId = transaction.Id;
        payment.HeldForReview = false;
        payment.Flag = RecordPayment.FlagFor(invoice, payment.Amount);
        var paid = await settlement.ApplyBalanceAsync(db, payment.CustomerId, payment.InvoiceId, cancellationToken);
        await ClearAttemptNoteAsync(db, payment, cancellationToken);
        var numbers = paid.Select(i => i.DisplayNumber ?? "").ToList();
        if (notifier is not null)
        {
            await RecordPayment.NotifyReceivedAsync(notifier, db, payment.CustomerId, payment.Amount, paid,
                RecordPayment.TransactionKey(payment.Gateway, payment.GatewayTransactionId), cancellationToken);
        }

        audit.Record(db, actor, AuditReleased, "Payment", payment.Id.ToString("D"), new { HeldForReview = true },
            new { HeldForReview = false, Amount = payment.Amount.ToString(), Flag = payment.Flag.ToString(), InvoicesPaid = numbers, Reason = reason });
        if (!await RecordPayment.SaveAsync(db, cancellationToken))
        {
            return null;
        }

        return new ReviewedPayment(payment.Id, HeldDecision.Release, StillHeld: false, payment.Flag, numbers, null, Replayed: false);
    }

    private async Task<Result<ReviewedPayment>?> RefundAsync(ReviewHeldPaymentCommand command, string requestId, string reason, CancellationToken cancellationToken)
    {
        Payment? payment;
        PaymentRefund refund;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken) is null)
            {
                return GatewayErrors.ActorNotAdmin;
            }

            payment = await db.Payments().AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.PaymentId, cancellationToken);
            if (payment is null)
            {
                return PaymentNotFound;
            }

            if (!payment.HeldForReview)
            {
                return await DecidedAsync(db, payment, cancellationToken);
            }

            if (await db.PaymentRefunds().AsNoTracking().FirstOrDefaultAsync(r => r.PaymentId == payment.Id, cancellationToken) is { } earlier)
            {
                // Only an unclear refund stays behind while the payment is held (a refused one is removed): never call twice.
                return earlier.RequestId == requestId
                    ? new ReviewedPayment(payment.Id, HeldDecision.Refund, StillHeld: true, payment.Flag, [], null, Replayed: true)
                    : RefundUnclear;
            }

            refund = new PaymentRefund
            {
                Id = Guid.NewGuid(), PaymentId = payment.Id, InvoiceId = payment.InvoiceId, CustomerId = payment.CustomerId, Amount = payment.Amount,
                ToOriginalMethod = false, RequestId = requestId, Reason = reason, CreditNoteId = null, ActorUserId = command.ActorUserId,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime, State = PaymentRefundState.Unclear, // Until the gateway answers.
            };
        }

        var gateway = payment.GatewayAccountId is { } accountId ? await accounts.LoadAsync(accountId, cancellationToken) : null;
        if (gateway is not { } loaded || !loaded.Gateway.Capabilities.HasFlag(GatewayCapabilities.Refund))
        {
            return RefundUnsupported;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.PaymentRefunds().Add(refund); // Saved before the gateway is called: our id is the gateway's idempotency key.
            if (!await RecordPayment.SaveAsync(db, cancellationToken))
            {
                return null; // A racing click saved first: the next round answers with it.
            }
        }

        GatewayResult result;
        try
        {
            result = await loaded.Gateway.RefundAsync(loaded.Config, new GatewayRefundRequest(refund.Id, payment.GatewayTransactionId, payment.Amount, reason), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            result = GatewayResult.Unknown(exception.Message);
        }

        return await RecordRefundOutcomeAsync(refund.Id, result, null, cancellationToken);
    }

    /// <summary>
    /// The one place a gateway's answer about a held payment's refund is written: by the review right after the call,
    /// and by <see cref="UnclearRefunds"/> after re-reading an unclear one. A clear success books the money in and
    /// straight back out and ends the hold; a clear refusal removes the refund (staff may try again or release); no clear
    /// answer keeps it unclear and the payment held. Only an unclear refund changes: a second answer changes nothing.
    /// </summary>
    /// <param name="checker">Who asked again (null: the staff member who started the refund).</param>
    internal async Task<ReviewedPayment> RecordRefundOutcomeAsync(Guid refundId, GatewayResult result, AuditActor? checker, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var saved = await db.PaymentRefunds().FirstOrDefaultAsync(r => r.Id == refundId, cancellationToken);
        var payment = saved is null ? null : await db.Payments().FirstAsync(p => p.Id == saved.PaymentId, cancellationToken);
        if (saved is null || saved.State != PaymentRefundState.Unclear || payment is null || !payment.HeldForReview)
        {
            return new ReviewedPayment(saved?.PaymentId ?? Guid.Empty, HeldDecision.Refund, StillHeld: payment?.HeldForReview ?? true, payment?.Flag ?? PaymentFlag.None,
                [], null, Replayed: true);
        }

        var reason = saved.Reason;
        var actor = checker ?? await StaffActors.FindAsync(db, saved.ActorUserId, [Roles.Admin], cancellationToken) ?? new AuditActor(null, "refund check");
        saved.LastCheckedAtUtc = time.GetUtcNow().UtcDateTime;
        if (result.Outcome is not (GatewayOutcome.Succeeded or GatewayOutcome.Pending) || string.IsNullOrWhiteSpace(result.TransactionId))
        {
            var unclear = result.Outcome == GatewayOutcome.Unknown;
            var message = unclear
                ? $"The gateway did not answer clearly ({result.ErrorMessage}); the payment stays held until the refund check settles it — check the gateway before anything else."
                : $"The gateway refused the refund ({result.ErrorCode}: {result.ErrorMessage}); the payment stays held.";
            if (unclear)
            {
                saved.LastCheckNote = RefundPayment.Limit(message);
            }
            else
            {
                db.PaymentRefunds().Remove(saved); // Definitely not refunded: staff may try again or release it.
            }

            audit.Record(db, actor, AuditRefundFailed, "Payment", payment.Id.ToString("D"), null,
                new { Amount = payment.Amount.ToString(), Reason = reason, GatewayMessage = message });
            await RecordPayment.SaveAsync(db, cancellationToken);
            return new ReviewedPayment(payment.Id, HeldDecision.Refund, StillHeld: true, payment.Flag, [], message, Replayed: false);
        }

        saved.ToOriginalMethod = true;
        saved.State = PaymentRefundState.Settled;
        saved.LastCheckNote = null;
        saved.GatewayRefundId = result.TransactionId.Length <= Payment.MaxTransactionIdLength ? result.TransactionId : result.TransactionId[..Payment.MaxTransactionIdLength];

        // The money came in and went straight back out: both sides in the books, the customer's balance untouched. The
        // payment's own key is used, so a later release finds it taken and can never credit the same money.
        var (transaction, _) = await ledger.PostAsync(db, new PostingRequest(
            RecordPayment.TransactionKey(payment.Gateway, payment.GatewayTransactionId), RefundTransactionKind,
            $"Payment {payment.GatewayTransactionId} via {payment.Gateway} refunded after review ({saved.GatewayRefundId})",
            [Posting.System(LedgerAccountKind.PaymentsReceived, -payment.Amount), Posting.System(LedgerAccountKind.RefundsPaidOut, payment.Amount)],
            payment.CustomerId, payment.InvoiceId, saved.ActorUserId), cancellationToken);
        payment.HeldForReview = false;
        payment.LedgerTransactionId = transaction.Id;
        await ClearAttemptNoteAsync(db, payment, cancellationToken);
        audit.Record(db, actor, AuditRefunded, "Payment", payment.Id.ToString("D"), new { HeldForReview = true },
            new { HeldForReview = false, Amount = payment.Amount.ToString(), saved.GatewayRefundId, Reason = reason });
        if (!await RecordPayment.SaveAsync(db, cancellationToken))
        {
            return new ReviewedPayment(payment.Id, HeldDecision.Refund, StillHeld: false, payment.Flag, [], null, Replayed: true); // A racing check recorded it.
        }

        return new ReviewedPayment(payment.Id, HeldDecision.Refund, StillHeld: false, payment.Flag, [], null, Replayed: false);
    }

    private static async Task<Result<ReviewedPayment>?> DecidedAsync(GameHostDbContext db, Payment payment, CancellationToken cancellationToken)
    {
        var refunded = await db.PaymentRefunds().AsNoTracking().AnyAsync(r => r.PaymentId == payment.Id && r.CreditNoteId == null && r.ToOriginalMethod, cancellationToken);
        return new ReviewedPayment(payment.Id, refunded ? HeldDecision.Refund : HeldDecision.Release, StillHeld: false, payment.Flag, [], null, Replayed: true);
    }

    /// <summary>The customer's attempt said "held for review"; once decided it no longer does.</summary>
    private static async Task ClearAttemptNoteAsync(GameHostDbContext db, Payment payment, CancellationToken cancellationToken)
    {
        if (payment.AttemptId is { } attemptId
            && await db.PaymentAttempts().FirstOrDefaultAsync(a => a.Id == attemptId && a.LastErrorCode == "payments.held_for_review", cancellationToken) is { } attempt)
        {
            attempt.LastErrorCode = null;
            attempt.LastErrorMessage = null;
            attempt.ConcurrencyToken = Guid.NewGuid();
        }
    }
}
