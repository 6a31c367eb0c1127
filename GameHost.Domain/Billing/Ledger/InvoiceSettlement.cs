using GameHost.Domain.Catalog;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Ledger;

/// <summary>
/// Spends a customer's balance on their open invoices, oldest first (one named invoice may go first), each only when
/// the balance covers it in full; what is left stays as credit. Every settlement is a ledger transaction keyed by the
/// invoice, so an invoice can never be paid twice. Works inside the caller's context and save.
/// </summary>
public sealed class InvoiceSettlement(LedgerPosting ledger, ProvisioningRequests provisioning, TimeProvider time, Notifications.Notifier? notifier = null)
{
    public const string TransactionKind = "invoice_paid";

    public static string TransactionKey(Guid invoiceId) => $"invoice-paid:{invoiceId:N}";

    /// <summary>
    /// Whether the invoice is paid as the database stands now. A caller whose settlement did not pay its invoice asks
    /// this: the settlement only looks at open invoices, so one a racing request paid meanwhile is paid, not short.
    /// </summary>
    public static Task<bool> IsPaidAsync(GameHostDbContext db, Guid invoiceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Invoices().AsNoTracking().AnyAsync(i => i.Id == invoiceId && i.Status == InvoiceStatus.Paid, cancellationToken);
    }

    /// <returns>The invoices this call marked paid.</returns>
    public async Task<IReadOnlyList<Invoice>> ApplyBalanceAsync(
        GameHostDbContext db, Guid customerId, Guid? firstInvoiceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = await db.Invoices()
            .Where(i => i.CustomerId == customerId && i.Status == InvoiceStatus.Open)
            .ToListAsync(cancellationToken);
        var ordered = open
            .OrderBy(i => i.Id == firstInvoiceId ? 0 : 1)
            .ThenBy(i => i.IssuedAtUtc).ThenBy(i => i.Number)
            .ToList();
        var paid = new List<Invoice>();
        foreach (var invoice in ordered)
        {
            var account = await LedgerPosting.AccountAsync(db, Posting.Customer(customerId, Money.Zero(invoice.Currency)), time.GetUtcNow().UtcDateTime, cancellationToken);
            if (account.Balance < invoice.GrossTotal)
            {
                continue; // Not enough for this one; a smaller, later invoice may still fit.
            }

            if (!invoice.GrossTotal.IsZero)
            {
                await ledger.PostAsync(db, new PostingRequest(
                    TransactionKey(invoice.Id), TransactionKind, $"Invoice {invoice.DisplayNumber} paid from balance",
                    [Posting.Customer(customerId, -invoice.GrossTotal), Posting.System(LedgerAccountKind.InvoicesSettled, invoice.GrossTotal)],
                    customerId, invoice.Id), cancellationToken);
            }

            invoice.MarkPaid(time.GetUtcNow().UtcDateTime);
            await OnPaidAsync(db, invoice, cancellationToken);
            paid.Add(invoice);
        }

        return paid;
    }

    /// <summary>
    /// What a paid invoice sets in motion: an order's subscription becomes active and its server is requested from
    /// the panel — as outbox rows in this same save, so a paid order can never miss its server.
    /// </summary>
    private async Task OnPaidAsync(GameHostDbContext db, Invoice invoice, CancellationToken cancellationToken)
    {
        // Upgrades waiting for this invoice, product fulfilment and pools (Billing/Changes, Products, Pools).
        await Changes.PaidInvoiceHooks.OnPaidAsync(db, invoice, provisioning, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (invoice.SubscriptionId is not { } subscriptionId)
        {
            return;
        }

        var subscription = await db.Subscriptions().Include(s => s.AddOns).Include(s => s.Variables)
            .FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is { Status: SubscriptionStatus.PendingPayment })
        {
            // The first paid period starts when the money arrives, not when the order was placed.
            var nowUtc = time.GetUtcNow().UtcDateTime;
            subscription.Status = SubscriptionStatus.Active;
            subscription.CurrentPeriodStartUtc = nowUtc;
            subscription.PaidUntilUtc = subscription.Period.EndOf(nowUtc);
            subscription.ConcurrencyToken = Guid.NewGuid();
            await provisioning.RequestServerAsync(db, await ProvisioningOrders.ForAsync(db, subscription, cancellationToken), cancellationToken);
        }
        else if (subscription is { Status: SubscriptionStatus.Active or SubscriptionStatus.Suspended }
            && invoice.ServicePeriodStartUtc is { } start && invoice.ServicePeriodEndUtc is { } end
            && start == subscription.PaidUntilUtc)
        {
            // A renewal (or several periods paid ahead) continues exactly where the paid time ends, whenever the money
            // arrives: a late payment is backdated, and an invoice for a period already covered extends nothing.
            subscription.CurrentPeriodStartUtc = start;
            subscription.PaidUntilUtc = end;
            subscription.ConcurrencyToken = Guid.NewGuid();
        }

        if (subscription is { Status: SubscriptionStatus.Suspended })
        {
            await Dunning.DunningUnsuspension.AfterPaidAsync(db, provisioning, subscription, invoice, time.GetUtcNow().UtcDateTime, notifier, cancellationToken);
        }
    }
}
