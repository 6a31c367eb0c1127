using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments.Gateways;

/// <param name="RequestId">Generated when the refund form opened: the same id never refunds twice.</param>
public sealed record RefundPaymentCommand(Guid ActorUserId, Guid PaymentId, long AmountMinor, string? Reason, string RequestId);

/// <param name="ToOriginalMethod">Paid back through the gateway; false: the money stays on the customer's balance.</param>
/// <param name="GatewayMessage">Why the gateway could not take it back, when it went to the balance instead.</param>
public sealed record RefundedPayment(Guid RefundId, string CreditNoteNumber, Money Amount, bool ToOriginalMethod, string? GatewayMessage, bool Replayed);

/// <param name="Message">Why the money stayed on the balance (refused, or still unclear); null when it went back to the method.</param>
/// <param name="Changed">This answer decided the refund (false: it was decided already, or is still unclear).</param>
public sealed record RefundOutcome(PaymentRefundState State, bool ToOriginalMethod, string? Message, bool Changed);

/// <summary>
/// Staff give back all or part of a paid invoice's payment: a credit note first (reusing Billing's credit notes: the
/// credited gross goes to the customer's balance in the ledger), then — when the gateway can (Refund, or PartialRefund
/// for a part) — the same amount leaves the balance back to the original method, keyed by our refund id and stored
/// with the gateway's refund id. When the gateway cannot, the money stays on the balance and staff are told why.
/// </summary>
public sealed class RefundPayment(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, IssueCreditNote creditNotes, LedgerPosting ledger, AuditLog audit, TimeProvider time)
{
    public const string AuditAction = "payments.refunded";

    public const string TransactionKind = "refund_paid_out";

    public static readonly Error PaymentNotRefundable = new("payments.not_refundable", "Only a credited payment for a paid invoice can be refunded here.");

    public static readonly Error AmountInvalid = Error.Validation("Amount", "payments.refund_amount_invalid", "The amount must be more than zero and no more than what is left of the payment.");

    public static readonly Error ReasonRequired = Error.Validation("Reason", "payments.refund_reason_required", "Say why the money is given back.");

    public async Task<Result<RefundedPayment>> ExecuteAsync(RefundPaymentCommand command, CancellationToken cancellationToken)
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
            return ReasonRequired;
        }

        Payment? payment;
        Invoice? invoice;
        long refundedBefore;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken) is null)
            {
                return GatewayErrors.ActorNotAdmin;
            }

            if (await db.PaymentRefunds().AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId, cancellationToken) is { } done)
            {
                var number = await db.CreditNotes().AsNoTracking().Where(n => n.Id == done.CreditNoteId).Select(n => n.DisplayNumber).FirstOrDefaultAsync(cancellationToken);
                return new RefundedPayment(done.Id, number ?? "", done.Amount, done.ToOriginalMethod, null, Replayed: true);
            }

            payment = await db.Payments().AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.PaymentId, cancellationToken);
            invoice = payment?.InvoiceId is { } invoiceId
                ? await db.Invoices().AsNoTracking().Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == invoiceId, cancellationToken)
                : null;
            if (payment is null || payment.HeldForReview || invoice is not { Status: InvoiceStatus.Paid })
            {
                return PaymentNotRefundable;
            }

            refundedBefore = await db.PaymentRefunds().Where(r => r.PaymentId == payment.Id).SumAsync(r => (long?)r.Amount.Minor, cancellationToken) ?? 0;
        }

        var left = Math.Min(payment.Amount.Minor - refundedBefore, invoice.GrossTotal.Minor - invoice.CreditedTotal.Minor);
        if (command.AmountMinor <= 0 || command.AmountMinor > left)
        {
            return AmountInvalid;
        }

        var amount = new Money(command.AmountMinor, invoice.Currency);
        var full = command.AmountMinor == invoice.GrossTotal.Minor - invoice.CreditedTotal.Minor;
        var note = await creditNotes.ExecuteAsync(new IssueCreditNoteCommand(command.ActorUserId, invoice.Id, $"refund:{requestId}", reason,
            full ? null : await LinesAsync(invoice, amount, cancellationToken)), cancellationToken);
        if (!note.IsSuccess)
        {
            return note.Error;
        }

        var gateway = payment.GatewayAccountId is { } accountId ? await accounts.LoadAsync(accountId, cancellationToken) : null;
        var partial = command.AmountMinor < payment.Amount.Minor - refundedBefore || refundedBefore > 0;
        var canRefund = gateway is { } g && g.Gateway.Capabilities.HasFlag(partial ? GatewayCapabilities.PartialRefund : GatewayCapabilities.Refund);
        var refund = new PaymentRefund
        {
            Id = Guid.NewGuid(), PaymentId = payment.Id, InvoiceId = invoice.Id, CustomerId = payment.CustomerId, Amount = amount, ToOriginalMethod = false,
            RequestId = requestId, Reason = reason, CreditNoteId = note.Value.CreditNoteId, ActorUserId = command.ActorUserId, CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            State = canRefund ? PaymentRefundState.Unclear : PaymentRefundState.Settled, // Unclear until the gateway answers: a crash mid-call is re-read, never resent.
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.PaymentRefunds().Add(refund); // Saved before the gateway is called, like an attempt.
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
            {
                return await ExecuteAsync(command, cancellationToken); // A racing click saved first: answer with it.
            }
        }

        string? message = canRefund ? null : "The gateway cannot refund this payment; the amount stays on the customer's balance.";
        if (canRefund)
        {
            GatewayResult result;
            try
            {
                result = await gateway!.Value.Gateway.RefundAsync(gateway.Value.Config, new GatewayRefundRequest(refund.Id, payment.GatewayTransactionId, amount, reason), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                result = GatewayResult.Unknown(exception.Message);
            }

            message = (await RecordOutcomeAsync(refund.Id, result, cancellationToken)).Message;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var actor = await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken);
            var saved = await db.PaymentRefunds().AsNoTracking().FirstAsync(r => r.Id == refund.Id, cancellationToken);
            audit.Record(db, actor!, AuditAction, "Payment", payment.Id.ToString("D"), null,
                new { Amount = amount.ToString(), saved.ToOriginalMethod, saved.GatewayRefundId, CreditNote = note.Value.Number, Reason = reason, GatewayMessage = message });
            await db.SaveChangesAsync(cancellationToken);
            return new RefundedPayment(refund.Id, note.Value.Number, amount, saved.ToOriginalMethod, message, Replayed: false);
        }
    }

    /// <summary>
    /// The one place a gateway's answer about a refund made here is written: by the form right after the call, and by
    /// <see cref="UnclearRefunds"/> after re-reading an unclear refund. A clear success posts the money from the balance
    /// back to the method (keyed <c>refund:{id}</c>); a clear refusal leaves it on the balance; no clear answer keeps the
    /// refund unclear. Only an unclear refund changes, so a second answer (or a racing check) changes nothing.
    /// </summary>
    internal async Task<RefundOutcome> RecordOutcomeAsync(Guid refundId, GatewayResult result, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 3; round++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var refund = await db.PaymentRefunds().FirstAsync(r => r.Id == refundId, cancellationToken);
            if (refund.State != PaymentRefundState.Unclear)
            {
                return new RefundOutcome(refund.State, refund.ToOriginalMethod, refund.ToOriginalMethod ? null : refund.LastCheckNote, Changed: false);
            }

            var payment = await db.Payments().AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
            refund.LastCheckedAtUtc = time.GetUtcNow().UtcDateTime;
            string? message = null;
            if (result.Outcome is GatewayOutcome.Succeeded or GatewayOutcome.Pending && !string.IsNullOrWhiteSpace(result.TransactionId))
            {
                refund.ToOriginalMethod = true;
                refund.GatewayRefundId = result.TransactionId.Length <= Payment.MaxTransactionIdLength ? result.TransactionId : result.TransactionId[..Payment.MaxTransactionIdLength];
                refund.State = PaymentRefundState.Settled;
                refund.LastCheckNote = null;
                await ledger.PostAsync(db, new PostingRequest($"refund:{refund.Id:N}", TransactionKind, $"Refund {refund.GatewayRefundId} to {payment.Gateway}",
                    [Posting.Customer(payment.CustomerId, -refund.Amount), Posting.System(LedgerAccountKind.RefundsPaidOut, refund.Amount)],
                    payment.CustomerId, refund.InvoiceId, refund.ActorUserId), cancellationToken);
            }
            else if (result.Outcome == GatewayOutcome.Unknown)
            {
                message = $"The gateway did not answer clearly ({result.ErrorMessage}); the amount stays on the balance until the refund check settles it — do not refund again.";
                refund.LastCheckNote = Limit(message);
            }
            else
            {
                message = $"The gateway refused the refund ({result.ErrorCode}: {result.ErrorMessage}); the amount stays on the customer's balance.";
                refund.State = PaymentRefundState.Settled;
                refund.LastCheckNote = Limit(message);
            }

            if (await RecordPayment.SaveAsync(db, cancellationToken))
            {
                return new RefundOutcome(refund.State, refund.ToOriginalMethod, message, Changed: refund.State == PaymentRefundState.Settled);
            }
        }

        throw new DbUpdateConcurrencyException($"Refund {refundId:D} kept changing under its outcome.");
    }

    internal static string Limit(string text) => text.Length <= 500 ? text : text[..500];

    /// <summary>A part of the invoice, taken from its lines in order, each up to what is left of it.</summary>
    private async Task<IReadOnlyList<CreditLineRequest>> LinesAsync(Invoice invoice, Money amount, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var credited = await IssueCreditNote.CreditedAsync(db, invoice.Id, cancellationToken);
        var lines = new List<CreditLineRequest>();
        var rest = amount.Minor;
        foreach (var line in invoice.Lines.OrderBy(l => l.Position))
        {
            var done = credited.GetValueOrDefault(line.Id);
            var open = line.Net.Minor + line.Tax.Minor - done.Net - done.Tax;
            var take = Math.Min(open, rest);
            if (take > 0)
            {
                lines.Add(new CreditLineRequest(line.Position, new Money(take, amount.Currency)));
                rest -= take;
            }
        }

        return lines;
    }
}
