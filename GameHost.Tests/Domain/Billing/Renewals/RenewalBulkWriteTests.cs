using System.Data.Common;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Billing.Taxes;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// The renewal batch writes its rows with multi-row statements beside the change tracker. These tests hold it to the
/// guarantees a save gave: a row changed by another writer after the batch read it rolls the whole batch back and
/// the batch is read again (no double charge, no lost update, no gap in the invoice numbers); every currency and tax
/// position is invoiced and posted to the ledger with the right totals; and sweeps on two connections renew each
/// service once.
/// </summary>
public sealed class RenewalBulkWriteTests : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private RenewalSweep Sweep(IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy? tax = null) =>
        new(contexts, new LedgerPosting(_kit.Data.Time), _kit.Settlement(), tax ?? new NoTaxYet(), new NoAutoPay(),
            Options.Create(_kit.RenewalOptions), _kit.Data.Time);

    [Theory]
    [InlineData("Subscriptions")]
    [InlineData("LedgerAccounts")]
    [InlineData("InvoiceNumberSeries")]
    public async Task RunAsync_RowChangedByAnotherWriterAfterTheBatchRead_BatchRetriedAndEachServiceChargedOnce(string table)
    {
        var services = new List<(Guid Customer, Guid Subscription, Money Price, DateTime PaidUntil)>();
        for (var i = 0; i < 4; i++)
        {
            var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
            await _kit.TopUpAsync(customer, price.Minor * 2, $"topup-{i}");
            services.Add((customer, subscriptionId, price, (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value));
        }

        _kit.AdvanceTo(services.Max(s => s.PaidUntil).AddDays(-6));
        var victim = services[1];
        var row = table switch
        {
            "Subscriptions" => $"\"Id\" = '{victim.Subscription.ToString().ToUpperInvariant()}'",
            "LedgerAccounts" => $"\"Code\" = '{LedgerAccount.CustomerCode(victim.Customer, Currency.ZAR)}'",
            _ => $"\"Series\" = '{InvoiceNumbering.DefaultSeries}'",
        };
        var writer = new ConcurrentWriter(table, $"UPDATE \"{table}\" SET \"ConcurrencyToken\" = '{Guid.NewGuid().ToString().ToUpperInvariant()}' WHERE {row}");

        var result = await Sweep(new InterceptedFileContexts(_kit.Data.Database, writer)).RunAsync(CancellationToken.None);

        Assert.Equal(1, writer.Injected);
        Assert.Equal(1, result.Retries);
        Assert.Equal((4, 4, 4), (result.Invoiced, result.PaidFromBalance, result.Advanced));
        await using var db = _kit.Data.Database.CreateDbContext();
        foreach (var (customer, subscriptionId, price, paidUntil) in services)
        {
            var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId));
            Assert.Equal(InvoiceStatus.Paid, invoice.Status);
            Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.InvoiceId == invoice.Id));
            Assert.Equal(price.Minor, await _kit.BalanceAsync(customer));
            Assert.Equal(BillingPeriod.Month1.EndOf(paidUntil), (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc);
        }

        await AssertNumbersGaplessAsync();
        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_MixedCurrenciesAndTaxPositions_InvoicesAndLedgerCarryTheExpectedTotals()
    {
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            // Exactly these rules, whatever the store starts with (it seeds South Africa's).
            var rules = await db.TaxRules().ToListAsync();
            foreach (var (country, name, rate, inclusive, reverse) in new[] { ("ZA", "VAT", 1500, true, false), ("DE", "MwSt", 1900, false, true) })
            {
                var rule = rules.FirstOrDefault(r => r.CountryCode == country);
                if (rule is null)
                {
                    rule = new TaxRule { CountryCode = country, ConcurrencyToken = Guid.NewGuid() };
                    db.TaxRules().Add(rule);
                }

                (rule.Name, rule.RateBasisPoints, rule.PricesIncludeTax, rule.ReverseChargeForBusinesses, rule.UpdatedAtUtc) = (name, rate, inclusive, reverse, _kit.NowUtc);
            }

            db.TaxRules().RemoveRange(rules.Where(r => r.CountryCode is not ("ZA" or "DE")));
            await db.SaveChangesAsync();
        }

        var paidUntil = _kit.NowUtc.AddDays(3);
        var zar = new Money(10_000, Currency.ZAR);
        var eur = new Money(1_000, Currency.EUR);
        var usd = new Money(500, Currency.USD);
        var southAfrican = _kit.Data.AddCustomer(name: "Consumer ZA");
        var secondSouthAfrican = _kit.Data.AddCustomer(name: "Another consumer ZA");
        var exempt = _kit.Data.AddCustomer(name: "Exempt ZA");
        var german = _kit.Data.AddCustomer(name: "Consumer DE", currency: "EUR", country: "DE");
        var germanBusiness = _kit.Data.AddCustomer(name: "Business DE", currency: "EUR", country: "DE", company: "Server GmbH", vat: "DE123456789");
        var american = _kit.Data.AddCustomer(name: "Consumer US", currency: "USD", country: "US");
        var shortOfMoney = _kit.Data.AddCustomer(name: "Short ZA");
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            db.CustomerTaxSettings().Add(new CustomerTaxSetting { CustomerId = exempt, Exempt = true, ExemptReason = "Registered charity", UpdatedAtUtc = _kit.NowUtc });
            await db.SaveChangesAsync();
        }

        var cases = new[]
        {
            // ZA prices include 15 %: tax = round(10 000 × 1 500 / 11 500) = 1 304, net = 8 696.
            (Customer: southAfrican, Price: zar, Net: 8_696L, Tax: 1_304L, Gross: 10_000L, TopUp: 25_000L),
            (Customer: secondSouthAfrican, Price: zar, Net: 8_696L, Tax: 1_304L, Gross: 10_000L, TopUp: 10_000L),
            // Exempt: no tax, and the net is the price without the tax it would have included.
            (Customer: exempt, Price: zar, Net: 8_696L, Tax: 0L, Gross: 8_696L, TopUp: 9_000L),
            // DE adds 19 % on top: 1 000 + 190.
            (Customer: german, Price: eur, Net: 1_000L, Tax: 190L, Gross: 1_190L, TopUp: 2_000L),
            // A business with a VAT number abroad: reverse charge, no tax.
            (Customer: germanBusiness, Price: eur, Net: 1_000L, Tax: 0L, Gross: 1_000L, TopUp: 1_000L),
            // No rule for the US: the price is the net, no tax.
            (Customer: american, Price: usd, Net: 500L, Tax: 0L, Gross: 500L, TopUp: 700L),
            // Not enough balance: invoiced, left open, nothing posted.
            (Customer: shortOfMoney, Price: zar, Net: 8_696L, Tax: 1_304L, Gross: 10_000L, TopUp: 9_999L),
        };
        var subscriptions = new Dictionary<Guid, Guid>();
        foreach (var c in cases)
        {
            subscriptions[c.Customer] = await DueServiceAsync(c.Customer, c.Price, paidUntil);
            await CreditAsync(c.Customer, new Money(c.TopUp, c.Price.Currency));
        }

        var result = await Sweep(_kit.Data.Database, new TaxRulesPolicy(_kit.Data.Database)).RunAsync(CancellationToken.None);

        Assert.Equal((7, 6, 6, 1), (result.Invoiced, result.PaidFromBalance, result.Advanced, result.LeftOpen));
        await using var check = _kit.Data.Database.CreateDbContext();
        foreach (var c in cases)
        {
            var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptions[c.Customer]));
            var currency = c.Price.Currency;
            Assert.Equal(
                (new Money(c.Net, currency), new Money(c.Tax, currency), new Money(c.Gross, currency)),
                (invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal));
            var line = Assert.Single(invoice.Lines);
            Assert.Equal((line.Net, line.Tax, line.Gross), (invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal));
            var balance = await check.LedgerAccounts().AsNoTracking().SingleAsync(a => a.Code == LedgerAccount.CustomerCode(c.Customer, currency));
            var posted = await check.LedgerTransactions().AsNoTracking().Include(t => t.Entries).Where(t => t.InvoiceId == invoice.Id).ToListAsync();
            var service = await _kit.SubscriptionAsync(subscriptions[c.Customer]);
            if (c.TopUp >= c.Gross)
            {
                Assert.Equal(InvoiceStatus.Paid, invoice.Status);
                var transaction = Assert.Single(posted);
                Assert.Equal(InvoiceSettlement.TransactionKey(invoice.Id), transaction.IdempotencyKey);
                Assert.Equal(new Money(c.TopUp - c.Gross, currency), balance.Balance);
                Assert.Equal(BillingPeriod.Month1.EndOf(paidUntil), service.PaidUntilUtc);
            }
            else
            {
                Assert.Equal(InvoiceStatus.Open, invoice.Status);
                Assert.Empty(posted);
                Assert.Equal(new Money(c.TopUp, currency), balance.Balance);
                Assert.Equal(paidUntil, service.PaidUntilUtc);
            }
        }

        // The settlement account of each currency holds exactly what its currency's paid renewals took.
        foreach (var currency in new[] { Currency.ZAR, Currency.EUR, Currency.USD })
        {
            var expected = cases.Where(c => c.Price.Currency == currency && c.TopUp >= c.Gross).Sum(c => c.Gross);
            var settled = await check.LedgerAccounts().AsNoTracking().SingleAsync(a => a.Code == LedgerAccount.SystemCode(LedgerAccountKind.InvoicesSettled, currency));
            Assert.Equal(new Money(expected, currency), settled.Balance);
        }

        await AssertNumbersGaplessAsync();
        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_TwoSweepsOnTwoConnectionsWithSeveralServicesPerCustomer_EachServiceRenewedOnceAndBalancesExact()
    {
        var customers = new List<(Guid Customer, List<Guid> Services, long Balance)>();
        var paidUntil = _kit.NowUtc.AddDays(2);
        var price = new Money(10_000, Currency.ZAR);
        for (var c = 0; c < 6; c++)
        {
            var customer = _kit.Data.AddCustomer(name: $"Customer {c}");
            var services = new List<Guid>();
            for (var s = 0; s < 3; s++)
            {
                services.Add(await DueServiceAsync(customer, price, paidUntil.AddMinutes((c * 3) + s)));
            }

            // Enough for two of the three renewals: the third stays open whichever sweep gets there.
            await CreditAsync(customer, new Money(price.Minor * 2, Currency.ZAR));
            customers.Add((customer, services, price.Minor * 2));
        }

        _kit.RenewalOptions.BatchSize = 4;

        var results = await Task.WhenAll(
            Task.Run(() => Sweep(_kit.Data.Database).RunAsync(CancellationToken.None)),
            Task.Run(() => Sweep(_kit.Data.Database).RunAsync(CancellationToken.None)));

        Assert.Equal(18, results.Sum(r => r.Invoiced));
        Assert.Equal(12, results.Sum(r => r.PaidFromBalance));
        await using var db = _kit.Data.Database.CreateDbContext();
        foreach (var (customer, services, _) in customers)
        {
            var invoices = new List<Invoice>();
            foreach (var service in services)
            {
                invoices.Add(Assert.Single(await _kit.RenewalInvoicesAsync(service)));
            }

            Assert.Equal(2, invoices.Count(i => i.Status == InvoiceStatus.Paid));
            foreach (var invoice in invoices)
            {
                Assert.Equal(invoice.Status == InvoiceStatus.Paid ? 1 : 0, await db.LedgerTransactions().CountAsync(t => t.InvoiceId == invoice.Id));
            }

            Assert.Equal(0, await _kit.BalanceAsync(customer));
        }

        await AssertNumbersGaplessAsync();
        await _kit.AssertBooksBalanceAsync();
    }

    /// <summary>A due monthly service on paper-4gb at <paramref name="price"/>, written directly (any currency).</summary>
    private async Task<Guid> DueServiceAsync(Guid customer, Money price, DateTime paidUntil)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(), CustomerId = customer, TariffId = _kit.Data.TariffId("paper-4gb"), TariffVersionNumber = 1, Period = BillingPeriod.Month1,
            BillingModel = BillingModel.PrepaidPeriodic, CurrentPeriodStartUtc = paidUntil.AddMonths(-1), PaidUntilUtc = paidUntil, RecurringNet = price,
            LocationId = 1, ServerName = "server", Status = SubscriptionStatus.Active, RequestId = Guid.NewGuid().ToString("N"),
            CreatedAtUtc = _kit.NowUtc, ConcurrencyToken = Guid.NewGuid(),
        };
        db.Subscriptions().Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    /// <summary>Money received for <paramref name="customer"/>, posted through the ledger as a payment is.</summary>
    private async Task CreditAsync(Guid customer, Money amount)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        await new LedgerPosting(_kit.Data.Time).PostAsync(db, new PostingRequest(
            $"payment:test:{Guid.NewGuid():N}", "payment_received", "Test payment",
            [Posting.System(LedgerAccountKind.PaymentsReceived, -amount), Posting.Customer(customer, amount)], customer), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    /// <summary>Every issued invoice has a number, and the numbers of the series run 1, 2, 3… with no gap or repeat.</summary>
    private async Task AssertNumbersGaplessAsync()
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        var numbers = await db.Invoices().AsNoTracking().Where(i => i.Series == InvoiceNumbering.DefaultSeries).Select(i => i.Number!.Value).ToListAsync();
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers.Order());
        var next = await db.InvoiceNumberSeries().AsNoTracking().SingleAsync(s => s.Series == InvoiceNumbering.DefaultSeries);
        Assert.Equal(numbers.Count + 1, next.NextNumber);
    }

    /// <summary>
    /// Plays another writer that changed a row (and its concurrency token) after the batch read it and before the
    /// batch's update of that table: it runs on the batch's own connection and transaction just before the first
    /// update of <paramref name="table"/>, since SQLite's write lock keeps any other connection out until the commit.
    /// </summary>
    private sealed class ConcurrentWriter(string table, string sql) : DbCommandInterceptor
    {
        public int Injected { get; private set; }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Injected == 0 && command.CommandText.StartsWith($"UPDATE \"{table}\"", StringComparison.Ordinal))
            {
                Injected++;
                await using var other = command.Connection!.CreateCommand();
                other.Transaction = command.Transaction;
                other.CommandText = sql;
                Assert.Equal(1, await other.ExecuteNonQueryAsync(cancellationToken));
            }

            return result;
        }
    }
}
