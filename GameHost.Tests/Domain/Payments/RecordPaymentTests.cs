using GameHost.Domain.Catalog;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Billing;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Payments;

/// <summary>Money enters the books once per gateway transaction, lands on the balance, and the balance pays invoices.</summary>
public class RecordPaymentTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private RecordPayment Record() => new(_data.Database, new LedgerPosting(_data.Time), new InvoiceSettlement(new LedgerPosting(_data.Time), new GameHost.Domain.Provisioning.Servers.ProvisioningRequests(_data.Time), _data.Time), _data.Time);

    private PayInvoiceFromBalance PayFromBalance() => new(_data.Database, new InvoiceSettlement(new LedgerPosting(_data.Time), new GameHost.Domain.Provisioning.Servers.ProvisioningRequests(_data.Time), _data.Time));

    private async Task<(Guid Customer, PlacedOrder Order)> OrderAsync(string slug = "paper-4gb", Guid? customer = null)
    {
        var id = customer ?? _data.AddCustomer();
        return (id, await _data.PlaceAsync(BillingTestData.Order(id, _data.TariffId(slug))));
    }

    private RecordPaymentCommand Transfer(Guid customer, Guid? invoice, Money amount, string reference = "FNB-0001") =>
        new(GatewayCodes.BankTransfer, reference, customer, invoice, amount, _data.NowUtc.AddHours(-2), Note: "statement line");

    private async Task<Money> BalanceAsync(Guid customer) => await new CustomerBalanceQuery(_data.Database).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None);

    private async Task AssertBooksBalanceAsync()
    {
        var check = await new LedgerReconciliation(_data.Database, _data.Time, GameHost.Tests.TestSupport.TestNotifier.Create(_data.Time)).RunAsync(CancellationToken.None);
        Assert.True(check.IsClean, check.ToSummary());
    }

    [Fact]
    public async Task ExecuteAsync_ExactAmountForTheInvoice_PaysItActivatesTheOrderAndLeavesNoCredit()
    {
        var (customer, order) = await OrderAsync();

        var result = await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, order.GrossTotal), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal((PaymentFlag.None, false), (result.Value.Flag, result.Value.Replayed));
        Assert.Equal([order.InvoiceNumber], result.Value.InvoicesPaid);
        await using var db = _data.Database.CreateDbContext();
        var invoice = await db.Invoices().SingleAsync(i => i.Id == order.InvoiceId);
        Assert.Equal((InvoiceStatus.Paid, _data.NowUtc), (invoice.Status, invoice.PaidAtUtc!.Value));
        var subscription = await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        // The first paid period runs from the payment, one calendar month for the demo order's monthly period.
        Assert.Equal(BillingModel.PrepaidPeriodic, subscription.BillingModel);
        Assert.Equal((_data.NowUtc, _data.NowUtc.AddMonths(1)), (subscription.CurrentPeriodStartUtc!.Value, subscription.PaidUntilUtc!.Value));
        // The server is requested in the same save: a pending game server with its panel-user and create tasks.
        var server = await db.GameServers().SingleAsync(g => g.SubscriptionId == order.SubscriptionId);
        Assert.Equal(GameServerState.Pending, server.State);
        Assert.Equal(2, await db.ProvisioningTasks().CountAsync(t => t.GameServerId == server.Id));
        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
        Assert.Equal(["invoice_paid", "payment_received"], await db.LedgerTransactions().Select(t => t.Kind).OrderBy(k => k).ToListAsync());
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_SameTransactionReportedAgain_AnswersWithTheFirstAndWritesNothing()
    {
        var (customer, order) = await OrderAsync();
        var first = await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, order.GrossTotal), CancellationToken.None);

        var again = await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, order.GrossTotal), CancellationToken.None);

        Assert.True(again.Value!.Replayed);
        Assert.Equal(first.Value!.PaymentId, again.Value.PaymentId);
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal((1, 2), (await db.Payments().CountAsync(), await db.LedgerTransactions().CountAsync()));
        Assert.Equal(1, await db.GameServers().CountAsync());
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_SameTransactionRacingEightTimes_RecordsItOnce()
    {
        var (customer, order) = await OrderAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Record().ExecuteAsync(Transfer(customer, order.InvoiceId, order.GrossTotal), CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Single(results, r => !r.Value!.Replayed);
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(1, await db.Payments().CountAsync());
        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_DifferentTransactionsRacingForOneBalance_AddUpExactly()
    {
        var customer = _data.AddCustomer();

        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            Task.Run(() => Record().ExecuteAsync(Transfer(customer, null, Money.FromMinor(1000, "ZAR"), $"REF-{i}"), CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Equal(Money.FromMinor(6000, "ZAR"), await BalanceAsync(customer));
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_MoreThanTheInvoice_PaysItFlagsOverpaidAndKeepsTheRestAsCredit()
    {
        var (customer, order) = await OrderAsync();
        var extra = Money.FromMinor(5000, "ZAR");

        var result = await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, order.GrossTotal + extra), CancellationToken.None);

        Assert.Equal(PaymentFlag.Overpaid, result.Value!.Flag);
        Assert.Equal(extra, result.Value.BalanceAfter);
        Assert.Equal(extra, await BalanceAsync(customer));
    }

    [Fact]
    public async Task ExecuteAsync_LessThanTheInvoice_FlagsUnderpaidKeepsItOpenUntilTheRestArrives()
    {
        var (customer, order) = await OrderAsync();
        var part = Money.FromMinor(order.GrossTotal.Minor / 2, "ZAR");

        var first = await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, part, "PART-1"), CancellationToken.None);
        await using (var db = _data.Database.CreateDbContext())
        {
            Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == order.InvoiceId)).Status);
        }

        var rest = await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, order.GrossTotal - part, "PART-2"), CancellationToken.None);

        Assert.Equal((PaymentFlag.Underpaid, 0), (first.Value!.Flag, first.Value.InvoicesPaid.Count));
        Assert.Equal([order.InvoiceNumber], rest.Value!.InvoicesPaid);
        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
    }

    [Fact]
    public async Task ExecuteAsync_TopUpWithoutInvoice_PaysTheOldestOpenInvoiceItCovers()
    {
        var (customer, older) = await OrderAsync("paper-2gb");
        _data.Time.Advance(TimeSpan.FromMinutes(5));
        var (_, newer) = await OrderAsync("paper-2gb", customer);

        var result = await Record().ExecuteAsync(Transfer(customer, null, older.GrossTotal), CancellationToken.None);

        Assert.Equal([older.InvoiceNumber], result.Value!.InvoicesPaid);
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == newer.InvoiceId)).Status);
    }

    [Fact]
    public async Task ExecuteAsync_AmountInAnotherCurrency_IsRefusedAndNothingIsWritten()
    {
        var (customer, order) = await OrderAsync();

        var result = await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, Money.FromMinor(order.GrossTotal.Minor, "USD")), CancellationToken.None);

        Assert.Equal("payments.currency_mismatch", result.Error?.Code);
        await using var db = _data.Database.CreateDbContext();
        Assert.False(await db.Payments().AnyAsync());
        Assert.False(await db.LedgerTransactions().AnyAsync());
    }

    [Fact]
    public async Task ExecuteAsync_ReferenceAlreadyUsedForOtherMoney_IsRefused()
    {
        var (customer, order) = await OrderAsync();
        await Record().ExecuteAsync(Transfer(customer, order.InvoiceId, order.GrossTotal), CancellationToken.None);

        var other = await Record().ExecuteAsync(Transfer(customer, null, Money.FromMinor(100, "ZAR")), CancellationToken.None);

        Assert.Equal("payments.transaction_id_reused", other.Error?.Code);
    }

    [Theory]
    [InlineData(0, "FNB-1", "payments.invalid_amount")]
    [InlineData(-500, "FNB-1", "payments.invalid_amount")]
    [InlineData(500, "  ", "payments.invalid_transaction_id")]
    public async Task ExecuteAsync_BadInput_IsRefused(long minor, string reference, string code)
    {
        var customer = _data.AddCustomer();

        var result = await Record().ExecuteAsync(Transfer(customer, null, Money.FromMinor(minor, "ZAR"), reference), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
    }

    [Fact]
    public async Task PayInvoiceFromBalance_NotEnoughThenEnough_RefusesThenPaysOnceEvenWhenRepeated()
    {
        var (customer, order) = await OrderAsync();
        await Record().ExecuteAsync(Transfer(customer, null, Money.FromMinor(100, "ZAR"), "SMALL"), CancellationToken.None);

        var refused = await PayFromBalance().ExecuteAsync(customer, order.InvoiceId, CancellationToken.None);
        await Record().ExecuteAsync(Transfer(customer, null, order.GrossTotal, "BIG"), CancellationToken.None);
        var repeat = await PayFromBalance().ExecuteAsync(customer, order.InvoiceId, CancellationToken.None);

        Assert.Equal("billing.insufficient_balance", refused.Error?.Code);
        Assert.True(repeat.IsSuccess);
        Assert.Equal(Money.FromMinor(100, "ZAR"), await BalanceAsync(customer));
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.Kind == InvoiceSettlement.TransactionKind));
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task PayInvoiceFromBalance_AnotherCustomersInvoice_IsNotFound()
    {
        var (_, order) = await OrderAsync();
        var stranger = _data.AddCustomer();

        var result = await PayFromBalance().ExecuteAsync(stranger, order.InvoiceId, CancellationToken.None);

        Assert.Equal("billing.invoice_not_found", result.Error?.Code);
    }
}
