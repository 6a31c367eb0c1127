using System.Data.Common;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// What keeps a large renewal run's writes local (decision 0038): invoices and ledger transactions get ids that sort in
/// the order they were made, as SQLite stores and compares them, so their rows land at the end of their indexes; and
/// the run's writing connection has a large page cache for the run only, handed back to the pool at its own size.
/// </summary>
public sealed class RenewalWriteLocalityTests : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public RenewalWriteLocalityTests() => _kit.RenewalOptions.BatchSize = 2;

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task InvoicesAndLedgerTransactions_MadeOneAfterAnother_StoredIdsSortInTheOrderTheyWereMade()
    {
        for (var i = 0; i < 12; i++)
        {
            await _kit.ActiveServiceAsync();
            _kit.Data.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await using var db = _kit.Data.Database.CreateDbContext();
        // ORDER BY "Id" runs in SQLite, on the text EF stored: the order a primary-key index keeps.
        var invoices = await db.Invoices().AsNoTracking().OrderBy(i => i.Id).Select(i => i.CreatedAtUtc).ToListAsync();
        var transactions = await db.LedgerTransactions().AsNoTracking().OrderBy(t => t.Id).Select(t => t.CreatedAtUtc).ToListAsync();

        Assert.Equal(12, invoices.Count);
        Assert.Equal(24, transactions.Count); // each service: the top-up and the order invoice paid from it
        Assert.Equal(invoices.Order(), invoices);
        Assert.Equal(transactions.Order(), transactions);
    }

    [Fact]
    public void Draft_SameMillisecond_IdsStillDiffer()
    {
        var buyer = new InvoiceBuyer("Ada", null, "ZA", null, false);
        var ids = Enumerable.Range(0, 1000)
            .Select(i => Invoice.Draft(Guid.NewGuid(), null, $"key-{i}", Currency.ZAR, buyer, _kit.NowUtc).Id)
            .ToHashSet();

        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public async Task RunAsync_WriterHasTheRunsPageCacheWhileItRuns_AndItsOwnAfterwards()
    {
        for (var i = 0; i < 4; i++)
        {
            var (customer, _, price) = await _kit.ActiveServiceAsync();
            await _kit.TopUpAsync(customer, price.Minor, $"topup-{i}");
        }

        _kit.AdvanceTo(_kit.NowUtc.AddDays(25));
        var contexts = new ConnectionsSeen(_kit.Data.Database.ConnectionString);
        _kit.RenewalOptions.WriterCacheMiB = 48;
        var sweep = new RenewalSweep(contexts, new LedgerPosting(_kit.Data.Time), _kit.Settlement(), new NoTaxYet(), new NoAutoPay(),
            Options.Create(_kit.RenewalOptions), _kit.Data.Time);
        var duringRun = new List<long>();

        var result = await sweep.RunAsync(async (checkpoint, _) =>
        {
            if (checkpoint == RenewalCheckpoint.BatchCommitted)
            {
                // The run's first connection is its writer; between batches it holds no transaction.
                duringRun.Add(await CacheSizeAsync(contexts.Opened[0]));
            }
        }, CancellationToken.None);

        Assert.Equal((4, 4), (result.Invoiced, result.PaidFromBalance));
        Assert.Equal([-48 * 1024, -48 * 1024], duringRun);
        // Every pooled connection, the writer's included, is back at SQLite's default: open them all at once.
        var pooled = new List<SqliteConnection>();
        try
        {
            for (var i = 0; i < contexts.Opened.Distinct().Count() + 2; i++)
            {
                var connection = new SqliteConnection(contexts.ConnectionString);
                await connection.OpenAsync();
                pooled.Add(connection);
                Assert.Equal(-2000, await CacheSizeAsync(connection));
            }
        }
        finally
        {
            foreach (var connection in pooled)
            {
                await connection.DisposeAsync();
            }

            SqliteConnection.ClearPool(new SqliteConnection(contexts.ConnectionString));
        }
    }

    private static async Task<long> CacheSizeAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Contexts on pooled connections, as the app's are, remembering every connection they opened.</summary>
    private sealed class ConnectionsSeen(string unpooled) : IDbContextFactory<GameHostDbContext>
    {
        private readonly Recorder _recorder = new();

        public string ConnectionString { get; } = new SqliteConnectionStringBuilder(unpooled) { Pooling = true }.ToString();

        public List<SqliteConnection> Opened => _recorder.Opened;

        public GameHostDbContext CreateDbContext() => new(new DbContextOptionsBuilder<GameHostDbContext>()
            .UseSqlite(ConnectionString)
            .AddInterceptors(new SqlitePragmaInterceptor(), _recorder)
            .Options);

        private sealed class Recorder : DbConnectionInterceptor
        {
            public List<SqliteConnection> Opened { get; } = [];

            public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
            {
                Remember(connection);
                return Task.CompletedTask;
            }

            public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Remember(connection);

            private void Remember(DbConnection connection)
            {
                lock (Opened)
                {
                    Opened.Add((SqliteConnection)connection);
                }
            }
        }
    }
}
