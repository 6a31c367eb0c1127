using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Balance;

/// <summary>A prepaid service the customer may pay ahead for.</summary>
public sealed record PrepaidServiceView(Guid SubscriptionId, string ServerName, BillingPeriod Period, DateTime PaidUntilUtc, Money RenewalGross, bool RenewalInvoiced);

/// <param name="Available">What can be spent now: the balance, plus the unused part of the credit limit.</param>
/// <param name="RunsOutAtUtc">When the money stops paying the next charge; null = not within a year (or nothing to pay).</param>
public sealed record BalanceOverview(
    Guid CustomerId,
    Currency Currency,
    Money Balance,
    Money? CreditLimit,
    Money UnbilledUsage,
    Money OpenInvoices,
    Money Available,
    DateTime? RunsOutAtUtc,
    TopUpRecommendation Recommendation,
    IReadOnlyList<ChargeStream> Streams,
    IReadOnlyList<PrepaidServiceView> PrepaidServices,
    string TransferReference);

/// <summary>
/// A customer's money at a glance: balance, credit limit and what is owed, when it runs out ("lasts until"), the
/// recommended top-up with its parts, and the prepaid services that can be paid ahead.
/// </summary>
public sealed class BalanceOverviewQuery(IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy taxPolicy, TimeProvider time)
{
    /// <returns>Null when the customer has no billing profile yet.</returns>
    public async Task<BalanceOverview?> ExecuteAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var buyer = await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
        if (buyer is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var currency = buyer.Currency;
        var code = LedgerAccount.CustomerCode(customerId, currency);
        var balance = await db.LedgerAccounts().AsNoTracking().Where(a => a.Code == code).Select(a => (Money?)a.Balance).FirstOrDefaultAsync(cancellationToken)
            ?? Money.Zero(currency);
        var limit = await db.CreditLimits().AsNoTracking().FirstOrDefaultAsync(l => l.CustomerId == customerId, cancellationToken);
        var creditLimit = limit is { } l && !l.Limit.IsZero && l.Limit.Currency == currency ? l.Limit : (Money?)null;
        var unbilled = await CustomerExposure.UnbilledUsageAsync(db, customerId, currency, cancellationToken);
        var openInvoices = await db.Invoices().AsNoTracking()
            .Where(i => i.CustomerId == customerId && i.Status == InvoiceStatus.Open)
            .OrderBy(i => i.IssuedAtUtc).ToListAsync(cancellationToken);
        var subscriptions = await db.Subscriptions().AsNoTracking()
            .Where(s => s.CustomerId == customerId && s.Status == SubscriptionStatus.Active && s.PaidUntilUtc != null)
            .OrderBy(s => s.CreatedAtUtc).ToListAsync(cancellationToken);

        var streams = new List<ChargeStream>();
        foreach (var invoice in openInvoices.Where(i => i.Currency == currency))
        {
            streams.Add(new ChargeStream(ChargeStreamKind.OpenInvoice, invoice.SubscriptionId, invoice.DisplayNumber ?? "", invoice.GrossTotal, BillingPeriod.OneOff, now));
        }

        var prepaid = new List<PrepaidServiceView>();
        foreach (var subscription in subscriptions.Where(s => s.RecurringNet.Currency == currency))
        {
            var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, subscription.RecurringNet, cancellationToken);
            var gross = tax.Gross;
            var paidUntil = subscription.PaidUntilUtc!.Value;
            if (subscription.BillingModel != BillingModel.PrepaidPeriodic)
            {
                streams.Add(new ChargeStream(ChargeStreamKind.PayAsYouGo, subscription.Id, subscription.ServerName, gross, subscription.Period, paidUntil));
                continue;
            }

            if (subscription.Period == BillingPeriod.OneOff)
            {
                continue;
            }

            // An open renewal is already counted as an invoice: the projection starts after the period it bills.
            var invoiced = openInvoices.FirstOrDefault(i => i.SubscriptionId == subscription.Id && i.ServicePeriodStartUtc == paidUntil);
            var next = invoiced?.ServicePeriodEndUtc ?? paidUntil;
            streams.Add(new ChargeStream(ChargeStreamKind.Renewal, subscription.Id, subscription.ServerName, gross, subscription.Period, next));
            prepaid.Add(new PrepaidServiceView(subscription.Id, subscription.ServerName, subscription.Period, paidUntil, gross, invoiced is not null));
        }

        var available = balance + (creditLimit is { } cl ? cl - unbilled : Money.Zero(currency));
        var openTotal = new Money(openInvoices.Where(i => i.Currency == currency).Sum(i => i.GrossTotal.Minor), currency);
        return new BalanceOverview(customerId, currency, balance, creditLimit, unbilled, openTotal, available,
            BalanceForecast.RunsOutAtUtc(now, available, streams), BalanceForecast.RecommendTopUp(now, available, streams), streams, prepaid,
            TopUp.TransferReference(customerId));
    }
}
