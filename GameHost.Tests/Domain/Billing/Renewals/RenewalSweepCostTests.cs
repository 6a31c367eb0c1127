using System.Data.Common;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// What a renewal run costs in statements: the reads and the writes are per batch, never per service. A batch writes
/// each table's rows with one multi-row statement (invoices, lines, ledger transactions and entries) and updates the
/// accounts, services and number series with one statement each, guarded by their concurrency tokens.
/// </summary>
public class RenewalSweepCostTests
{
    [Fact]
    public async Task RunAsync_MoreServicesInOneBatch_SameNumberOfReads()
    {
        var two = await RunCountingAsync(services: 2);
        var eight = await RunCountingAsync(services: 8);

        Assert.Equal((2, 2, 2), (two.Result.Invoiced, two.Result.PaidFromBalance, two.Result.Advanced));
        Assert.Equal((8, 8, 8), (eight.Result.Invoiced, eight.Result.PaidFromBalance, eight.Result.Advanced));
        Assert.Equal(two.Reads, eight.Reads);
    }

    [Fact]
    public async Task RunAsync_MoreServicesInOneBatch_SameNumberOfWriteStatements()
    {
        var two = await RunCountingAsync(services: 2);
        var eight = await RunCountingAsync(services: 8);

        Assert.Equal(8, eight.Result.PaidFromBalance);
        // The same kinds of statement, whatever the batch size ...
        Assert.Equal(two.Writes.Select(Shape).Distinct().Order(), eight.Writes.Select(Shape).Distinct().Order());
        // ... and not one per service: a long multi-row statement is split only where it would exceed the
        // parameter cap (ledger entries of 8 services take two statements), so four times the services costs
        // far less than twice the statements, where per-row writes would cost four times as many.
        Assert.True(eight.Writes.Count < 2 * two.Writes.Count, $"2 services: {two.Writes.Count} writes, 8 services: {eight.Writes.Count}");
    }

    [Fact]
    public async Task RunAsync_RenewalsPaidFromBalance_OneMultiRowStatementPerTableInvoicesInsertedPaid()
    {
        var run = await RunCountingAsync(services: 3);

        Assert.Equal(3, run.Result.PaidFromBalance);
        foreach (var table in new[] { "Invoices", "InvoiceLines", "LedgerTransactions", "LedgerEntries" })
        {
            var insert = Assert.Single(run.Writes, w => w.StartsWith($"INSERT INTO \"{table}\"", StringComparison.Ordinal));
            Assert.Equal(table == "LedgerEntries" ? 6 : 3, insert.Split("), (").Length);
        }

        foreach (var table in new[] { "LedgerAccounts", "Subscriptions", "InvoiceNumberSeries" })
        {
            var update = Assert.Single(run.Writes, w => w.StartsWith($"UPDATE \"{table}\"", StringComparison.Ordinal));
            Assert.Contains("\"ConcurrencyToken\" = \"v\".", update, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(run.Writes, w => w.StartsWith("UPDATE \"Invoices\"", StringComparison.Ordinal));
    }

    private static string Shape(string sql) => string.Join(' ', sql.Split(' ').Take(3));

    private static async Task<(RenewalSweepResult Result, int Reads, List<string> Writes)> RunCountingAsync(int services)
    {
        using var kit = new RenewalTestKit();
        var paidUntil = new List<DateTime>();
        for (var i = 0; i < services; i++)
        {
            var (customer, subscriptionId, price) = await kit.ActiveServiceAsync();
            await kit.TopUpAsync(customer, price.Minor, $"topup-{i}");
            paidUntil.Add((await kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value);
        }

        kit.AdvanceTo(paidUntil.Max().AddDays(-6));
        var counter = new StatementCounter();
        var counted = new CountingFactory(kit.Data.Database, counter);
        var ledger = new LedgerPosting(kit.Data.Time);
        var sweep = new RenewalSweep(counted, ledger, new InvoiceSettlement(ledger, new ProvisioningRequests(kit.Data.Time), kit.Data.Time),
            new NoTaxYet(), new NoAutoPay(), Options.Create(kit.RenewalOptions), kit.Data.Time);

        var result = await sweep.RunAsync(CancellationToken.None);

        await kit.AssertBooksBalanceAsync();
        return (result, counter.Statements.Count(s => s.StartsWith("SELECT", StringComparison.Ordinal)),
            counter.Statements.Where(s => !s.StartsWith("SELECT", StringComparison.Ordinal)).ToList());
    }

    private sealed class CountingFactory(IDbContextFactory<GameHostDbContext> inner, StatementCounter counter) : IDbContextFactory<GameHostDbContext>
    {
        public GameHostDbContext CreateDbContext()
        {
            using var template = inner.CreateDbContext();
            var options = new DbContextOptionsBuilder<GameHostDbContext>()
                .UseSqlite(template.Database.GetConnectionString())
                .AddInterceptors(new SqlitePragmaInterceptor(), counter)
                .Options;
            return new GameHostDbContext(options);
        }
    }

    private sealed class StatementCounter : DbCommandInterceptor
    {
        public List<string> Statements { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command)
        {
            lock (Statements)
            {
                Statements.Add(command.CommandText.TrimStart());
            }
        }
    }
}
