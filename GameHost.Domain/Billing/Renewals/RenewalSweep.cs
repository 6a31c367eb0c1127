using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Renewals;

public sealed record RenewalSweepResult(int Invoiced, int PaidFromBalance, int Advanced, int LeftOpen, int AutoPayStarted, int Batches, int Retries)
{
    public bool IsIdle => Invoiced == 0;

    public string ToSummary() =>
        $"{Invoiced} renewal invoices issued; {PaidFromBalance} paid from balance ({Advanced} services extended); {LeftOpen} left open; "
        + $"{AutoPayStarted} saved-method charges started; {Batches} batches, {Retries} retried";
}

/// <summary>Where a renewal run stands; lets a host report progress (and a crash test stop the process mid-run).</summary>
public enum RenewalCheckpoint
{
    /// <summary>A batch's invoices and payments are written but not yet committed.</summary>
    BatchWritten = 0,

    /// <summary>A batch is committed.</summary>
    BatchCommitted = 1,
}

/// <summary>
/// Issues the renewal invoice of every active prepaid subscription whose paid time ends within
/// <see cref="RenewalOptions.LeadDays"/> and pays it from the customer's balance at once; paying it moves the paid time
/// forward by exactly one period. Works in batches, each one transaction that takes SQLite's write lock before it
/// reads: a batch either happens entirely or not at all, so a crash leaves nothing half done, and a second sweep
/// running at the same time waits and then finds the work done. A subscription gets a renewal only while no invoice
/// exists for the period that starts where its paid time ends, and the invoice's key
/// <c>renewal:{subscription}:{periodStart}</c> is unique, so nothing can be invoiced twice. A run that was missed for
/// a while renews each overdue period once (one invoice per period, never one per missed day).
/// </summary>
public sealed class RenewalSweep(
    IDbContextFactory<GameHostDbContext> contexts,
    LedgerPosting ledger,
    InvoiceSettlement settlement,
    ITaxPolicy taxPolicy,
    IAutoPay autoPay,
    IOptions<RenewalOptions> options,
    TimeProvider time)
{
    public const int MaxAttemptsPerBatch = 5;

    /// <summary>A catch-up of a long-missed run renews at most this many periods per service in one run.</summary>
    public const int MaxPasses = 50;

    public static string InvoiceKey(Guid subscriptionId, DateTime periodStartUtc) =>
        $"renewal:{subscriptionId:N}:{periodStartUtc.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)}";

    public Task<RenewalSweepResult> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    public async Task<RenewalSweepResult> RunAsync(Func<RenewalCheckpoint, int, Task>? checkpoint, CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, options.Value.BatchSize);
        var total = new Tally();
        var unpaid = new List<UnpaidRenewal>();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var due = await DueIdsAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var chunk in due.Chunk(batchSize))
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var batch = await RenewBatchAsync(chunk, total.Invoiced, checkpoint, cancellationToken);
                        total.Add(batch);
                        unpaid.AddRange(batch.Unpaid);
                        break;
                    }
                    catch (Exception exception) when (IsLostRace(exception) && attempt < MaxAttemptsPerBatch)
                    {
                        // Another sweep (or a payment) wrote these rows first: nothing of this batch was kept; read again.
                        total.Retries++;
                    }
                }
            }
        }

        var started = unpaid.Count == 0 ? 0 : await autoPay.TryChargeAsync(unpaid, cancellationToken);
        return new RenewalSweepResult(total.Invoiced, total.Paid, total.Advanced, unpaid.Count, started, total.Batches, total.Retries);
    }

    private sealed class Tally
    {
        public int Invoiced;
        public int Paid;
        public int Advanced;
        public int Batches;
        public int Retries;

        public void Add(BatchResult batch)
        {
            Invoiced += batch.Invoiced;
            Paid += batch.Paid;
            Advanced += batch.Advanced;
            Batches++;
        }
    }

    private sealed record BatchResult(int Invoiced, int Paid, int Advanced, List<UnpaidRenewal> Unpaid);

    private DateTime Horizon(DateTime nowUtc) => nowUtc.AddDays(Math.Max(0, options.Value.LeadDays));

    private static IQueryable<Subscription> Due(GameHostDbContext db, DateTime horizonUtc) =>
        db.Subscriptions().Where(s => s.Status == SubscriptionStatus.Active
            && s.BillingModel == BillingModel.PrepaidPeriodic && s.Period != BillingPeriod.OneOff
            && s.PaidUntilUtc != null && s.PaidUntilUtc <= horizonUtc
            // Cancelled at period end: no period starting at or after the end is ever billed.
            && (s.EndsAtUtc == null || s.PaidUntilUtc < s.EndsAtUtc)
            // Any invoice for the period that starts where the paid time ends (open, paid, or voided by staff on
            // purpose) means this period is handled: never a second one, never a reused key.
            && !db.Invoices().Any(i => i.SubscriptionId == s.Id && i.ServicePeriodStartUtc == s.PaidUntilUtc));

    /// <summary>A due subscription as listed before the batches: its id and where its paid time ended then.</summary>
    private readonly record struct DueService(Guid Id, DateTime PaidUntilUtc);

    private async Task<List<DueService>> DueIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var horizon = Horizon(time.GetUtcNow().UtcDateTime);
        return await Due(db, horizon).AsNoTracking()
            .OrderBy(s => s.PaidUntilUtc).Select(s => new DueService(s.Id, s.PaidUntilUtc!.Value))
            .ToListAsync(cancellationToken);
    }

    private async Task<BatchResult> RenewBatchAsync(
        DueService[] chunk, int doneBefore, Func<RenewalCheckpoint, int, Task>? checkpoint, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        // The transaction starts before the reads: on SQLite it takes the write lock at once, so a concurrent sweep
        // waits here and then sees this batch's invoices; elsewhere the unique renewal key still stops a second one.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        // The chunk is a slice of the due list in paid-until order: reading only that slice of the (status, paid-until)
        // index keeps a batch's cost flat however many services exist. A service whose paid time moved out of the
        // slice since the list was made (another sweep renewed it) is not due in this batch; the next pass looks again.
        var ids = chunk.Select(d => d.Id).ToList();
        var from = chunk[0].PaidUntilUtc;
        var to = chunk[^1].PaidUntilUtc;
        var subscriptions = await Due(db, Horizon(now))
            .Where(s => s.PaidUntilUtc >= from && s.PaidUntilUtc <= to && ids.Contains(s.Id))
            .OrderBy(s => s.PaidUntilUtc).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new BatchResult(0, 0, 0, []);
        }

        var customerIds = subscriptions.Select(s => s.CustomerId).Distinct().ToList();
        var buyers = await BuyersAsync(db, customerIds, cancellationToken);
        var promoIds = subscriptions.Where(s => s.PromoPeriodsLeft > 0 && s.PromoCodeId != null).Select(s => s.PromoCodeId!.Value).Distinct().ToList();
        var promos = promoIds.Count == 0
            ? new Dictionary<Guid, PromoCode>()
            : await db.PromoCodes().AsNoTracking().Include(p => p.FixedAmounts).Where(p => promoIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var series = await db.InvoiceNumberSeries().FirstOrDefaultAsync(s => s.Series == InvoiceNumbering.DefaultSeries, cancellationToken);
        if (series is null)
        {
            series = new InvoiceNumberSeries { Series = InvoiceNumbering.DefaultSeries, NextNumber = 1 };
            db.InvoiceNumberSeries().Add(series);
        }

        // Customers who owe older invoices are settled by the general rule (oldest first) after this batch's invoices
        // are written; everyone else's new renewals are the only open invoices they have.
        var withOlderOpen = (await db.Invoices().AsNoTracking()
            .Where(i => customerIds.Contains(i.CustomerId) && i.Status == InvoiceStatus.Open)
            .Select(i => i.CustomerId).Distinct().ToListAsync(cancellationToken)).ToHashSet();

        var issued = new List<(Subscription Subscription, Invoice Invoice)>();
        foreach (var subscription in subscriptions)
        {
            if (!buyers.TryGetValue(subscription.CustomerId, out var buyer))
            {
                continue; // No billing profile (staff removed it): dunning cannot run on an invoice we cannot address.
            }

            var start = subscription.PaidUntilUtc!.Value;
            var end = subscription.Period.EndOf(start)!.Value;
            var currency = subscription.RecurringNet.Currency;
            var invoice = Invoice.Draft(subscription.CustomerId, subscription.Id, InvoiceKey(subscription.Id, start), currency, buyer, now);
            invoice.ForServicePeriod(start, end);
            var promo = subscription.PromoCodeId is { } promoId && promos.TryGetValue(promoId, out var found) ? found : null;
            foreach (var line in RenewalPricing.LinesFor(subscription, promo))
            {
                // The locked price is the catalog amount (tax-inclusive where the buyer's country says so): the policy splits it.
                var tax = await taxPolicy.TaxForAsync(buyer, line.Net, cancellationToken);
                invoice.AddLine(line.Kind, line.Code, line.Description, 1, line.Net, tax.Net, tax.Tax, tax.RateBasisPoints, tax.Treatment);
            }

            if (subscription.PromoPeriodsLeft > 0)
            {
                subscription.PromoPeriodsLeft--;
            }

            invoice.Issue(InvoiceNumbering.DefaultSeries, series.Take(), now, start);
            db.Invoices().Add(invoice);
            issued.Add((subscription, invoice));
        }

        var paid = 0;
        var advanced = 0;
        var accounts = await AccountsAsync(db, customerIds, cancellationToken);
        var settleByRule = new List<IGrouping<Guid, (Subscription Subscription, Invoice Invoice)>>();
        foreach (var group in issued.GroupBy(x => x.Invoice.CustomerId))
        {
            if (withOlderOpen.Contains(group.Key))
            {
                settleByRule.Add(group);
                continue;
            }

            foreach (var (subscription, invoice) in group)
            {
                if (await PayNewRenewalAsync(db, accounts, subscription, invoice, now, cancellationToken))
                {
                    paid++;
                    advanced++;
                }
            }
        }

        if (settleByRule.Count > 0)
        {
            // The general rule reads the customer's open invoices from the database: this batch's must be there first.
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            foreach (var group in settleByRule)
            {
                foreach (var invoice in await settlement.ApplyBalanceAsync(db, group.Key, null, cancellationToken))
                {
                    var renewed = group.FirstOrDefault(x => x.Invoice.Id == invoice.Id);
                    if (renewed.Invoice is not null)
                    {
                        paid++;
                        advanced += renewed.Subscription.PaidUntilUtc == invoice.ServicePeriodEndUtc ? 1 : 0;
                    }
                }
            }
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        if (checkpoint is not null)
        {
            await checkpoint(RenewalCheckpoint.BatchWritten, doneBefore + issued.Count);
        }

        await transaction.CommitAsync(cancellationToken);
        if (checkpoint is not null)
        {
            await checkpoint(RenewalCheckpoint.BatchCommitted, doneBefore + issued.Count);
        }

        var unpaid = issued.Where(x => x.Invoice.Status == InvoiceStatus.Open)
            .Select(x => new UnpaidRenewal(x.Invoice.Id, x.Invoice.CustomerId, x.Subscription.Id)).ToList();
        return new BatchResult(issued.Count, paid, advanced, unpaid);
    }

    /// <summary>
    /// Pays a renewal invoice written in this unit of work from the balance when the balance covers it: the same
    /// ledger transaction (key and kind) as <see cref="InvoiceSettlement"/>, and the paid time moves to the end of the
    /// invoice's period, exactly as a paid renewal does. The invoice is new, so its payment key cannot exist yet, and
    /// every account it moves is already loaded: nothing is read per service.
    /// </summary>
    private async Task<bool> PayNewRenewalAsync(
        GameHostDbContext db, Dictionary<string, LedgerAccount> accounts, Subscription subscription, Invoice invoice, DateTime now,
        CancellationToken cancellationToken)
    {
        var code = LedgerAccount.CustomerCode(invoice.CustomerId, invoice.Currency);
        if (!invoice.GrossTotal.IsZero)
        {
            if (!accounts.TryGetValue(code, out var account) || account.Balance < invoice.GrossTotal)
            {
                return false;
            }

            var settled = Posting.System(LedgerAccountKind.InvoicesSettled, invoice.GrossTotal);
            if (!accounts.ContainsKey(settled.AccountCode))
            {
                // Once per currency and batch: the system side of every settlement, created on first use as LedgerPosting does.
                accounts[settled.AccountCode] = await LedgerPosting.AccountAsync(db, settled, now, cancellationToken);
            }

            ledger.PostNew(db, new PostingRequest(
                InvoiceSettlement.TransactionKey(invoice.Id), InvoiceSettlement.TransactionKind, $"Invoice {invoice.DisplayNumber} paid from balance",
                [Posting.Customer(invoice.CustomerId, -invoice.GrossTotal), settled], invoice.CustomerId, invoice.Id), accounts);
        }

        invoice.MarkPaid(now);
        subscription.CurrentPeriodStartUtc = invoice.ServicePeriodStartUtc;
        subscription.PaidUntilUtc = invoice.ServicePeriodEndUtc;
        subscription.ConcurrencyToken = Guid.NewGuid();
        return true;
    }

    private static async Task<Dictionary<Guid, InvoiceBuyer>> BuyersAsync(GameHostDbContext db, List<Guid> customerIds, CancellationToken cancellationToken)
    {
        var profiles = await db.CustomerProfiles.AsNoTracking()
            .Where(p => customerIds.Contains(p.UserId))
            .Select(p => new { p.UserId, p.User!.FullName, p.Company, p.CountryCode, p.VatNumber })
            .ToListAsync(cancellationToken);
        // Tax-exempt customers (set by staff) must stay exempt on their renewals, as on their orders.
        var exempt = (await Taxes.TaxSets.CustomerTaxSettings(db).AsNoTracking()
            .Where(s => customerIds.Contains(s.CustomerId) && s.Exempt).Select(s => s.CustomerId).ToListAsync(cancellationToken)).ToHashSet();
        return profiles.Where(p => !string.IsNullOrWhiteSpace(p.CountryCode)).ToDictionary(p => p.UserId, p => new InvoiceBuyer(
            p.FullName,
            string.IsNullOrWhiteSpace(p.Company) ? null : p.Company.Trim(),
            p.CountryCode,
            string.IsNullOrWhiteSpace(p.VatNumber) ? null : p.VatNumber.Trim(),
            exempt.Contains(p.UserId)));
    }

    private static async Task<Dictionary<string, LedgerAccount>> AccountsAsync(GameHostDbContext db, List<Guid> customerIds, CancellationToken cancellationToken)
    {
        var ids = customerIds.Select(id => (Guid?)id).ToList();
        var tracked = db.ChangeTracker.Entries<LedgerAccount>().Select(e => e.Entity).Where(a => a.CustomerId is { } id && customerIds.Contains(id)).ToList();
        var loaded = await db.LedgerAccounts().Where(a => a.Kind == LedgerAccountKind.CustomerBalance && ids.Contains(a.CustomerId)).ToListAsync(cancellationToken);
        return tracked.Concat(loaded).DistinctBy(a => a.Code).ToDictionary(a => a.Code);
    }

    private static bool IsLostRace(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: SqliteException { SqliteErrorCode: 19 or 5 or 6 } } => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        _ => false,
    };
}
