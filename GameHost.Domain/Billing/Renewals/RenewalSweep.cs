using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Triggers;
using GameHost.Domain.Persistence;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Renewals;

/// <param name="ReadAhead">Batches whose reads were made on a second connection while the batch before them was written.</param>
public sealed record RenewalSweepResult(
    int Invoiced, int PaidFromBalance, int Advanced, int LeftOpen, int AutoPayStarted, int Batches, int Retries, int ReadAhead = 0)
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
        // One writing connection for the whole run: its data_version tells whether anyone else committed between two
        // batches, which is what makes a batch read ahead on another connection as good as one read under the lock.
        await using var owner = await contexts.CreateDbContextAsync(cancellationToken);
        var writer = await OpenWriterAsync(owner, cancellationToken);
        var ownCacheSize = writer is null ? null : await SetCacheSizeAsync(writer, options.Value.WriterCacheMiB, cancellationToken);
        Task<BatchReads?>? ahead = null;
        try
        {
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var due = await DueIdsAsync(cancellationToken);
                if (due.Count == 0)
                {
                    break;
                }

                var chunks = due.Chunk(batchSize).ToList();
                for (var c = 0; c < chunks.Count; c++)
                {
                    var readEarly = ahead is null ? null : await ahead;
                    ahead = null;
                    var next = c + 1 < chunks.Count ? chunks[c + 1] : null;
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            // The next batch is read while this one writes: started once this batch holds the write lock.
                            Action<long>? readNext = writer is not null && next is not null && ahead is null
                                ? version => ahead = ReadAheadAsync(next, version, cancellationToken)
                                : null;
                            var batch = await RenewBatchAsync(
                                writer, chunks[c], attempt == 1 ? readEarly : null, total, readNext, checkpoint, cancellationToken);
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
        }
        finally
        {
            if (ahead is not null)
            {
                // A read still running when the run stops (an error, a cancellation) is waited for, never left behind.
                await Task.WhenAny(ahead);
            }

            if (ownCacheSize is { } size)
            {
                // The connection goes back to the pool: it keeps its usual (small) cache there.
                await PragmaAsync(writer!, $"PRAGMA cache_size={size};", null, CancellationToken.None);
            }
        }

        var started = unpaid.Count == 0 ? 0 : await autoPay.TryChargeAsync(unpaid, cancellationToken);
        return new RenewalSweepResult(total.Invoiced, total.Paid, total.Advanced, unpaid.Count, started, total.Batches, total.Retries, total.ReadAhead);
    }

    /// <summary>
    /// Opens the run's writing connection through <paramref name="owner"/> (so the store's pragmas apply) and keeps it
    /// open until the run ends; every batch's context writes on it. Null where the store is not SQLite: batches then
    /// use their own connections and read under their own lock only.
    /// </summary>
    private static async Task<SqliteConnection?> OpenWriterAsync(GameHostDbContext owner, CancellationToken cancellationToken)
    {
        if (owner.Database.GetDbConnection() is not SqliteConnection)
        {
            return null;
        }

        await owner.Database.OpenConnectionAsync(cancellationToken);
        return (SqliteConnection)owner.Database.GetDbConnection();
    }

    /// <summary>Gives <paramref name="writer"/> a page cache of <paramref name="mebibytes"/> and returns its own size (null: left as it was).</summary>
    private static async Task<long?> SetCacheSizeAsync(SqliteConnection writer, int mebibytes, CancellationToken cancellationToken)
    {
        if (mebibytes <= 0)
        {
            return null;
        }

        var own = await PragmaAsync(writer, "PRAGMA cache_size;", null, cancellationToken);
        // A negative size is in KiB rather than pages.
        await PragmaAsync(writer, $"PRAGMA cache_size={-(long)mebibytes * 1024};", null, cancellationToken);
        return own;
    }

    /// <summary>Runs a pragma on <paramref name="connection"/>, inside <paramref name="transaction"/> when it holds one; its value, or 0.</summary>
    private static async Task<long> PragmaAsync(DbConnection connection, string pragma, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = pragma;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class Tally
    {
        public int Invoiced;
        public int Paid;
        public int Advanced;
        public int Batches;
        public int Retries;
        public int ReadAhead;

        /// <summary>The customers and services the last committed batch wrote: a batch read before that commit must not hold them.</summary>
        public HashSet<Guid> LastCustomers = [];
        public HashSet<Guid> LastServices = [];

        public void Add(BatchResult batch)
        {
            Invoiced += batch.Invoiced;
            Paid += batch.Paid;
            Advanced += batch.Advanced;
            Batches++;
            ReadAhead += batch.UsedReadAhead ? 1 : 0;
            LastCustomers = batch.Customers;
            LastServices = batch.Services;
        }
    }

    private sealed record BatchResult(
        int Invoiced, int Paid, int Advanced, List<UnpaidRenewal> Unpaid, bool UsedReadAhead = false, HashSet<Guid>? WrittenCustomers = null,
        HashSet<Guid>? WrittenServices = null)
    {
        public HashSet<Guid> Customers => WrittenCustomers ?? [];

        public HashSet<Guid> Services => WrittenServices ?? [];
    }

    /// <summary>
    /// What a batch reads about its services before it issues anything: the due services of its slice (whole rows, as
    /// the domain code needs them), their buyers, promos, customer balances and which customers owe older invoices.
    /// <see cref="Version"/> is the writing connection's <c>data_version</c> when the read was started (read ahead only).
    /// </summary>
    private sealed record BatchReads(
        List<Subscription> Subscriptions, Dictionary<Guid, InvoiceBuyer> Buyers, Dictionary<Guid, PromoCode> Promos, HashSet<Guid> WithOlderOpen,
        List<LedgerAccount> CustomerAccounts, long? Version);

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

    /// <summary>
    /// One batch, one transaction: reads what the batch needs with a fixed number of untracked queries, issues and pays
    /// every renewal in memory, and writes the rows with a few multi-row statements (<see cref="BulkRows"/>). The
    /// guarantees are the database's, as with a save: the renewal key and the ledger key are unique, the series row,
    /// the accounts and the services are updated only where their concurrency token is still the one read (else the
    /// whole batch rolls back and is read again), and all of it commits together or not at all.
    /// </summary>
    private async Task<BatchResult> RenewBatchAsync(
        SqliteConnection? writer, DueService[] chunk, BatchReads? readEarly, Tally done, Action<long>? readNext,
        Func<RenewalCheckpoint, int, Task>? checkpoint, CancellationToken cancellationToken)
    {
        var doneBefore = done.Invoiced;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        if (writer is not null)
        {
            db.Database.SetDbConnection(writer, contextOwnsConnection: false);
        }

        // The transaction starts before the reads: on SQLite it takes the write lock at once, so a concurrent sweep
        // waits here and then sees this batch's invoices; elsewhere the unique keys and the guarded updates stop a second one.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        long? version = writer is null ? null : await DataVersionAsync(db, cancellationToken);

        // A batch read ahead (on another connection, while the batch before this one wrote) is used only when it sees
        // exactly what a read now would: it was read after the previous batch took the write lock, nobody but this run
        // committed since (the writing connection's data_version has not moved), and it holds no customer or service the
        // previous batch wrote. Otherwise it is dropped and the batch reads under its own lock, as always.
        var usedEarly = readEarly is not null && readEarly.Version == version
            && !readEarly.Subscriptions.Any(s => done.LastServices.Contains(s.Id) || done.LastCustomers.Contains(s.CustomerId));
        if (version is { } current)
        {
            readNext?.Invoke(current);
        }

        var reads = usedEarly ? readEarly! : await ReadBatchAsync(db, chunk, Horizon(now), null, cancellationToken);
        var subscriptions = reads.Subscriptions;
        if (subscriptions.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new BatchResult(0, 0, 0, [], usedEarly);
        }

        var readTokens = subscriptions.ToDictionary(s => s.Id, s => s.ConcurrencyToken);
        var customerIds = subscriptions.Select(s => s.CustomerId).Distinct().ToList();
        var buyers = reads.Buyers;
        var promos = reads.Promos;
        // The number series and the settlement accounts change with every batch: always read under the lock.
        var series = await db.InvoiceNumberSeries().AsNoTracking().FirstOrDefaultAsync(s => s.Series == InvoiceNumbering.DefaultSeries, cancellationToken);
        var seriesIsNew = series is null;
        series ??= new InvoiceNumberSeries { Series = InvoiceNumbering.DefaultSeries, NextNumber = 1, ConcurrencyToken = Guid.NewGuid() };
        var seriesToken = series.ConcurrencyToken;

        // Customers who owe older invoices are settled by the general rule (oldest first) after this batch's invoices
        // are written; everyone else's new renewals are the only open invoices they have.
        var withOlderOpen = reads.WithOlderOpen;

        var issued = new List<(Subscription Subscription, Invoice Invoice)>();
        var changed = new Dictionary<Guid, Subscription>();
        var taxes = new Dictionary<(InvoiceBuyer, Money), LineTax>();
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
                // The locked price is the catalog amount (tax-inclusive where the buyer's country says so): the policy
                // splits it. The split depends on the buyer's country, VAT number and exemption, never on the name, so
                // one answer serves every line of the batch with the same tax position and amount.
                var taxKey = (buyer with { Name = "", Company = null }, line.Net);
                if (!taxes.TryGetValue(taxKey, out var tax))
                {
                    tax = await taxPolicy.TaxForAsync(buyer, line.Net, cancellationToken);
                    taxes[taxKey] = tax;
                }

                invoice.AddLine(line.Kind, line.Code, line.Description, 1, line.Net, tax.Net, tax.Tax, tax.RateBasisPoints, tax.Treatment);
            }

            if (subscription.PromoPeriodsLeft > 0)
            {
                subscription.PromoPeriodsLeft--;
                subscription.ConcurrencyToken = Guid.NewGuid();
                changed[subscription.Id] = subscription;
            }

            invoice.Issue(InvoiceNumbering.DefaultSeries, series.Take(), now, start);
            issued.Add((subscription, invoice));
        }

        var paid = 0;
        var advanced = 0;
        var accounts = await AccountsAsync(db, reads.CustomerAccounts, issued.Select(x => x.Invoice.Currency).Distinct().ToList(), cancellationToken);
        var readAccountTokens = accounts.Values.ToDictionary(a => a.Id, a => a.ConcurrencyToken);
        var createdAccounts = new List<LedgerAccount>();
        var postings = new List<LedgerTransaction>();
        var settleByRule = new List<Guid>();
        foreach (var group in issued.GroupBy(x => x.Invoice.CustomerId))
        {
            if (withOlderOpen.Contains(group.Key))
            {
                settleByRule.Add(group.Key);
                continue;
            }

            foreach (var (subscription, invoice) in group)
            {
                if (PayNewRenewal(accounts, createdAccounts, postings, subscription, invoice, now))
                {
                    changed[subscription.Id] = subscription;
                    paid++;
                    advanced++;
                }
            }
        }

        using (var rows = new BulkRows(db, time))
        {
            if (seriesIsNew)
            {
                await rows.InsertAsync([series], cancellationToken);
            }
            else
            {
                await rows.UpdateAsync<InvoiceNumberSeries>([(series, seriesToken)], ["NextNumber"], cancellationToken);
            }

            await rows.InsertAsync(issued.Select(x => x.Invoice).ToList(), cancellationToken);
            await rows.InsertAsync(issued.SelectMany(x => x.Invoice.Lines).ToList(), cancellationToken);
            await rows.InsertAsync(createdAccounts, cancellationToken);
            await rows.InsertAsync(postings, cancellationToken);
            await rows.InsertAsync(postings.SelectMany(t => t.Entries).ToList(), cancellationToken);
            await rows.UpdateAsync(
                accounts.Values.Where(a => readAccountTokens.TryGetValue(a.Id, out var read) && read != a.ConcurrencyToken)
                    .Select(a => (a, (object)readAccountTokens[a.Id])).ToList(),
                ["BalanceMinor"], cancellationToken);
            await rows.UpdateAsync(
                changed.Values.Select(s => (s, (object)readTokens[s.Id])).ToList(),
                [nameof(Subscription.PromoPeriodsLeft), nameof(Subscription.CurrentPeriodStartUtc), nameof(Subscription.PaidUntilUtc)],
                cancellationToken);

            // The invoices were written without a save, so the context's save triggers (invoice issued) are raised for
            // them here, and what they add (notifications, deliveries, e-mails) is written the same way.
            await SaveTriggers.RaiseForWrittenAsync(db, issued.Select(x => x.Invoice).ToList(), cancellationToken);
            await rows.InsertAddedAsync(cancellationToken);
        }

        foreach (var customerId in settleByRule)
        {
            // The general rule reads the customer's open invoices, this batch's included, and pays oldest first.
            foreach (var invoice in await settlement.ApplyBalanceAsync(db, customerId, null, cancellationToken))
            {
                if (issued.Any(x => x.Invoice.Id == invoice.Id))
                {
                    paid++;
                    var service = db.ChangeTracker.Entries<Subscription>().FirstOrDefault(e => e.Entity.Id == invoice.SubscriptionId)?.Entity;
                    advanced += service is not null && service.PaidUntilUtc == invoice.ServicePeriodEndUtc ? 1 : 0;
                }
            }
        }

        if (settleByRule.Count > 0)
        {
            db.ChangeTracker.DetectChanges();
        }

        // Saves what the general rule changed, and lets open bells hear of the notifications once they are written.
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

        var paidIds = db.ChangeTracker.Entries<Invoice>().Where(e => e.Entity.Status == InvoiceStatus.Paid).Select(e => e.Entity.Id).ToHashSet();
        var unpaid = issued.Where(x => x.Invoice.Status == InvoiceStatus.Open && !paidIds.Contains(x.Invoice.Id))
            .Select(x => new UnpaidRenewal(x.Invoice.Id, x.Invoice.CustomerId, x.Subscription.Id)).ToList();
        return new BatchResult(issued.Count, paid, advanced, unpaid, usedEarly, customerIds.ToHashSet(), subscriptions.Select(x => x.Id).ToHashSet());
    }

    /// <summary>
    /// The reads of a batch, on <paramref name="db"/> and inside whatever transaction it holds: under the batch's write
    /// lock, or in a read-only snapshot when read ahead.
    /// </summary>
    private static async Task<BatchReads> ReadBatchAsync(GameHostDbContext db, DueService[] chunk, DateTime horizonUtc, long? version, CancellationToken cancellationToken)
    {
        // The chunk is a slice of the due list in paid-until order: reading only that slice of the (status, paid-until)
        // index keeps a batch's cost flat however many services exist. A service whose paid time moved out of the
        // slice since the list was made (another sweep renewed it) is not due in this batch; the next pass looks again.
        // The batch's id lists go to the database as one parameter each (a JSON array on SQLite, an array on PostgreSQL),
        // not as a thousand: SQLite finds each named parameter by a linear scan, so a long IN list costs its square.
        var ids = chunk.Select(d => d.Id).ToList();
        var from = chunk[0].PaidUntilUtc;
        var to = chunk[^1].PaidUntilUtc;
        var subscriptions = await Due(db, horizonUtc).AsNoTracking()
            .Where(s => s.PaidUntilUtc >= from && s.PaidUntilUtc <= to && EF.Parameter(ids).Contains(s.Id))
            .OrderBy(s => s.PaidUntilUtc).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return new BatchReads([], [], [], [], [], version);
        }

        var customerIds = subscriptions.Select(s => s.CustomerId).Distinct().ToList();
        var buyers = await BuyersAsync(db, customerIds, cancellationToken);
        var promoIds = subscriptions.Where(s => s.PromoPeriodsLeft > 0 && s.PromoCodeId != null).Select(s => s.PromoCodeId!.Value).Distinct().ToList();
        var promos = promoIds.Count == 0
            ? new Dictionary<Guid, PromoCode>()
            : await db.PromoCodes().AsNoTracking().Include(p => p.FixedAmounts).Where(p => promoIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var withOlderOpen = (await db.Invoices().AsNoTracking()
            .Where(i => EF.Parameter(customerIds).Contains(i.CustomerId) && i.Status == InvoiceStatus.Open)
            .Select(i => i.CustomerId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var accountOwners = customerIds.Select(id => (Guid?)id).ToList();
        var accounts = await db.LedgerAccounts().AsNoTracking()
            .Where(a => a.Kind == LedgerAccountKind.CustomerBalance && EF.Parameter(accountOwners).Contains(a.CustomerId)).ToListAsync(cancellationToken);
        return new BatchReads(subscriptions, buyers, promos, withOlderOpen, accounts, version);
    }

    /// <summary>
    /// Reads the next batch on a connection of its own, in one read-only snapshot, on another thread while the current
    /// batch writes. It starts once the current batch holds the write lock, so its snapshot is the database as that
    /// batch found it (or later); <paramref name="version"/> lets the next batch check that nobody else wrote since.
    /// A failure here costs nothing: the batch then reads under its own lock.
    /// </summary>
    private Task<BatchReads?> ReadAheadAsync(DueService[] chunk, long version, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(snapshot, cancellationToken);
            var reads = await ReadBatchAsync(db, chunk, Horizon(time.GetUtcNow().UtcDateTime), version, cancellationToken);
            await snapshot.RollbackAsync(cancellationToken);
            return reads;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or DbUpdateException)
        {
            return null;
        }
    }, cancellationToken);

    /// <summary>SQLite's <c>data_version</c> of the connection: it moves when another connection commits, never for its own commits.</summary>
    private static Task<long> DataVersionAsync(GameHostDbContext db, CancellationToken cancellationToken) =>
        PragmaAsync(db.Database.GetDbConnection(), "PRAGMA data_version;", db.Database.CurrentTransaction?.GetDbTransaction(), cancellationToken);

    /// <summary>
    /// Pays a renewal invoice issued in this batch from the balance when the balance covers it: the same ledger
    /// transaction (key and kind) as <see cref="InvoiceSettlement"/>, and the paid time moves to the end of the
    /// invoice's period, exactly as a paid renewal does. The invoice is new, so its payment key cannot exist yet, and
    /// every account it moves was read with the batch: nothing is read per service. The settlement account of a
    /// currency is created on first use, as <see cref="LedgerPosting"/> does.
    /// </summary>
    private bool PayNewRenewal(
        Dictionary<string, LedgerAccount> accounts, List<LedgerAccount> created, List<LedgerTransaction> postings, Subscription subscription, Invoice invoice,
        DateTime now)
    {
        if (!invoice.GrossTotal.IsZero)
        {
            var code = LedgerAccount.CustomerCode(invoice.CustomerId, invoice.Currency);
            if (!accounts.TryGetValue(code, out var account) || account.Balance < invoice.GrossTotal)
            {
                return false;
            }

            var settled = Posting.System(LedgerAccountKind.InvoicesSettled, invoice.GrossTotal);
            if (!accounts.ContainsKey(settled.AccountCode))
            {
                // Two sweeps creating it at once: the unique code makes one batch fail and read again.
                var system = new LedgerAccount
                {
                    Id = Guid.NewGuid(),
                    Code = settled.AccountCode,
                    Kind = settled.Kind,
                    Currency = invoice.Currency,
                    Balance = Money.Zero(invoice.Currency),
                    ConcurrencyToken = Guid.NewGuid(),
                    CreatedAtUtc = now,
                };
                accounts[settled.AccountCode] = system;
                created.Add(system);
            }

            postings.Add(ledger.PostDetached(new PostingRequest(
                InvoiceSettlement.TransactionKey(invoice.Id), InvoiceSettlement.TransactionKind, $"Invoice {invoice.DisplayNumber} paid from balance",
                [Posting.Customer(invoice.CustomerId, -invoice.GrossTotal), settled], invoice.CustomerId, invoice.Id), accounts));
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
            .Where(p => EF.Parameter(customerIds).Contains(p.UserId))
            .Select(p => new { p.UserId, p.User!.FullName, p.Company, p.CountryCode, p.VatNumber })
            .ToListAsync(cancellationToken);
        // Tax-exempt customers (set by staff) must stay exempt on their renewals, as on their orders.
        var exempt = (await Taxes.TaxSets.CustomerTaxSettings(db).AsNoTracking()
            .Where(s => EF.Parameter(customerIds).Contains(s.CustomerId) && s.Exempt).Select(s => s.CustomerId).ToListAsync(cancellationToken)).ToHashSet();
        return profiles.Where(p => !string.IsNullOrWhiteSpace(p.CountryCode)).ToDictionary(p => p.UserId, p => new InvoiceBuyer(
            p.FullName,
            string.IsNullOrWhiteSpace(p.Company) ? null : p.Company.Trim(),
            p.CountryCode,
            string.IsNullOrWhiteSpace(p.VatNumber) ? null : p.VatNumber.Trim(),
            exempt.Contains(p.UserId)));
    }

    /// <summary>The batch's customers' balances (as read with the batch) and the settlement account of each currency, read now, by code.</summary>
    private static async Task<Dictionary<string, LedgerAccount>> AccountsAsync(
        GameHostDbContext db, List<LedgerAccount> customers, List<Currency> currencies, CancellationToken cancellationToken)
    {
        var systemCodes = currencies.Select(c => LedgerAccount.SystemCode(LedgerAccountKind.InvoicesSettled, c)).ToList();
        var system = await db.LedgerAccounts().AsNoTracking().Where(a => systemCodes.Contains(a.Code)).ToListAsync(cancellationToken);
        return customers.Concat(system).ToDictionary(a => a.Code);
    }

    private static bool IsLostRace(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: SqliteException { SqliteErrorCode: 19 or 5 or 6 } } => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        _ => false,
    };
}
