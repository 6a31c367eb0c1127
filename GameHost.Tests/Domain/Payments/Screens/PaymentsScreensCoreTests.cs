using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Tests.Domain.Payments.Gateways;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Payments.Screens;

/// <summary>The refund screen's reads and the refund use case it drives: partial, then the rest, then nothing more.</summary>
public sealed class PaymentsRefundScreenTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<(Guid Customer, Guid Invoice, Money Total, Guid Payment)> PaidAsync()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        return (customer, invoice, total, back.Value!.PaymentId!.Value);
    }

    [Fact]
    public async Task DetailsAsync_PartialThenTheRestThenMore_LeftShrinksToZeroAndTheExtraIsRefused()
    {
        var (customer, invoice, total, payment) = await PaidAsync();
        var query = _host.Get<PaymentDetailsQuery>();
        var before = await query.DetailsAsync(payment, CancellationToken.None);
        Assert.Equal((RefundBlock.None, total, true, true), (before!.Block, before.Refundable, before.CanRefundInFull, before.CanRefundPart));

        var part = await _host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(_host.AdminId, payment, 1000, "One day of downtime", "form-a"), CancellationToken.None);
        var afterPart = await query.DetailsAsync(payment, CancellationToken.None);
        var rest = await _host.Get<RefundPayment>().ExecuteAsync(
            new RefundPaymentCommand(_host.AdminId, payment, afterPart!.Refundable.Minor, "Customer left", "form-b"), CancellationToken.None);
        var more = await _host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(_host.AdminId, payment, 1, "Once more", "form-c"), CancellationToken.None);
        var after = await query.DetailsAsync(payment, CancellationToken.None);

        Assert.True(part.IsSuccess, part.Error?.Code);
        Assert.True(part.Value.ToOriginalMethod);
        Assert.Equal(new Money(total.Minor - 1000, total.Currency), afterPart.Refundable);
        Assert.True(rest.IsSuccess, rest.Error?.Code);
        Assert.Equal(RefundPayment.AmountInvalid.Code, more.Error?.Code);
        Assert.Equal((RefundBlock.NothingLeft, 0L, total), (after!.Block, after.Refundable.Minor, after.Refunded));
        Assert.Equal([1000L, total.Minor - 1000], after.Refunds.Select(r => r.Amount.Minor));
        Assert.All(after.Refunds, r => Assert.NotNull(r.CreditNoteNumber));
        Assert.Equal("One day of downtime", after.Refunds[0].Reason);
        Assert.Equal(Money.Zero(Currency.ZAR), await new CustomerBalanceQuery(_host.Data.Database).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None));
        var summary = Assert.Single(await query.ForInvoiceAsync(invoice, CancellationToken.None));
        Assert.Equal((payment, total), (summary.Id, summary.Refunded));
        Assert.Single(await query.ForCustomerAsync(customer, 10, CancellationToken.None));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == RefundPayment.AuditAction && e.SubjectId == payment.ToString("D")));
    }

    [Fact]
    public async Task DetailsAsync_TopUpPayment_NotRefundableFromTheForm()
    {
        var account = await _host.AddAccountAsync();
        var customer = _host.Data.AddCustomer();
        var started = await _host.Get<StartPayment>().ExecuteAsync(
            new StartPaymentCommand(customer, account, PaymentPurpose.TopUp, null, new Money(5000, Currency.ZAR), "top"), CancellationToken.None);
        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);

        var details = await _host.Get<PaymentDetailsQuery>().DetailsAsync(back.Value!.PaymentId!.Value, CancellationToken.None);

        Assert.Equal((RefundBlock.NoInvoice, 0L), (details!.Block, details.Refundable.Minor));
    }
}

/// <summary>Staff decide a payment held for review: released to the balance (flagged) or refunded through the gateway, once.</summary>
public sealed class PaymentsHeldReviewTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>An invoice payment whose gateway reports <paramref name="paidMinor"/> instead of the invoice total.</summary>
    private async Task<(Guid Customer, Guid Invoice, Money Total, Guid Payment)> HeldAsync(Func<Money, long> paidMinor)
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        _host.Gateway.OnConfirm = a => new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"txn_{a.AttemptId:N}", Amount: new Money(paidMinor(total), total.Currency));
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        Assert.Equal("payments.held_for_review", back.Value!.LastErrorCode);
        return (customer, invoice, total, back.Value.PaymentId!.Value);
    }

    private Task<Result<ReviewedPayment>> DecideAsync(Guid payment, HeldDecision decision, string requestId, string? reason = "Checked the statement") =>
        _host.Get<ReviewHeldPayment>().ExecuteAsync(new ReviewHeldPaymentCommand(_host.AdminId, payment, decision, reason, requestId), CancellationToken.None);

    private async Task<Money> BalanceAsync(Guid customer) => await new CustomerBalanceQuery(_host.Data.Database).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None);

    private async Task AssertBooksCleanAsync()
    {
        var books = await new LedgerReconciliation(_host.Data.Database, _host.Data.Time, GameHost.Tests.TestSupport.TestNotifier.Create(_host.Data.Time)).RunAsync(CancellationToken.None);
        Assert.True(books.IsClean, books.ToSummary());
    }

    [Fact]
    public async Task Release_Overpaid_PaysTheInvoiceRestOnBalanceFlaggedAuditedAndOnlyOnce()
    {
        var (customer, invoice, total, payment) = await HeldAsync(t => t.Minor + 500);

        var first = await DecideAsync(payment, HeldDecision.Release, "review-1");
        var sameForm = await DecideAsync(payment, HeldDecision.Release, "review-1");
        var otherTab = await DecideAsync(payment, HeldDecision.Release, "review-2");

        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Equal((PaymentFlag.Overpaid, false, false), (first.Value.Flag, first.Value.StillHeld, first.Value.Replayed));
        Assert.Single(first.Value.InvoicesPaid);
        Assert.True(sameForm.Value!.Replayed);
        Assert.True(otherTab.Value!.Replayed);
        Assert.Equal(new Money(500, Currency.ZAR), await BalanceAsync(customer));
        await using var db = _host.Data.Database.CreateDbContext();
        var stored = await db.Payments().SingleAsync();
        Assert.False(stored.HeldForReview);
        Assert.NotNull(stored.LedgerTransactionId);
        Assert.Equal(InvoiceStatus.Paid, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
        Assert.Null((await db.PaymentAttempts().SingleAsync()).LastErrorCode);
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == ReviewHeldPayment.AuditReleased);
        Assert.Contains("Checked the statement", entry.AfterJson, StringComparison.Ordinal);
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.Kind == "payment_received"));
        Assert.Empty(await _host.Get<GatewayAdminQuery>().HeldAsync(CancellationToken.None));
        await AssertBooksCleanAsync();
    }

    [Fact]
    public async Task Release_Underpaid_MoneyWaitsOnTheBalanceInvoiceStaysOpen()
    {
        var (customer, invoice, total, payment) = await HeldAsync(t => t.Minor - 1000);

        var result = await DecideAsync(payment, HeldDecision.Release, "review-1");

        Assert.Equal((PaymentFlag.Underpaid, 0), (result.Value!.Flag, result.Value.InvoicesPaid.Count));
        Assert.Equal(new Money(total.Minor - 1000, Currency.ZAR), await BalanceAsync(customer));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
    }

    [Fact]
    public async Task Refund_GatewayCan_WholePaymentBackOnceNothingCreditedBooksClean()
    {
        var (customer, invoice, total, payment) = await HeldAsync(t => t.Minor - 1000);

        var first = await DecideAsync(payment, HeldDecision.Refund, "review-1");
        var again = await DecideAsync(payment, HeldDecision.Refund, "review-1");
        var release = await DecideAsync(payment, HeldDecision.Release, "review-2");

        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Equal((HeldDecision.Refund, false), (first.Value.Decision, first.Value.StillHeld));
        Assert.True(again.Value!.Replayed);
        Assert.Equal((HeldDecision.Refund, true), (release.Value!.Decision, release.Value.Replayed));
        var refundId = await RefundIdAsync();
        Assert.Single(_host.Gateway.Calls, c => c == $"refund:{refundId}:{total.Minor - 1000}");
        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
        var refund = await db.PaymentRefunds().SingleAsync();
        Assert.Equal((true, (Guid?)null, (Guid?)invoice), (refund.ToOriginalMethod, refund.CreditNoteId, refund.InvoiceId));
        Assert.False((await db.Payments().SingleAsync()).HeldForReview);
        Assert.Single(await db.AuditEntries.Where(e => e.Action == ReviewHeldPayment.AuditRefunded).ToListAsync());
        var details = await _host.Get<PaymentDetailsQuery>().DetailsAsync(payment, CancellationToken.None);
        Assert.Equal(new Money(total.Minor - 1000, Currency.ZAR), details!.Refunded);
        await AssertBooksCleanAsync();
    }

    [Fact]
    public async Task Refund_GatewayRefuses_StaysHeldAndCanStillBeReleased()
    {
        var (customer, _, total, payment) = await HeldAsync(t => t.Minor + 100);
        _host.Gateway.OnRefund = _ => GatewayResult.Fail("refund_declined", "Too old to refund");

        var refused = await DecideAsync(payment, HeldDecision.Refund, "review-1");
        var released = await DecideAsync(payment, HeldDecision.Release, "review-2");

        Assert.True(refused.Value!.StillHeld);
        Assert.Contains("Too old to refund", refused.Value.GatewayMessage, StringComparison.Ordinal);
        Assert.True(released.IsSuccess, released.Error?.Code);
        Assert.Equal(new Money(100, Currency.ZAR), await BalanceAsync(customer));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Empty(await db.PaymentRefunds().ToListAsync());
        Assert.Single(await db.AuditEntries.Where(e => e.Action == ReviewHeldPayment.AuditRefundFailed).ToListAsync());
    }

    [Fact]
    public async Task Refund_GatewayAnswerUnclear_StaysHeldAndBlocksAnotherDecision()
    {
        var (_, _, _, payment) = await HeldAsync(t => t.Minor + 100);
        _host.Gateway.OnRefund = _ => GatewayResult.Unknown("timeout");

        var unclear = await DecideAsync(payment, HeldDecision.Refund, "review-1");
        var otherRefund = await DecideAsync(payment, HeldDecision.Refund, "review-2");
        var release = await DecideAsync(payment, HeldDecision.Release, "review-3");

        Assert.True(unclear.Value!.StillHeld);
        Assert.Equal(ReviewHeldPayment.RefundUnclear.Code, otherRefund.Error?.Code);
        Assert.Equal(ReviewHeldPayment.RefundUnclear.Code, release.Error?.Code);
        Assert.Single(_host.Gateway.Calls, c => c.StartsWith("refund:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_NoReasonOrNotAdmin_RefusedNothingChanges()
    {
        var (customer, _, _, payment) = await HeldAsync(t => t.Minor + 100);

        var noReason = await DecideAsync(payment, HeldDecision.Release, "review-1", reason: "  ");
        var notAdmin = await _host.Get<ReviewHeldPayment>().ExecuteAsync(
            new ReviewHeldPaymentCommand(customer, payment, HeldDecision.Release, "Mine", "review-2"), CancellationToken.None);

        Assert.Equal(RefundPayment.ReasonRequired.Code, noReason.Error?.Code);
        Assert.Equal(GatewayErrors.ActorNotAdmin.Code, notAdmin.Error?.Code);
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.True((await db.Payments().SingleAsync()).HeldForReview);
    }

    private async Task<string> RefundIdAsync()
    {
        await using var db = _host.Data.Database.CreateDbContext();
        return (await db.PaymentRefunds().SingleAsync()).Id.ToString("N");
    }
}

/// <summary>Saved methods: the customer's autopay order, moving, removing (detached at the gateway where it can).</summary>
public sealed class PaymentsSavedMethodsTests : IDisposable
{
    private readonly DetachingGateway _detaching = new();
    private readonly GatewayTestHost _host;

    public PaymentsSavedMethodsTests() => _host = new GatewayTestHost(new ScriptedGateway(), _detaching);

    public void Dispose() => _host.Dispose();

    private async Task<(Guid Customer, Guid A, Guid B, Guid C)> ThreeMethodsAsync()
    {
        var scripted = await _host.AddAccountAsync();
        var detaching = (await _host.Get<GatewayAccounts>().SaveAsync(new SaveGatewayAccountCommand(_host.AdminId, null, DetachingGateway.GatewayCode, "Cards", true, true,
            ["ZAR"], 2, 0, 0, new Dictionary<string, string?> { ["api_key"] = "k" }), CancellationToken.None)).Value;
        var customer = _host.Data.AddCustomer();
        await using var db = _host.Data.Database.CreateDbContext();
        SavedPaymentMethod Method(Guid account, string label, int priority) => new()
        {
            Id = Guid.NewGuid(), CustomerId = customer, GatewayAccountId = account, CustomerReference = "cus_1", MethodReference = "pm_" + label,
            Label = label, Priority = priority, CreatedAtUtc = _host.Data.NowUtc,
        };
        var a = Method(scripted, "Visa 4242", 1);
        var b = Method(detaching, "Mastercard 4444", 2);
        var c = Method(scripted, "Amex 0005", 3);
        db.SavedPaymentMethods().AddRange(a, b, c);
        await db.SaveChangesAsync();
        return (customer, a.Id, b.Id, c.Id);
    }

    [Fact]
    public async Task MoveAsync_UpAndDown_OrderIsWhatAutopayUses()
    {
        var (customer, a, b, c) = await ThreeMethodsAsync();
        var methods = _host.Get<SavedMethods>();

        var moved = await methods.MoveAsync(customer, c, MoveDirection.Up, CancellationToken.None);
        var top = await methods.MoveAsync(customer, a, MoveDirection.Up, CancellationToken.None);
        var down = await methods.MoveAsync(customer, a, MoveDirection.Down, CancellationToken.None);
        var stranger = await methods.MoveAsync(_host.Data.AddCustomer("Someone Else"), a, MoveDirection.Up, CancellationToken.None);

        Assert.Equal([a, c, b], moved.Value!.Select(m => m.Id));
        Assert.Equal([a, c, b], top.Value!.Select(m => m.Id));
        Assert.Equal([c, a, b], down.Value!.Select(m => m.Id));
        Assert.Equal([1, 2, 3], down.Value!.Select(m => m.Position));
        Assert.Equal(SavedMethods.MethodNotFound.Code, stranger.Error?.Code);
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal([c, a, b], await db.SavedPaymentMethods().OrderBy(m => m.Priority).Select(m => m.Id).ToListAsync());
    }

    [Fact]
    public async Task RemoveAsync_GatewayCanDetach_DetachedThereAndForgottenHereOnce()
    {
        var (customer, a, b, c) = await ThreeMethodsAsync();
        var methods = _host.Get<SavedMethods>();

        var removed = await methods.RemoveAsync(customer, b, CancellationToken.None);
        var again = await methods.RemoveAsync(customer, b, CancellationToken.None);

        Assert.True(removed.Value!.DetachedAtGateway);
        Assert.True(again.Value!.AlreadyGone);
        Assert.Equal(["pm_Mastercard 4444"], _detaching.Detached);
        Assert.Equal([(a, 1), (c, 2)], (await methods.ListAsync(customer, CancellationToken.None)).Select(m => (m.Id, m.Position)));
    }

    [Fact]
    public async Task RemoveAsync_GatewayCannotDetachOrOtherCustomer_ForgottenLocallyOrRefused()
    {
        var (customer, a, _, _) = await ThreeMethodsAsync();
        var methods = _host.Get<SavedMethods>();

        var stranger = await methods.RemoveAsync(_host.Data.AddCustomer("Someone Else"), a, CancellationToken.None);
        var removed = await methods.RemoveAsync(customer, a, CancellationToken.None);

        Assert.Equal(SavedMethods.MethodNotFound.Code, stranger.Error?.Code);
        Assert.False(removed.Value!.DetachedAtGateway);
        Assert.False(removed.Value.AlreadyGone);
        Assert.Empty(_detaching.Detached);
        Assert.DoesNotContain(await methods.ListAsync(customer, CancellationToken.None), m => m.Id == a);
    }

    /// <summary>A gateway that can forget saved methods (the optional part of the port).</summary>
    private sealed class DetachingGateway : IPaymentGateway, ISavedMethodRemoval
    {
        public const string GatewayCode = "detaching";

        private readonly ScriptedGateway _inner = new(GatewayCode);

        public List<string> Detached { get; } = [];

        public string Code => GatewayCode;

        public GatewayCapabilities Capabilities => _inner.Capabilities;

        public IReadOnlySet<string> SupportedCurrencies => _inner.SupportedCurrencies;

        public IReadOnlyList<GatewaySettingField> SettingFields => _inner.SettingFields;

        public Task<GatewayResult> RemoveSavedMethodAsync(GatewayAccountConfig account, SavedMethodInfo method, CancellationToken cancellationToken)
        {
            Detached.Add(method.MethodReference);
            return Task.FromResult(new GatewayResult(GatewayOutcome.Succeeded));
        }

        public Task<GatewayResult> StartCheckoutAsync(GatewayAccountConfig account, CheckoutRequest request, CancellationToken cancellationToken) => _inner.StartCheckoutAsync(account, request, cancellationToken);

        public Task<GatewayResult> ConfirmAsync(GatewayAccountConfig account, AttemptSnapshot attempt, CancellationToken cancellationToken) => _inner.ConfirmAsync(account, attempt, cancellationToken);

        public Task<WebhookVerification> VerifyWebhookAsync(GatewayAccountConfig account, InboundWebhook webhook, CancellationToken cancellationToken) => _inner.VerifyWebhookAsync(account, webhook, cancellationToken);

        public Task<GatewayEventOutcome> InterpretEventAsync(GatewayAccountConfig account, StoredGatewayEvent gatewayEvent, CancellationToken cancellationToken) =>
            _inner.InterpretEventAsync(account, gatewayEvent, cancellationToken);

        public Task<GatewayResult> RefundAsync(GatewayAccountConfig account, GatewayRefundRequest request, CancellationToken cancellationToken) => _inner.RefundAsync(account, request, cancellationToken);

        public Task<GatewayResult> ChargeSavedMethodAsync(GatewayAccountConfig account, SavedMethodCharge request, CancellationToken cancellationToken) =>
            _inner.ChargeSavedMethodAsync(account, request, cancellationToken);

        public Task<GatewayResult> TestConnectionAsync(GatewayAccountConfig account, CancellationToken cancellationToken) => _inner.TestConnectionAsync(account, cancellationToken);
    }
}

/// <summary>Top-ups through a gateway: the amount is checked (currency, minimum, maximum) before any attempt exists.</summary>
public sealed class PaymentsTopUpTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(499, "ZAR", "payments.top_up_out_of_range")]
    [InlineData(1_000_001, "ZAR", "payments.top_up_out_of_range")]
    [InlineData(5000, "USD", "payments.top_up_invalid")]
    [InlineData(500, "ZAR", null)]
    [InlineData(1_000_000, "ZAR", null)]
    public async Task StartPayment_TopUpAmount_CheckedAgainstCurrencyAndLimits(long minor, string currency, string? error)
    {
        var account = await _host.AddAccountAsync();
        var customer = _host.Data.AddCustomer();

        var result = await _host.Get<StartPayment>().ExecuteAsync(
            new StartPaymentCommand(customer, account, PaymentPurpose.TopUp, null, Money.FromMinor(minor, currency), "top-" + minor), CancellationToken.None);

        Assert.Equal(error, result.Error?.Code);
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(error is null ? 1 : 0, await db.PaymentAttempts().CountAsync());
    }

    [Fact]
    public async Task AttemptAsync_OwnTopUpAfterReturn_SucceededAndBalanceCredited_OthersSeeNothing()
    {
        var account = await _host.AddAccountAsync();
        var customer = _host.Data.AddCustomer();
        var started = await _host.Get<StartPayment>().ExecuteAsync(
            new StartPaymentCommand(customer, account, PaymentPurpose.TopUp, null, new Money(2500, Currency.ZAR), "top"), CancellationToken.None);
        await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);

        var mine = await _host.Get<PaymentOptionsQuery>().AttemptAsync(customer, started.Value.AttemptId, CancellationToken.None);
        var theirs = await _host.Get<PaymentOptionsQuery>().AttemptAsync(_host.Data.AddCustomer("Someone Else"), started.Value.AttemptId, CancellationToken.None);

        Assert.Equal((AttemptStatus.Succeeded, PaymentPurpose.TopUp), (mine!.Status, mine.Purpose));
        Assert.Null(theirs);
        Assert.Equal(new Money(2500, Currency.ZAR), await new CustomerBalanceQuery(_host.Data.Database).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None));
    }
}
