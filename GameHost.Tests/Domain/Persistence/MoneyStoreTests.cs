using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Persistence;

/// <summary>Money through the real SQLite provider with the product's mapping (<see cref="MoneyMapping"/>).</summary>
public sealed class MoneyStoreTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public MoneyStoreTests()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
    }

    [Fact]
    public async Task Money_RoundTrips_AsIntegerAndCurrencyColumns()
    {
        await using (var db = NewContext())
        {
            db.Prices.Add(new PriceRow { Name = "a", Amount = new Money(123_456_789_012, Currency.FromCode("KWD")) });
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext())
        {
            var row = await db.Prices.SingleAsync();
            Assert.Equal(123_456_789_012, row.Amount.Minor);
            Assert.Equal("KWD", row.Amount.Currency.Code);
            Assert.Equal(3, row.Amount.Currency.MinorDigits);
        }

        var columns = ColumnTypes();
        Assert.Equal("INTEGER", columns["AmountMinor"]);
        Assert.Equal("TEXT", columns["AmountCurrency"]);
    }

    [Fact]
    public async Task Money_SumAndOrderBy_RunInTheDatabaseOnIntegers()
    {
        await using (var db = NewContext())
        {
            // As text, "900" > "10000"; as integers it is not. A decimal-as-TEXT mapping would order these wrongly.
            db.Prices.AddRange(
                new PriceRow { Name = "small", Amount = new Money(900, Currency.USD) },
                new PriceRow { Name = "large", Amount = new Money(10_000, Currency.USD) },
                new PriceRow { Name = "medium", Amount = new Money(5_000, Currency.USD) },
                new PriceRow { Name = "rand", Amount = new Money(1_000_000, Currency.ZAR) });
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext())
        {
            var ordered = await db.Prices.Where(p => p.Amount.Currency == Currency.USD)
                .OrderBy(p => p.Amount.Minor).Select(p => p.Name).ToListAsync();
            Assert.Equal(["small", "medium", "large"], ordered);

            var sumUsd = await db.Prices.Where(p => p.Amount.Currency == Currency.USD).SumAsync(p => p.Amount.Minor);
            Assert.Equal(15_900, sumUsd);

            var expensive = await db.Prices.Where(p => p.Amount.Minor > 4_999 && p.Amount.Currency == Currency.USD).CountAsync();
            Assert.Equal(2, expensive);
        }
    }

    private Dictionary<string, string> ColumnTypes()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name, type FROM pragma_table_info('Prices')";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    private MoneyContext NewContext() => new(new DbContextOptionsBuilder<MoneyContext>().UseSqlite(_connection).Options);

    public void Dispose() => _connection.Dispose();

    private sealed class PriceRow
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public Money Amount { get; set; }
    }

    private sealed class MoneyContext(DbContextOptions<MoneyContext> options) : DbContext(options)
    {
        public DbSet<PriceRow> Prices => Set<PriceRow>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<PriceRow>().ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
    }
}
