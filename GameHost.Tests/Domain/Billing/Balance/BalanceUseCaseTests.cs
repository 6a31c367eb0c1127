using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Tests.Domain.Billing.Usage;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Balance;

/// <summary>Manual adjustments, paying ahead, top-up amounts and the expense history.</summary>
public sealed class BalanceUseCaseTests : IDisposable
{
    private readonly UsageTestData _data = new();

    public void Dispose() => _data.Dispose();

    private Task<Result<BalanceAdjusted>> AdjustAsync(Guid customer, long minor, AdjustmentDirection direction, string? reason = "Goodwill for downtime",
        string? requestId = null, Guid? actor = null, Currency? currency = null) =>
        _data.Adjust().ExecuteAsync(new AdjustBalanceCommand(actor ?? _data.AdminId, customer, new Money(minor, currency ?? Currency.ZAR), direction, reason,
            requestId ?? Guid.NewGuid().ToString("N")), CancellationToken.None);

    [Fact]
    public async Task AdjustBalance_CreditThenDebit_PostsAgainstAdjustmentsAndAuditsEach()
    {
        var customer = _data.AddCustomer();

        var credit = await AdjustAsync(customer, 2_500, AdjustmentDirection.Credit, requestId: "dialog-1");
        var repeat = await AdjustAsync(customer, 2_500, AdjustmentDirection.Credit, requestId: "dialog-1");
        var debit = await AdjustAsync(customer, 700, AdjustmentDirection.Debit, "Chargeback fee", "dialog-2");

        Assert.True(credit.IsSuccess && repeat.IsSuccess && debit.IsSuccess);
        Assert.Equal((false, true, credit.Value.TransactionId), (credit.Value.Replayed, repeat.Value.Replayed, repeat.Value.TransactionId));
        Assert.Equal(1_800, await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var accounts = await db.LedgerAccounts().AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code);
        var transactions = await db.LedgerTransactions().AsNoTracking().Include(t => t.Entries).Where(t => t.Kind == AdjustBalance.TransactionKind).ToListAsync();
        Assert.Equal(
            [("adjustment:dialog-1", "system:Adjustments:ZAR", -2_500L), ("adjustment:dialog-2", "system:Adjustments:ZAR", 700L)],
            transactions.OrderBy(t => t.IdempotencyKey).Select(t => (t.IdempotencyKey, accounts[t.Entries.Single(e => accounts[e.AccountId].StartsWith("system", StringComparison.Ordinal)).AccountId],
                t.Entries.Single(e => accounts[e.AccountId].StartsWith("system", StringComparison.Ordinal)).Amount.Minor)));
        Assert.All(transactions, t => Assert.Equal(_data.AdminId, t.ActorUserId));
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AdjustBalance.AuditAction).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.Contains("Chargeback fee", audit[1].AfterJson, StringComparison.Ordinal);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task AdjustBalance_InvalidRequests_AreRefusedWithStableCodesAndChangeNothing()
    {
        var customer = _data.AddCustomer();

        var codes = new[]
        {
            await AdjustAsync(customer, 1_000, AdjustmentDirection.Credit, reason: "  "),
            await AdjustAsync(customer, 1_000, AdjustmentDirection.Credit, reason: null),
            await AdjustAsync(customer, 1_000, AdjustmentDirection.Credit, reason: new string('x', 501)),
            await AdjustAsync(customer, 1_000, AdjustmentDirection.Credit, currency: Currency.USD),
            await AdjustAsync(customer, 0, AdjustmentDirection.Debit),
            await AdjustAsync(customer, 1_000, AdjustmentDirection.Credit, actor: _data.SupportId),
            await AdjustAsync(customer, 1_000, AdjustmentDirection.Credit, requestId: " "),
        }.Select(r => r.Error!.Code);

        Assert.Equal(["billing.reason_required", "billing.reason_required", "billing.reason_too_long", "billing.currency_mismatch",
            "billing.amount_required", "billing.actor_not_admin", "billing.invalid_request_id"], codes);
        Assert.Equal(0, await _data.BalanceAsync(customer));
    }

    [Fact]
    public async Task AdjustBalance_Credit_PaysOpenInvoicesLikeIncomingMoney()
    {
        var customer = _data.AddCustomer();
        var paidUntil = _data.NowUtc.AddDays(10);
        var service = await _data.AddPrepaidAsync(customer, 9_000, paidUntil);
        var ahead = await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, service, 1, "pay-ahead-1"), CancellationToken.None);
        Assert.False(ahead.Value!.Paid);

        await AdjustAsync(customer, 10_000, AdjustmentDirection.Credit);

        Assert.Equal(InvoiceStatus.Paid, (await _data.InvoicesAsync(customer)).Single().Status);
        Assert.Equal((1_000L, paidUntil.AddMonths(1)), (await _data.BalanceAsync(customer), (await _data.SubscriptionAsync(service)).PaidUntilUtc!.Value));
    }

    [Fact]
    public async Task PayAhead_BalanceCoversThreeMonths_IssuesOneInvoicePaidAtOnceAndExtendsOnce()
    {
        _data.Tax = new FixedRateTax(1500);
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 50_000);
        var paidUntil = _data.NowUtc.AddDays(12);
        var service = await _data.AddPrepaidAsync(customer, 10_000, paidUntil);

        var result = await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, service, 3, "form-1"), CancellationToken.None);
        var repeat = await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, service, 3, "form-1"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal((true, false, 34_500L), (result.Value.Paid, result.Value.Replayed, result.Value.GrossTotal.Minor));
        Assert.Equal((paidUntil, paidUntil.AddMonths(3)), (result.Value.PaidFromUtc, result.Value.PaidUntilUtc));
        Assert.Equal((true, result.Value.InvoiceId), (repeat.Value!.Replayed, repeat.Value.InvoiceId));
        var invoice = Assert.Single(await _data.InvoicesAsync(customer));
        var line = Assert.Single(invoice.Lines);
        Assert.Equal((3, 10_000L, 30_000L, 4_500L), (line.Quantity, line.UnitNet.Minor, line.Net.Minor, line.Tax.Minor));
        Assert.Equal(paidUntil.AddMonths(3), (await _data.SubscriptionAsync(service)).PaidUntilUtc);
        Assert.Equal(50_000 - 34_500, await _data.BalanceAsync(customer));
    }

    [Fact]
    public async Task PayAhead_BalanceTooSmall_LeavesInvoiceOpenUntilTheTransferArrives()
    {
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 1_000);
        var paidUntil = _data.NowUtc.AddDays(3);
        var service = await _data.AddPrepaidAsync(customer, 10_000, paidUntil, BillingPeriod.Month3);

        var result = await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, service, 2, "form-1"), CancellationToken.None);
        var second = await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, service, 1, "form-2"), CancellationToken.None);

        Assert.False(result.Value!.Paid);
        Assert.Equal("billing.period_already_invoiced", second.Error!.Code);
        Assert.Equal(paidUntil, (await _data.SubscriptionAsync(service)).PaidUntilUtc);
        await _data.TopUpAsync(customer, 19_000);
        Assert.Equal(paidUntil.AddMonths(6), (await _data.SubscriptionAsync(service)).PaidUntilUtc);
        Assert.Equal(0, await _data.BalanceAsync(customer));
    }

    [Fact]
    public async Task PayAhead_InvalidRequests_AreRefused()
    {
        var customer = _data.AddCustomer();
        var other = _data.AddCustomer("Sipho Dlamini");
        var prepaid = await _data.AddPrepaidAsync(customer, 10_000, _data.NowUtc.AddDays(3));
        var hourly = await _data.AddPayAsYouGoAsync(customer, 100);

        var codes = new[]
        {
            await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, prepaid, 0, "a"), CancellationToken.None),
            await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, prepaid, 13, "b"), CancellationToken.None),
            await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, hourly, 2, "c"), CancellationToken.None),
            await _data.PayAhead().ExecuteAsync(new PayAheadCommand(other, prepaid, 2, "d"), CancellationToken.None),
            await _data.PayAhead().ExecuteAsync(new PayAheadCommand(customer, prepaid, 2, ""), CancellationToken.None),
        }.Select(r => r.Error!.Code);

        Assert.Equal(["billing.periods_out_of_range", "billing.periods_out_of_range", "billing.service_not_prepaid", "billing.service_not_found",
            "billing.invalid_request_id"], codes);
        Assert.Empty(await _data.InvoicesAsync(customer));
    }

    [Theory]
    [InlineData("250", "ZAR", 25_000L, null)]
    [InlineData("0.01", "zar", 1L, null)]
    [InlineData("0", "ZAR", 0L, "billing.amount_required")]
    [InlineData("-5", "ZAR", 0L, "billing.amount_required")]
    [InlineData("1.005", "ZAR", 0L, "billing.amount_precision")]
    [InlineData("1000000.01", "ZAR", 0L, "billing.amount_too_large")]
    [InlineData("100", "USD", 0L, "billing.currency_mismatch")]
    public void TopUpParse_Amounts_AreCheckedAgainstTheAccountCurrency(string amount, string currency, long minor, string? error)
    {
        var result = TopUp.Parse(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency, Currency.ZAR);
        Assert.Equal((error, error is null ? minor : 0L), (result.Error?.Code, result.IsSuccess ? result.Value.Minor : 0L));
    }

    [Fact]
    public async Task TopUp_ForCustomer_AnswersTheTransferReference()
    {
        var customer = _data.AddCustomer();
        var result = await new TopUp(_data.Contexts).ExecuteAsync(customer, 150m, "ZAR", CancellationToken.None);
        Assert.Equal((15_000L, "GH-" + customer.ToString("N")[..10].ToUpperInvariant()), (result.Value!.Amount.Minor, result.Value.Reference));
    }

    [Fact]
    public async Task LedgerHistory_Movements_NewestFirstWithRunningBalanceAndFilters()
    {
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 1_000);
        var service = await _data.AddPayAsYouGoAsync(customer, 100, name: "Creative");
        _data.Time.Advance(TimeSpan.FromHours(2));
        await _data.RunAsync(); // Two hours: 900, 800.
        _data.Time.Advance(TimeSpan.FromDays(2));
        await AdjustAsync(customer, 500, AdjustmentDirection.Credit, "Sorry, about the outage", requestId: "r1");
        var afterUsage = _data.NowUtc.AddMinutes(-1);
        await _data.RunAsync(); // Caught up: the 1 300 pays 13 of the 48 hours due, then the service is suspended.

        var all = await _data.History().AllAsync(customer, new LedgerHistoryFilter(), CancellationToken.None);
        var usageOnly = await _data.History().AllAsync(customer, new LedgerHistoryFilter(SubscriptionId: service), CancellationToken.None);
        var page = await _data.History().PageAsync(customer, new LedgerHistoryFilter(ToUtc: afterUsage), 0, 2, CancellationToken.None);

        Assert.Equal(await _data.BalanceAsync(customer), all[0].BalanceAfter.Minor);
        Assert.Equal("payment_received", all[^1].Kind);
        Assert.Equal(1_000, all[^1].BalanceAfter.Minor);
        Assert.Equal(all.Count - 2, usageOnly.Count);
        Assert.All(usageOnly, m => Assert.Equal(("usage_charged", "Creative", -100L), (m.Kind, m.ServiceName, m.Amount.Minor)));
        Assert.Equal(Enumerable.Range(0, all.Count - 1).Select(i => all[i + 1].BalanceAfter.Minor + all[i].Amount.Minor), all.SkipLast(1).Select(m => m.BalanceAfter.Minor));
        Assert.Equal((3, 2), (page.TotalCount, page.Items.Count));
        Assert.Equal([800L, 900L], page.Items.Select(m => m.BalanceAfter.Minor));
    }
}
