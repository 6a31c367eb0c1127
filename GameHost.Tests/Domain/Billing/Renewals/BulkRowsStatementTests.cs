using System.Data.Common;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// <see cref="BulkRows"/> prepares one command per statement shape (table, columns, rows) and only rebinds its values:
/// these tests hold every row count around a shape's size to the rows a save would write, prove a command is reused
/// (and a stale row still rolls the statement back), and that a sweep's batches reuse their commands.
/// </summary>
public sealed class BulkRowsStatementTests : IDisposable
{
    // InvoiceNumberSeries has three columns (series, next number, token): 33 rows per insert statement; an update of the
    // next number sends key, number, token and token as read: 25 rows per statement.
    private const int InsertShape = BulkRows.MaxParametersPerStatement / 3;
    private const int UpdateShape = BulkRows.MaxParametersPerStatement / 4;

    private readonly RenewalTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(InsertShape - 1, 1, 1)]
    [InlineData(InsertShape, 1, 1)]
    [InlineData(InsertShape + 1, 2, 2)]
    [InlineData((2 * InsertShape) + 1, 3, 2)]
    public async Task InsertAsync_RowCountAroundTheStatementShape_EveryRowWrittenOneCommandPerShape(int count, int statements, int prepared)
    {
        var rows = Enumerable.Range(0, count).Select(i => new InvoiceNumberSeries { Series = $"T{i:D4}", NextNumber = 1000 + i, ConcurrencyToken = Guid.NewGuid() }).ToList();

        await using (var db = _kit.Data.Database.CreateDbContext())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        using (var bulk = new BulkRows(db, _kit.Data.Time))
        {
            await bulk.InsertAsync(rows, CancellationToken.None);
            Assert.Equal((statements, prepared), (bulk.Executed, bulk.Prepared));
            await transaction.CommitAsync();
        }

        var stored = await StoredAsync();
        Assert.Equal(rows.Select(r => (r.Series, r.NextNumber, r.ConcurrencyToken)), stored.Select(r => (r.Series, r.NextNumber, r.ConcurrencyToken)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(UpdateShape - 1)]
    [InlineData(UpdateShape + 1)]
    [InlineData((2 * UpdateShape) + 1)]
    public async Task UpdateAsync_RowCountAroundTheStatementShape_EveryRowUpdatedAndTokenMoved(int count)
    {
        var rows = await SeedAsync(count);
        var read = rows.ToDictionary(r => r.Series, r => r.ConcurrencyToken);
        foreach (var row in rows)
        {
            row.NextNumber += 7;
            row.ConcurrencyToken = Guid.NewGuid();
        }

        await using (var db = _kit.Data.Database.CreateDbContext())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        using (var bulk = new BulkRows(db, _kit.Data.Time))
        {
            await bulk.UpdateAsync(rows.Select(r => (r, (object)read[r.Series])).ToList(), ["NextNumber"], CancellationToken.None);
            Assert.Equal((count + UpdateShape - 1) / UpdateShape, bulk.Executed);
            await transaction.CommitAsync();
        }

        var stored = await StoredAsync();
        Assert.Equal(rows.Select(r => (r.Series, r.NextNumber, r.ConcurrencyToken)), stored.Select(r => (r.Series, r.NextNumber, r.ConcurrencyToken)));
    }

    [Fact]
    public async Task UpdateAsync_ReusedCommandMeetsAStaleRow_ConcurrencyExceptionAndNothingKept()
    {
        var rows = await SeedAsync((2 * UpdateShape) + 3);
        var read = rows.ToDictionary(r => r.Series, r => r.ConcurrencyToken);
        var stale = rows[UpdateShape + 4];
        await using (var other = _kit.Data.Database.CreateDbContext())
        {
            var row = await other.InvoiceNumberSeries().SingleAsync(r => r.Series == stale.Series);
            row.ConcurrencyToken = Guid.NewGuid();
            await other.SaveChangesAsync();
        }

        foreach (var row in rows)
        {
            row.NextNumber += 1;
            row.ConcurrencyToken = Guid.NewGuid();
        }

        await using (var db = _kit.Data.Database.CreateDbContext())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        using (var bulk = new BulkRows(db, _kit.Data.Time))
        {
            // The first statement of the shape succeeds, the second (the same command, rebound) meets the stale row.
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() =>
                bulk.UpdateAsync(rows.Select(r => (r, (object)read[r.Series])).ToList(), ["NextNumber"], CancellationToken.None));
            Assert.Equal((2, 1), (bulk.Executed, bulk.Prepared));
            await transaction.RollbackAsync();
        }

        var stored = await StoredAsync();
        Assert.All(stored, r => Assert.Equal(r.Series != stale.Series, r.ConcurrencyToken == read[r.Series]));
        Assert.Equal(rows.Select((_, i) => 1000L + i), stored.Select(r => r.NextNumber));
    }

    [Fact]
    public async Task InsertAsync_DuplicateKeyInAReusedCommand_ThrownAsUpdateException()
    {
        var rows = Enumerable.Range(0, (2 * InsertShape) + 1).Select(i => new InvoiceNumberSeries { Series = $"T{i:D4}", ConcurrencyToken = Guid.NewGuid() }).ToList();
        rows[InsertShape + 2] = new InvoiceNumberSeries { Series = rows[0].Series, ConcurrencyToken = Guid.NewGuid() };

        await using var db = _kit.Data.Database.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        using var bulk = new BulkRows(db, _kit.Data.Time);

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => bulk.InsertAsync(rows, CancellationToken.None));
        Assert.Contains("InvoiceNumberSeries", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, bulk.Executed);
    }

    [Fact]
    public async Task InsertAsync_OutsideATransaction_Refused()
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        using var bulk = new BulkRows(db, _kit.Data.Time);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            bulk.InsertAsync([new InvoiceNumberSeries { Series = "T0001", ConcurrencyToken = Guid.NewGuid() }], CancellationToken.None));
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task RunAsync_BatchesWithMoreRowsThanAShape_EachShapeOneCommandReusedWithinItsBatch()
    {
        // Invoices (29 columns: 3 rows per statement) overflow one statement: a batch of 20 renewals runs the same invoice
        // shape six times, and every run of a shape in a batch must be the same command, rebound.
        _kit.RenewalOptions.BatchSize = 20;
        var services = new List<(Guid Customer, Guid Subscription, DateTime PaidUntil)>();
        for (var i = 0; i < 45; i++)
        {
            var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
            await _kit.TopUpAsync(customer, price.Minor, $"topup-{i}");
            services.Add((customer, subscriptionId, (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value));
        }

        _kit.AdvanceTo(services.Max(s => s.PaidUntil).AddDays(-6));
        var commands = new CommandRecorder();
        var ledger = new LedgerPosting(_kit.Data.Time);
        var sweep = new RenewalSweep(new InterceptedFileContexts(_kit.Data.Database, commands), ledger, _kit.Settlement(), new NoTaxYet(), new NoAutoPay(),
            Options.Create(_kit.RenewalOptions), _kit.Data.Time);

        var result = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal((45, 45, 45, 3), (result.Invoiced, result.PaidFromBalance, result.Advanced, result.Batches));
        var repeated = commands.Writes.GroupBy(w => (w.Transaction, w.Text)).Where(g => g.Count() > 1).ToList();
        Assert.Contains(repeated, g => g.Key.Text.StartsWith("INSERT INTO \"Invoices\"", StringComparison.Ordinal));
        Assert.All(repeated, g => Assert.Single(g.Select(w => w.Command).Distinct(ReferenceEqualityComparer.Instance)));
        foreach (var (_, subscriptionId, paidUntil) in services)
        {
            Assert.Equal(InvoiceStatus.Paid, Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId)).Status);
            Assert.Equal(BillingPeriod.Month1.EndOf(paidUntil), (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc);
        }

        await _kit.AssertBooksBalanceAsync();
    }

    private async Task<List<InvoiceNumberSeries>> SeedAsync(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => new InvoiceNumberSeries { Series = $"T{i:D4}", NextNumber = 1000 + i, ConcurrencyToken = Guid.NewGuid() }).ToList();
        await using var db = _kit.Data.Database.CreateDbContext();
        db.InvoiceNumberSeries().AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    private async Task<List<InvoiceNumberSeries>> StoredAsync()
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        return await db.InvoiceNumberSeries().AsNoTracking().Where(s => s.Series.StartsWith("T0")).OrderBy(s => s.Series).ToListAsync();
    }

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(DbTransaction? Transaction, string Text, DbCommand Command)> Writes { get; } = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            lock (Writes)
            {
                Writes.Add((command.Transaction, command.CommandText, command));
            }

            return ValueTask.FromResult(result);
        }
    }
}
