using System.Globalization;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Ledger;

public sealed record RefundUnprovisionedCommand(Guid ActorUserId, Guid SubscriptionId, string? Reason, string? CorrelationId = null);

/// <summary>What staff confirm before refunding: whose order, which server, how much goes back to the balance.</summary>
public sealed record RefundPreview(
    Guid SubscriptionId, string ServerName, Guid CustomerId, string CustomerName, string CustomerEmail, Money Amount, string? InvoiceNumber);

/// <param name="Replayed">The order was refunded before (a repeated click): nothing new was written.</param>
public sealed record RefundedOrder(Guid SubscriptionId, Guid CustomerId, Money Amount, DateTime RefundedAtUtc, bool Replayed);

/// <summary>
/// A paid order whose server was never delivered is given back: in ONE save, a credit note for what remains uncredited
/// on the order invoice is issued and that amount returns to the customer's balance (the reverse of the settlement),
/// the subscription is cancelled, the server's outstanding panel work is cancelled and a delete queued (in case a server was created meanwhile), the action is audited and the
/// customer is e-mailed. Keyed by the subscription: a repeat answers with the first refund and changes nothing.
/// Administrators only: it moves money.
/// </summary>
public sealed class RefundUnprovisionedOrder(
    IDbContextFactory<GameHostDbContext> contexts,
    LedgerPosting ledger,
    ProvisioningRequests provisioning,
    AuditLog audit,
    TimeProvider time,
    IOptions<ProvisioningSiteOptions> site,
    Notifier notifier)
{
    public const int MaxAttempts = 5;

    public const int MaxReasonLength = 500;

    public const string TransactionKind = "refund_unprovisioned";

    public const string AuditAction = "billing.order_refunded_unprovisioned";

    public const string AuditSubjectType = "Subscription";

    public static string TransactionKey(Guid subscriptionId) => $"refund-unprovisioned:{subscriptionId:D}";

    public static string EmailKey(Guid subscriptionId) => $"refund-unprovisioned:{subscriptionId:D}:customer";

    /// <summary>The same checks as the refund itself, without changing anything, for the confirmation dialog.</summary>
    public async Task<Result<RefundPreview>> PreviewAsync(Guid actorUserId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await LoadAdminAsync(db, actorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var order = await LoadAsync(db, subscriptionId, cancellationToken);
        if (!order.IsSuccess)
        {
            return order.Error;
        }

        var (subscription, invoice, server) = order.Value;
        var customer = await db.Users.AsNoTracking().Where(u => u.Id == subscription.CustomerId)
            .Select(u => new { u.FullName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        return new RefundPreview(subscription.Id, server?.Name ?? subscription.ServerName, subscription.CustomerId, customer?.FullName ?? "",
            customer?.Email ?? "", invoice.GrossTotal - invoice.CreditedTotal, invoice.DisplayNumber);
    }

    public async Task<Result<RefundedOrder>> ExecuteAsync(RefundUnprovisionedCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return BillingErrors.RefundReasonRequired;
        }

        if (reason.Length > MaxReasonLength)
        {
            return BillingErrors.RefundReasonTooLong;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var outcome = await TryRefundAsync(command, reason, cancellationToken);
            if (outcome is not null)
            {
                return outcome.Value;
            }
        }

        return BillingErrors.BalanceBusy;
    }

    /// <returns>The outcome, or null when the save lost a race (the balance or a task moved, or the same refund saved first).</returns>
    private async Task<Result<RefundedOrder>?> TryRefundAsync(RefundUnprovisionedCommand command, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await LoadAdminAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        if (await FindRefundAsync(db, command.SubscriptionId, cancellationToken) is { } done)
        {
            return done with { Replayed = true };
        }

        var order = await LoadAsync(db, command.SubscriptionId, cancellationToken);
        if (!order.IsSuccess)
        {
            // The reads are not one snapshot: a racing refund may have committed between them (the server already
            // being deleted, say). Its transaction is saved with everything else, so finding it means success.
            return await FindRefundAsync(db, command.SubscriptionId, cancellationToken) is { } raced ? raced with { Replayed = true } : order.Error;
        }

        var (subscription, invoice, server) = order.Value;
        var now = time.GetUtcNow().UtcDateTime;

        // The refund is a credit note for what remains uncredited on the order invoice (its own CN number, lines and
        // reason), saved with everything else; its money goes to the balance under the refund's key.
        var trackedInvoice = await db.Invoices().Include(i => i.Lines).FirstAsync(i => i.Id == invoice.Id, cancellationToken);
        var credit = Invoicing.CreditNoteCalculator.Amounts(
            trackedInvoice, await Invoicing.IssueCreditNote.CreditedAsync(db, invoice.Id, cancellationToken), null);
        if (!credit.IsSuccess)
        {
            // Nothing left to credit: most likely a racing click's refund committed after our first look.
            return await FindRefundAsync(db, command.SubscriptionId, cancellationToken) is { } raced
                ? raced with { Replayed = true }
                : BillingErrors.RefundAlreadyRefunded;
        }

        var note = Invoicing.CreditNote.Issue(trackedInvoice, TransactionKey(subscription.Id),
            await Invoicing.IssueCreditNote.TakeNumberAsync(db, cancellationToken), reason, credit.Value, actor.Value, now, TransactionKey(subscription.Id));
        Invoicing.InvoicingSets.CreditNotes(db).Add(note);
        var amount = note.GrossTotal;
        var before = new { SubscriptionStatus = subscription.Status.ToString(), ServerState = server?.State.ToString() };
        var (_, alreadyPosted) = await ledger.PostAsync(db, new PostingRequest(
            TransactionKey(subscription.Id), TransactionKind, $"Invoice {invoice.DisplayNumber} refunded to balance by credit note {note.DisplayNumber}: the server was never delivered",
            [Posting.System(LedgerAccountKind.InvoicesSettled, -amount), Posting.Customer(subscription.CustomerId, amount)],
            subscription.CustomerId, invoice.Id, actor.Value.UserId), cancellationToken);
        if (alreadyPosted)
        {
            // A racing refund committed after our first look: it did everything; write nothing more (no second audit entry).
            if (await FindRefundAsync(db, subscription.Id, cancellationToken) is { } raced)
            {
                return raced with { Replayed = true };
            }

            return null;
        }
        db.Attach(subscription);
        subscription.Status = SubscriptionStatus.Cancelled;
        if (server is not null)
        {
            db.Attach(server);
            var deleted = await provisioning.RequestDeleteAsync(db, subscription.Id, cancellationToken);
            if (!deleted.IsSuccess)
            {
                throw new DomainException(deleted.Error.Code, deleted.Error.Message);
            }
        }

        audit.Record(db, actor.Value, AuditAction, AuditSubjectType, subscription.Id.ToString("D"), before, new
        {
            SubscriptionStatus = SubscriptionStatus.Cancelled.ToString(),
            ServerState = server?.State.ToString(),
            Amount = amount.ToString(),
            Invoice = invoice.DisplayNumber,
            CreditNote = note.DisplayNumber,
            Reason = reason,
        }, command.CorrelationId);
        await EmailCustomerAsync(db, subscription, server?.Name ?? subscription.ServerName, amount, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return null;
        }

        return new RefundedOrder(subscription.Id, subscription.CustomerId, amount, now, Replayed: false);
    }

    private sealed record Order(Subscription Subscription, Invoice Invoice, GameServer? Server);

    /// <summary>The order as the refund needs it (read untracked), or why it cannot be refunded as never delivered.</summary>
    private async Task<Result<Order>> LoadAsync(GameHostDbContext db, Guid subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions().AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return BillingErrors.RefundOrderNotFound;
        }

        switch (subscription.Status)
        {
            case SubscriptionStatus.Cancelled:
                return BillingErrors.RefundAlreadyRefunded;
            case SubscriptionStatus.PendingPayment or SubscriptionStatus.Suspended:
                return BillingErrors.RefundNotPaid;
        }

        var key = PlaceOrder.OrderInvoiceKey(subscription.RequestId);
        var invoice = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.IdempotencyKey == key && i.SubscriptionId == subscription.Id, cancellationToken);
        if (invoice is not { Status: InvoiceStatus.Paid })
        {
            return BillingErrors.RefundNotPaid;
        }

        if (invoice.GrossTotal.IsZero)
        {
            return BillingErrors.RefundNothingPaid;
        }

        if (invoice.CreditedMinor >= invoice.GrossTotal.Minor)
        {
            return BillingErrors.RefundAlreadyRefunded;
        }

        var server = await db.GameServers().AsNoTracking().FirstOrDefaultAsync(s => s.SubscriptionId == subscription.Id, cancellationToken);
        if (server is not null)
        {
            var neverDelivered = server.State is GameServerState.Pending or GameServerState.Creating or GameServerState.Failed
                && !server.InstallCompleted && server.FirstActiveAtUtc is null;
            if (!neverDelivered)
            {
                return BillingErrors.RefundAlreadyDelivered;
            }

            // A task the processor holds right now may be creating the server: let it finish, then the delete follows it.
            var now = time.GetUtcNow().UtcDateTime;
            var running = await db.ProvisioningTasks().AsNoTracking()
                .AnyAsync(t => t.GameServerId == server.Id && t.State == ProvisioningTaskState.Running && t.LeaseExpiresAtUtc >= now, cancellationToken);
            if (running)
            {
                return BillingErrors.RefundProvisioningRunning;
            }
        }

        return new Order(subscription, invoice, server);
    }

    private static async Task<RefundedOrder?> FindRefundAsync(GameHostDbContext db, Guid subscriptionId, CancellationToken cancellationToken)
    {
        var key = TransactionKey(subscriptionId);
        var transaction = await db.LedgerTransactions().AsNoTracking().Include(t => t.Entries)
            .FirstOrDefaultAsync(t => t.IdempotencyKey == key, cancellationToken);
        if (transaction is null)
        {
            return null;
        }

        var credit = transaction.Entries.First(e => e.Amount.Minor > 0).Amount;
        return new RefundedOrder(subscriptionId, transaction.CustomerId ?? Guid.Empty, credit, transaction.CreatedAtUtc, Replayed: false);
    }

    /// <summary>Raises <see cref="NotificationCatalogue.Codes.RefundIssued"/> in this save, keyed by the subscription.</summary>
    private async Task EmailCustomerAsync(
        GameHostDbContext db, Subscription subscription, string serverName, Money amount, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var language = await db.Users.AsNoTracking().Where(u => u.Id == subscription.CustomerId)
            .Select(u => u.PreferredLanguage).FirstOrDefaultAsync(cancellationToken);
        var values = new Dictionary<string, string?>
        {
            ["server_name"] = serverName,
            ["amount"] = NotificationValues.Amount(amount, language),
            ["date"] = NotificationValues.Date(nowUtc, language),
        };
        await notifier.NotifyAsync(db, new NotifyRequest(
            NotificationCatalogue.Codes.RefundIssued, subscription.CustomerId, values, EmailKey(subscription.Id),
            site.Value.PublicBaseUrl.TrimEnd('/') + $"/cabinet/services/{subscription.Id:D}"), cancellationToken);
    }

    private static async Task<Result<AuditActor>> LoadAdminAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var actor = await StaffActors.FindAsync(db, userId, [Roles.Admin], cancellationToken);
        return actor is null ? BillingErrors.RefundActorNotAdmin : actor;
    }
}
