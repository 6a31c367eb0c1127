using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Invoicing;

public enum InvoiceAction
{
    /// <summary>Open → Void: nothing is owed; an order's pending subscription is cancelled with it.</summary>
    Void = 0,

    /// <summary>Open → Uncollectible: written off, no longer expected.</summary>
    MarkUncollectible = 1,
}

public sealed record InvoiceActionCommand(Guid ActorUserId, Guid InvoiceId, InvoiceAction Action, string? Reason);

/// <param name="Replayed">The invoice already had the asked-for status (a repeated click): nothing new was written.</param>
public sealed record InvoiceActionResult(Guid InvoiceId, InvoiceStatus Status, bool Replayed);

/// <summary>
/// Staff's transitions of an open invoice: void or write off, with a reason, audited in the same save. A wrong state
/// answers <c>billing.invoice_not_open</c>; the same action repeated answers with the first result. A race with a
/// payment cannot both succeed: the invoice's version token makes the later save fail, and it is read again.
/// </summary>
public sealed class InvoiceActions(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const int MaxAttempts = 3;

    public const string VoidedAction = "billing.invoice_voided";

    public const string UncollectibleAction = "billing.invoice_uncollectible";

    public async Task<Result<InvoiceActionResult>> ExecuteAsync(InvoiceActionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return InvoicingErrors.ReasonRequired;
        }

        if (reason.Length > CreditNote.MaxReasonLength)
        {
            return InvoicingErrors.ReasonTooLong;
        }

        var target = command.Action == InvoiceAction.Void ? InvoiceStatus.Void : InvoiceStatus.Uncollectible;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken) is not { } actor)
            {
                return InvoicingErrors.ActorNotAdmin;
            }

            var invoice = await db.Invoices().FirstOrDefaultAsync(i => i.Id == command.InvoiceId && i.Status != InvoiceStatus.Draft, cancellationToken);
            if (invoice is null)
            {
                return InvoicingErrors.InvoiceNotFound;
            }

            if (invoice.Status == target)
            {
                return new InvoiceActionResult(invoice.Id, invoice.Status, Replayed: true);
            }

            if (invoice.Status != InvoiceStatus.Open)
            {
                return InvoicingErrors.NotOpen;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var before = new { Status = invoice.Status.ToString() };
            string? subscriptionAfter = null;
            if (target == InvoiceStatus.Void)
            {
                invoice.Void(reason, now);
                subscriptionAfter = await CancelPendingOrderAsync(db, invoice, cancellationToken);
            }
            else
            {
                invoice.MarkUncollectible(reason, now);
            }

            audit.Record(db, actor, target == InvoiceStatus.Void ? VoidedAction : UncollectibleAction, "Invoice", invoice.Id.ToString("D"), before,
                new { Status = invoice.Status.ToString(), Number = invoice.DisplayNumber, Reason = reason, Subscription = subscriptionAfter });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new InvoiceActionResult(invoice.Id, invoice.Status, Replayed: false);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Paid, voided or credited meanwhile: read it again and answer from what it is now.
            }
        }

        return InvoicingErrors.Busy;
    }

    /// <summary>A voided order invoice leaves nothing to pay for: its subscription, still waiting for payment, is cancelled.</summary>
    private static async Task<string?> CancelPendingOrderAsync(GameHostDbContext db, Invoice invoice, CancellationToken cancellationToken)
    {
        if (invoice.SubscriptionId is not { } subscriptionId || !invoice.IdempotencyKey.StartsWith("order:", StringComparison.Ordinal))
        {
            return null;
        }

        var subscription = await db.Subscriptions().FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is not { Status: SubscriptionStatus.PendingPayment })
        {
            return subscription?.Status.ToString();
        }

        subscription.Status = SubscriptionStatus.Cancelled;
        subscription.ConcurrencyToken = Guid.NewGuid();
        return subscription.Status.ToString();
    }
}
