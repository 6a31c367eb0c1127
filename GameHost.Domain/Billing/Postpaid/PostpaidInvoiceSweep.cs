using System.Globalization;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Postpaid;

public sealed record PostpaidInvoiceSweepResult(int InvoicesIssued, int UnitsBilled, int InvoicesPaidFromBalance)
{
    public bool IsIdle => InvoicesIssued == 0;

    public string ToSummary() => $"{InvoicesIssued} postpaid invoices for {UnitsBilled} units; {InvoicesPaidFromBalance} paid from balance";
}

/// <summary>
/// On the 1st (UTC), bills each customer's unbilled postpaid usage of the months before: ONE invoice per customer and
/// month (key <c>postpaid:{customer}:{yyyyMM}</c>), a line per service and price with the unit count, saved in the same
/// save that marks the units billed — so a unit is billed once, and a repeated, concurrent or crashed run changes
/// nothing twice. A month missed by the job is caught up on the next run. The balance then pays the invoice if it can.
/// The usage was never debited from the balance, so the invoice is the one and only charge for it.
/// </summary>
public sealed class PostpaidInvoiceSweep(IDbContextFactory<GameHostDbContext> contexts, InvoiceSettlement settlement, TimeProvider time)
{
    public static string InvoiceKey(Guid customerId, int year, int month) =>
        $"postpaid:{customerId:N}:{year.ToString("D4", CultureInfo.InvariantCulture)}{month.ToString("D2", CultureInfo.InvariantCulture)}";

    public async Task<PostpaidInvoiceSweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        List<(Guid CustomerId, int Year, int Month)> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var starts = await db.UsageCharges().AsNoTracking()
                .Where(c => c.Mode == UsageChargeMode.Postpaid && c.InvoiceId == null && c.UnitStartUtc < monthStart)
                .Select(c => new { c.CustomerId, c.UnitStartUtc })
                .ToListAsync(cancellationToken);
            due = starts.Select(s => (s.CustomerId, s.UnitStartUtc.Year, s.UnitStartUtc.Month)).Distinct()
                .OrderBy(d => d.Year).ThenBy(d => d.Month).ToList();
        }

        var issued = 0;
        var units = 0;
        var paid = 0;
        foreach (var (customerId, year, month) in due)
        {
            for (var attempt = 1; attempt <= PlaceOrder.MaxSaveAttempts; attempt++)
            {
                try
                {
                    var billed = await BillAsync(customerId, year, month, cancellationToken);
                    if (billed > 0)
                    {
                        issued++;
                        units += billed;
                    }

                    break;
                }
                catch (DbUpdateException)
                {
                    // Another run billed this month (or took the invoice number) first: look again.
                }
            }
        }

        foreach (var customerId in due.Select(d => d.CustomerId).Distinct())
        {
            paid += await PayFromBalanceAsync(customerId, cancellationToken);
        }

        return new PostpaidInvoiceSweepResult(issued, units, paid);
    }

    private async Task<int> BillAsync(Guid customerId, int year, int month, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = InvoiceKey(customerId, year, month);
        if (await db.Invoices().AnyAsync(i => i.IdempotencyKey == key, cancellationToken))
        {
            return 0;
        }

        var from = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddMonths(1);
        var charges = await db.UsageCharges()
            .Where(c => c.CustomerId == customerId && c.Mode == UsageChargeMode.Postpaid && c.InvoiceId == null && c.UnitStartUtc >= from && c.UnitStartUtc < to)
            .OrderBy(c => c.UnitStartUtc).ToListAsync(cancellationToken);
        var buyer = await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
        if (charges.Count == 0 || buyer is null)
        {
            return 0;
        }

        var ids = charges.Select(c => c.SubscriptionId).Distinct().ToList();
        var services = await db.Subscriptions().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var invoice = Invoice.Draft(customerId, ids.Count == 1 ? ids[0] : null, key, buyer.Currency, buyer.Snapshot, now);
        var en = CultureInfo.GetCultureInfo("en");
        var es = CultureInfo.GetCultureInfo("es");
        foreach (var group in charges.GroupBy(c => (c.SubscriptionId, c.Net.Minor, c.TaxRateBasisPoints)).OrderBy(g => services[g.Key.SubscriptionId].ServerName).ThenBy(g => g.Min(c => c.UnitStartUtc)))
        {
            var service = services[group.Key.SubscriptionId];
            var count = group.Count();
            var daily = service.Period == BillingPeriod.Day;
            var unitEn = daily ? (count == 1 ? "day" : "days") : (count == 1 ? "hour" : "hours");
            var unitEs = daily ? (count == 1 ? "día" : "días") : (count == 1 ? "hora" : "horas");
            // Tax was rounded per unit when each was charged; the line carries their sum, so it matches the usage exactly.
            invoice.AddLine(InvoiceLineKind.Period, "usage",
                new LocalizedText($"{service.ServerName}: {count} {unitEn} of use, {from.ToString("MMMM yyyy", en)}",
                    $"{service.ServerName}: {count} {unitEs} de uso, {from.ToString("MMMM 'de' yyyy", es)}"),
                count, group.First().Net,
                new Money(group.Sum(c => c.Net.Minor), buyer.Currency), new Money(group.Sum(c => c.Tax.Minor), buyer.Currency), group.Key.TaxRateBasisPoints);
        }

        await InvoiceIssuing.IssueAsync(db, invoice, InvoiceNumbering.DefaultSeries, now, now + PlaceOrder.PaymentWindow, cancellationToken);
        db.Invoices().Add(invoice);
        foreach (var charge in charges)
        {
            charge.InvoiceId = invoice.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        return charges.Count;
    }

    private async Task<int> PayFromBalanceAsync(Guid customerId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var paid = await settlement.ApplyBalanceAsync(db, customerId, null, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return paid.Count;
            }
            catch (DbUpdateException)
            {
                // The balance moved meanwhile: look again.
            }
        }

        return 0;
    }
}
