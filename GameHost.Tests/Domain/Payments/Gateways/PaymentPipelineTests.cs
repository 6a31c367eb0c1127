using System.Text;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>The payment pipeline end to end over SQLite: start, return, webhook inbox, janitor — money recorded once.</summary>
public sealed class PaymentPipelineTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static InboundWebhook Webhook(Guid attemptId, string eventId, string signature = "good") =>
        new(Encoding.UTF8.GetBytes(attemptId.ToString("D")), new Dictionary<string, string> { ["x-signature"] = signature, ["X-Event-Id"] = eventId }, "127.0.0.1");

    private async Task<(Guid Customer, Guid Invoice, Money Total, Guid Account, StartedPayment Started)> StartedAsync(string requestId = "req-1")
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, requestId), CancellationToken.None);
        Assert.True(started.IsSuccess, started.Error?.Code);
        return (customer, invoice, total, account, started.Value);
    }

    private async Task<(int Payments, int Events, InvoiceStatus Invoice)> StateAsync(Guid invoiceId)
    {
        await using var db = _host.Data.Database.CreateDbContext();
        return (await db.Payments().CountAsync(), await db.GatewayEvents().CountAsync(),
            (await db.Invoices().SingleAsync(i => i.Id == invoiceId)).Status);
    }

    [Fact]
    public async Task StartPayment_NewInvoicePayment_SavesTheAttemptBeforeCallingAndRedirects()
    {
        PaymentAttempt? seenAtCall = null;
        _host.Gateway.OnStart = r =>
        {
            using var db = _host.Data.Database.CreateDbContext();
            seenAtCall = db.PaymentAttempts().AsNoTracking().SingleOrDefault(a => a.Id == r.AttemptId);
            return new GatewayResult(GatewayOutcome.RequiresCustomerAction, GatewayReference: "ord_1", RedirectUrl: "https://gateway.test/approve/1");
        };

        var (_, _, total, _, started) = await StartedAsync();

        Assert.Equal(AttemptStatus.Created, seenAtCall?.Status);
        Assert.Equal(total, seenAtCall!.Amount);
        Assert.Equal((AttemptStatus.RedirectIssued, "https://gateway.test/approve/1"), (started.Status, started.RedirectUrl));
    }

    [Fact]
    public async Task StartPayment_DoubleClickInTwoTabsWithOneRequestId_OneAttemptAndOneGatewayCall()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, _) = await _host.OpenInvoiceAsync();
        _host.Gateway.Delay = TimeSpan.FromMilliseconds(50);
        var command = new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "form-7");

        var results = await Task.WhenAll(
            _host.Get<StartPayment>().ExecuteAsync(command, CancellationToken.None),
            _host.Get<StartPayment>().ExecuteAsync(command, CancellationToken.None));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Equal(results[0].Value!.AttemptId, results[1].Value!.AttemptId);
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(1, await db.PaymentAttempts().CountAsync());
        Assert.Single(_host.Gateway.Calls, c => c.StartsWith("start:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartPayment_WhileAnAttemptIsUnknown_AnswersPaymentBeingConfirmed()
    {
        _host.Gateway.OnStart = _ => GatewayResult.Unknown("timeout after sending");
        var (customer, invoice, _, account, first) = await StartedAsync();
        Assert.Equal(AttemptStatus.Unknown, first.Status);

        var again = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "req-2"), CancellationToken.None);

        Assert.Equal(GatewayErrors.PaymentBeingConfirmed.Code, again.Error?.Code);
    }

    [Fact]
    public async Task StartPayment_NotAttemptedThenSameForm_RetriesTheSameAttempt()
    {
        var calls = 0;
        _host.Gateway.OnStart = r => ++calls == 1
            ? GatewayResult.NotSent("connection refused")
            : new GatewayResult(GatewayOutcome.RequiresCustomerAction, RedirectUrl: "https://gateway.test/ok");
        var (customer, invoice, _, account, first) = await StartedAsync("same-form");
        Assert.Equal(AttemptStatus.NotAttempted, first.Status);

        var second = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "same-form"), CancellationToken.None);

        Assert.Equal((first.AttemptId, AttemptStatus.RedirectIssued), (second.Value!.AttemptId, second.Value.Status));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task StartPayment_FailedAtOneGateway_ShowsWhyAndAnotherGatewayCanBeUsed()
    {
        var other = new ScriptedGateway("other");
        using var host = new GatewayTestHost(_host.Gateway, other);
        _host.Gateway.OnStart = _ => GatewayResult.Fail("card_declined", "Your card was declined.");
        var first = await host.AddAccountAsync();
        var second = await host.AddAccountAsync("other", order: 2, name: "Other Pay");
        var (customer, invoice, _) = await host.OpenInvoiceAsync();

        var failed = await host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, first, PaymentPurpose.Invoice, invoice, null, "a"), CancellationToken.None);
        var next = await host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, second, PaymentPurpose.Invoice, invoice, null, "b"), CancellationToken.None);

        Assert.Equal((AttemptStatus.Failed, "card_declined", "Your card was declined."), (failed.Value!.Status, failed.Value.ErrorCode, failed.Value.ErrorMessage));
        Assert.Equal(AttemptStatus.RedirectIssued, next.Value!.Status);
        var rows = await host.Get<PaymentOptionsQuery>().AttemptsAsync(customer, invoice, 10, CancellationToken.None);
        Assert.Contains(rows, r => r.GatewayName == "Scripted Pay" && r.Status == AttemptStatus.Failed && r.ErrorMessage == "Your card was declined.");
    }

    [Fact]
    public async Task ReceiveWebhook_SameEventTwiceConcurrentlyAndAgainTwoDaysLater_OneEventOnePayment()
    {
        var (customer, invoice, _, _, started) = await StartedAsync();
        var receive = _host.Get<ReceiveWebhook>();

        var answers = await Task.WhenAll(
            receive.ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-1"), CancellationToken.None),
            receive.ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-1"), CancellationToken.None));
        await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);
        _host.Data.Time.Advance(TimeSpan.FromDays(2));
        var late = await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-1"), CancellationToken.None);
        await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);

        Assert.All(answers, a => Assert.Equal(WebhookAnswer.Stored, a.Answer));
        Assert.Equal((WebhookAnswer.Stored, true), (late.Answer, late.Duplicate));
        Assert.Equal((1, 1, InvoiceStatus.Paid), await StateAsync(invoice));
        Assert.Single(_host.Gateway.Calls, c => c.StartsWith("interpret:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfirmReturn_WebhookArrivedBeforeTheRedirect_OnePaymentAndTheReturnShowsSucceeded()
    {
        var (customer, invoice, _, _, started) = await StartedAsync();
        await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-early"), CancellationToken.None);
        await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);

        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.AttemptId, CancellationToken.None);

        Assert.Equal(AttemptStatus.Succeeded, back.Value!.Status);
        Assert.Equal((1, 1, InvoiceStatus.Paid), await StateAsync(invoice));
    }

    [Fact]
    public async Task ConfirmReturn_AndWebhookConcurrently_OnePayment()
    {
        var (customer, invoice, _, _, started) = await StartedAsync();
        await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-race"), CancellationToken.None);

        await Task.WhenAll(
            _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.AttemptId, CancellationToken.None),
            _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None));

        Assert.Equal((1, 1, InvoiceStatus.Paid), await StateAsync(invoice));
    }

    [Fact]
    public async Task AttemptJanitor_CaptureResponseLost_RecordsThePaymentOnceOnLaterChecks()
    {
        var (customer, invoice, _, _, started) = await StartedAsync();
        _host.Gateway.OnConfirm = _ => GatewayResult.Unknown("capture timed out after sending");
        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.AttemptId, CancellationToken.None);
        Assert.Equal(AttemptStatus.Unknown, back.Value!.Status);
        _host.Gateway.OnConfirm = ScriptedGateway.Paid;

        _host.Data.Time.Advance(TimeSpan.FromMinutes(3));
        var first = await _host.Get<AttemptJanitor>().RunAsync(CancellationToken.None);
        _host.Data.Time.Advance(TimeSpan.FromHours(2));
        var second = await _host.Get<AttemptJanitor>().RunAsync(CancellationToken.None);

        Assert.Equal(1, first.Succeeded);
        Assert.Equal(0, second.Checked);
        Assert.Equal((1, 0, InvoiceStatus.Paid), await StateAsync(invoice));
    }

    [Fact]
    public async Task AttemptJanitor_BuyerNeverFinished_ExpiresTheAttemptCleanly()
    {
        var (_, invoice, _, _, started) = await StartedAsync();
        _host.Gateway.OnConfirm = a => new GatewayResult(GatewayOutcome.RequiresCustomerAction, RedirectUrl: "https://gateway.test/still");

        for (var i = 0; i < 12; i++)
        {
            _host.Data.Time.Advance(TimeSpan.FromHours(6));
            await _host.Get<AttemptJanitor>().RunAsync(CancellationToken.None);
        }

        await using var db = _host.Data.Database.CreateDbContext();
        var attempt = await db.PaymentAttempts().SingleAsync();
        Assert.Equal((AttemptStatus.Expired, (DateTime?)null), (attempt.Status, attempt.NextCheckAtUtc));
        Assert.Equal((0, 0, InvoiceStatus.Open), await StateAsync(invoice));
    }

    [Fact]
    public async Task ReceiveWebhook_ForgedSignature_Answers400AndStoresNothing()
    {
        var (_, invoice, _, _, started) = await StartedAsync();

        var answer = await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-forged", signature: "forged"), CancellationToken.None);
        await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);

        Assert.Equal(WebhookAnswer.Invalid, answer.Answer);
        Assert.Equal((0, 0, InvoiceStatus.Open), await StateAsync(invoice));
    }

    [Fact]
    public async Task ReceiveWebhook_VerificationCouldNotRun_Answers503()
    {
        await _host.AddAccountAsync();
        _host.Gateway.OnVerify = _ => WebhookVerification.CouldNotVerify("verify call timed out");

        var answer = await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(Guid.NewGuid(), "WH-x"), CancellationToken.None);

        Assert.Equal((WebhookAnswer.RetryLater, 5), (answer.Answer, answer.RetryAfterSeconds));
    }

    [Fact]
    public async Task GatewayEventProcessor_StuckInProcessing_ReprocessedOnceAfterTheStaleTimeout()
    {
        var (_, invoice, _, _, started) = await StartedAsync();
        var receipt = await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-stuck"), CancellationToken.None);
        await using (var db = _host.Data.Database.CreateDbContext())
        {
            // A worker claimed it and died.
            await db.GatewayEvents().ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, GatewayEventStatus.Processing).SetProperty(e => e.ClaimedAtUtc, _host.Data.NowUtc));
        }

        var early = await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);
        _host.Data.Time.Advance(GatewayEventProcessor.StaleAfter + TimeSpan.FromSeconds(1));
        var late = await Task.WhenAll(_host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None), _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None));
        var after = await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);

        Assert.True(early.IsIdle);
        Assert.Equal(1, late.Sum(r => r.Processed));
        Assert.True(after.IsIdle);
        Assert.Equal((1, 1, InvoiceStatus.Paid), await StateAsync(invoice));
        await using var check = _host.Data.Database.CreateDbContext();
        Assert.Equal(GatewayEventStatus.Processed, (await check.GatewayEvents().SingleAsync(e => e.Id == receipt.EventId)).Status);
    }

    [Fact]
    public async Task GatewayEventProcessor_UnhandledEventType_StoredAsIgnoredWithTheReason()
    {
        var (_, _, _, _, started) = await StartedAsync();
        _host.Gateway.OnInterpret = _ => GatewayEventOutcome.Ignore("customer.updated is not acted on");
        await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-other"), CancellationToken.None);

        var run = await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);

        Assert.Equal(1, run.Ignored);
        await using var db = _host.Data.Database.CreateDbContext();
        var row = await db.GatewayEvents().SingleAsync();
        Assert.Equal((GatewayEventStatus.Ignored, "customer.updated is not acted on"), (row.Status, row.Reason));
    }

    [Fact]
    public async Task GatewayEventProcessor_SucceededThenAnOlderFailure_StaysSucceeded()
    {
        var (_, invoice, _, _, started) = await StartedAsync();
        await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-ok"), CancellationToken.None);
        await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);
        _host.Gateway.OnInterpret = e => GatewayEventOutcome.ForPayment(started.AttemptId, GatewayResult.Fail("declined", "late news"));
        await _host.Get<ReceiveWebhook>().ExecuteAsync("scripted", Webhook(started.AttemptId, "WH-late-fail"), CancellationToken.None);

        await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);

        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(AttemptStatus.Succeeded, (await db.PaymentAttempts().SingleAsync()).Status);
        Assert.Equal((1, 2, InvoiceStatus.Paid), await StateAsync(invoice));
    }

    [Fact]
    public async Task ConfirmReturn_PaidAmountDiffersFromTheAttempt_HeldForReviewInvoiceOpenStaffAlerted()
    {
        var (customer, invoice, total, _, started) = await StartedAsync();
        _host.Gateway.OnConfirm = a => new GatewayResult(GatewayOutcome.Succeeded, TransactionId: "txn-short", Amount: new Money(total.Minor - 100, total.Currency));

        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.AttemptId, CancellationToken.None);

        Assert.Equal((AttemptStatus.Succeeded, "payments.held_for_review"), (back.Value!.Status, back.Value.LastErrorCode));
        await using var db = _host.Data.Database.CreateDbContext();
        var payment = await db.Payments().SingleAsync();
        Assert.True(payment.HeldForReview);
        Assert.Null(payment.LedgerTransactionId);
        Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
        Assert.Equal(0, await db.LedgerTransactions().CountAsync(t => t.CustomerId == customer));
        var alert = Assert.Single(await db.Set<Notification>().Where(n => n.EventCode == Codes.PaymentHeldStaff).ToListAsync());
        Assert.Equal(_host.AdminId, alert.UserId);
        Assert.Single(await db.OutboundEmails.Where(e => e.Category == Codes.PaymentHeldStaff).ToListAsync());
        Assert.Single(await _host.Get<GatewayAdminQuery>().HeldAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PaymentOptions_DisabledOrOtherCurrency_NotOfferedAndCannotStart()
    {
        var enabled = await _host.AddAccountAsync(order: 2, name: "Second");
        var disabled = await _host.AddAccountAsync(enabled: false, name: "Off");
        await _host.AddAccountAsync(currencies: "USD", name: "Dollars only");
        var first = await _host.AddAccountAsync(order: 1, name: "First");
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();

        var options = await _host.Get<PaymentOptionsQuery>().OptionsAsync(total, CancellationToken.None);
        var refused = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, disabled, PaymentPurpose.Invoice, invoice, null, "r"), CancellationToken.None);

        Assert.Equal([first, enabled], options.Select(o => o.AccountId));
        Assert.Equal(GatewayErrors.GatewayUnavailable.Code, refused.Error?.Code);
    }

    [Fact]
    public async Task GatewayAccounts_SecretsAreEncryptedAtRestAndMaskedWhenShown()
    {
        var id = await _host.AddAccountAsync();

        var view = (await _host.Get<GatewayAccounts>().ListAsync(CancellationToken.None)).Single(a => a.Id == id);

        var key = view.Settings.Single(s => s.Key == "api_key");
        Assert.Equal(("••••1234", true), (key.Shown, key.IsSet));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.DoesNotContain("good-key", (await db.GatewayAccounts().SingleAsync()).ProtectedSettings, StringComparison.Ordinal);
        var test = await _host.Get<GatewayAccounts>().TestConnectionAsync(_host.AdminId, id, CancellationToken.None);
        Assert.Equal(GatewayOutcome.Failed, test.Value!.Outcome); // "good-key-0000-1234" is not the key the scripted gateway accepts.
    }

    [Fact]
    public async Task GatewayAccounts_UnregisteredGateway_Refused()
    {
        var result = await _host.Get<GatewayAccounts>().SaveAsync(new SaveGatewayAccountCommand(_host.AdminId, null, GatewayCodes.Demo, "Demo", true, true,
            ["ZAR"], 1, 0, 0, new Dictionary<string, string?>()), CancellationToken.None);

        Assert.Equal(GatewayErrors.UnknownGateway.Code, result.Error?.Code);
    }
}
