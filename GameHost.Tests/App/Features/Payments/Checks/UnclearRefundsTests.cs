using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Payments.Checks;

/// <summary>
/// Refunds whose gateway answer was lost stay unclear (shown to staff, never resent) until the refund check re-reads
/// them at the gateway and records the answer through the refund's own recording path, exactly once.
/// </summary>
public sealed class UnclearRefundsTests : IAsyncLifetime
{
    private StripeBackedPayments _p = default!;

    public async Task InitializeAsync() => _p = await StripeBackedPayments.StartAsync();

    public async Task DisposeAsync() => await _p.DisposeAsync();

    private async Task<Money> BalanceAsync(Guid customer) => await new CustomerBalanceQuery(_p.Host.Data.Database).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None);

    private async Task AssertBooksCleanAsync()
    {
        var books = await new LedgerReconciliation(_p.Host.Data.Database, _p.Host.Data.Time, TestNotifier.Create(_p.Host.Data.Time)).RunAsync(CancellationToken.None);
        Assert.True(books.IsClean, books.ToSummary());
    }

    private int RefundPosts() => _p.Fake.Posts.Count(r => r.Path == "/v1/refunds");

    [Fact]
    public async Task RunAsync_RefundMadeButAnswerLost_SettledByTheReQueryLedgerAndCreditNoteOnce()
    {
        var (customer, _, total, payment, intent) = await _p.PaidInvoiceAsync();
        _p.Fake.Inject(FakeStripe.CreateRefund, FakeStripeFault.CommitThenDrop());

        var refunded = await _p.Host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(_p.Host.AdminId, payment, total.Minor, "Customer left", "refund-form-1"), CancellationToken.None);

        Assert.True(refunded.IsSuccess, refunded.Error?.Code);
        Assert.False(refunded.Value.ToOriginalMethod);
        Assert.NotNull(refunded.Value.GatewayMessage);
        var details = await _p.Host.Get<PaymentDetailsQuery>().DetailsAsync(payment, CancellationToken.None);
        var row = Assert.Single(details!.Refunds);
        Assert.True(row.Unclear);
        Assert.False(row.ToOriginalMethod);
        Assert.Equal(total, await BalanceAsync(customer)); // Credited back by the credit note, not yet paid out.
        var tooEarly = await _p.Host.Get<UnclearRefunds>().RunAsync(CancellationToken.None);
        Assert.Equal(0, tooEarly.Checked); // The form may still be waiting on it.

        _p.Host.Data.Time.Advance(TimeSpan.FromMinutes(20));
        var run = await _p.Host.Get<UnclearRefunds>().RunAsync(CancellationToken.None);
        _p.Host.Data.Time.Advance(TimeSpan.FromHours(1));
        var again = await _p.Host.Get<UnclearRefunds>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0, 0), (run.Checked, run.Refunded, run.Refused, run.Failed));
        Assert.Equal(0, again.Checked);
        Assert.Equal(1, RefundPosts()); // Read back, never sent a second time.
        var atStripe = Assert.Single(_p.Fake.Refunds);
        Assert.Equal(intent, atStripe["payment_intent"]!.GetValue<string>());
        await using var db = _p.Host.Data.Database.CreateDbContext();
        var refund = await db.PaymentRefunds().SingleAsync();
        Assert.Equal((PaymentRefundState.Settled, true, atStripe["id"]!.GetValue<string>()), (refund.State, refund.ToOriginalMethod, refund.GatewayRefundId));
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.Kind == RefundPayment.TransactionKind));
        Assert.Equal(1, await db.CreditNotes().CountAsync());
        Assert.Single(await db.AuditEntries.Where(e => e.Action == UnclearRefunds.AuditChecked).ToListAsync());
        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
        await AssertBooksCleanAsync();
    }

    [Fact]
    public async Task RunAsync_RefundNeverReachedStripe_SettledAsNotMadeMoneyStaysOnTheBalance()
    {
        var (customer, _, total, payment, intent) = await _p.PaidInvoiceAsync();
        _p.Fake.Inject(FakeStripe.CreateRefund, FakeStripeFault.Drop());
        var refunded = await _p.Host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(_p.Host.AdminId, payment, total.Minor, "Customer left", "refund-form-1"), CancellationToken.None);
        Assert.True(refunded.IsSuccess, refunded.Error?.Code);

        _p.Host.Data.Time.Advance(TimeSpan.FromMinutes(20));
        var run = await _p.Host.Get<UnclearRefunds>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (run.Checked, run.Refunded, run.Refused));
        Assert.Empty(_p.Fake.Refunds);
        Assert.Contains(_p.Fake.Received, r => r.Method == "GET" && r.Path == "/v1/refunds" && r.Query.Contains($"payment_intent={intent}", StringComparison.Ordinal));
        await using var db = _p.Host.Data.Database.CreateDbContext();
        var refund = await db.PaymentRefunds().SingleAsync();
        Assert.Equal((PaymentRefundState.Settled, false, (string?)null), (refund.State, refund.ToOriginalMethod, refund.GatewayRefundId));
        Assert.Equal(0, await db.LedgerTransactions().CountAsync(t => t.Kind == RefundPayment.TransactionKind));
        Assert.Equal(total, await BalanceAsync(customer));
        await AssertBooksCleanAsync();
    }

    [Fact]
    public async Task CheckAsync_HeldPaymentRefundAnswerLost_StaffCheckNowEndsTheHoldOnce()
    {
        var (customer, _, total, payment, _) = await _p.PaidInvoiceAsync(hold: true);
        _p.Fake.Inject(FakeStripe.CreateRefund, FakeStripeFault.CommitThenServerError());
        var review = await _p.Host.Get<ReviewHeldPayment>().ExecuteAsync(
            new ReviewHeldPaymentCommand(_p.Host.AdminId, payment, HeldDecision.Refund, "Paid twice by mistake", "review-1"), CancellationToken.None);
        Assert.True(review.Value!.StillHeld);
        Guid refundId;
        await using (var db = _p.Host.Data.Database.CreateDbContext())
        {
            var unclear = await db.PaymentRefunds().SingleAsync();
            Assert.Equal(PaymentRefundState.Unclear, unclear.State);
            refundId = unclear.Id;
        }

        var check = await _p.Host.Get<UnclearRefunds>().CheckAsync(_p.Host.AdminId, refundId, CancellationToken.None);
        var second = await _p.Host.Get<UnclearRefunds>().CheckAsync(_p.Host.AdminId, refundId, CancellationToken.None);
        var notAdmin = await _p.Host.Get<UnclearRefunds>().CheckAsync(customer, refundId, CancellationToken.None);

        Assert.True(check.IsSuccess, check.Error?.Code);
        Assert.Equal((PaymentRefundState.Settled, true), (check.Value.State, check.Value.ToOriginalMethod));
        Assert.Equal(UnclearRefunds.RefundNotUnclear.Code, second.Error?.Code);
        Assert.Equal(GatewayErrors.ActorNotAdmin.Code, notAdmin.Error?.Code);
        Assert.Single(_p.Fake.Refunds);
        await using var check2 = _p.Host.Data.Database.CreateDbContext();
        Assert.False((await check2.Payments().SingleAsync()).HeldForReview);
        Assert.Equal(1, await check2.LedgerTransactions().CountAsync(t => t.Kind == ReviewHeldPayment.RefundTransactionKind));
        Assert.Single(await check2.AuditEntries.Where(e => e.Action == ReviewHeldPayment.AuditRefunded).ToListAsync());
        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
        Assert.Equal(total.Minor + 100, Assert.Single(_p.Fake.Refunds)["amount"]!.GetValue<long>());
        await AssertBooksCleanAsync();
    }
}
