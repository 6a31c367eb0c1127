using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.Domain.Notifications;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.App.Features.Payments.Checks;

/// <summary>
/// The daily settlement check against a fake Stripe through the real adapter: the gateway's PaymentIntents for the day
/// and our payments are compared both ways; each difference is stored and e-mailed once; matching money is not reported.
/// </summary>
public sealed class SettlementCheckTests : IAsyncLifetime
{
    private StripeBackedPayments _p = default!;

    public async Task InitializeAsync() => _p = await StripeBackedPayments.StartAsync();

    public async Task DisposeAsync() => await _p.DisposeAsync();

    private DateTime Today => _p.Host.Data.NowUtc.Date;

    [Fact]
    public async Task RunAsync_GatewayAndPaymentsDiffer_BothWaysReportedOnceMatchesAndOthersNot()
    {
        var (_, _, _, matched, matchedIntent) = await _p.PaidInvoiceAsync();
        var (customer, invoice, total) = await _p.Host.OpenInvoiceAsync();
        var missed = _p.Fake.SeedIntent(total.Minor, "zar", metadata: new Dictionary<string, string>
        {
            [StripeGateway.Metadata.GatewayAccount] = _p.AccountId.ToString(), [StripeGateway.Metadata.AttemptId] = "attempt-of-the-missed-webhook",
        });
        _p.Fake.SeedIntent(9900, "zar", metadata: new Dictionary<string, string> { [StripeGateway.Metadata.GatewayAccount] = Guid.NewGuid().ToString() });
        _p.Fake.SeedIntent(4200, "zar", status: "requires_payment_method");
        var ghost = await _p.Host.Get<RecordPayment>().ExecuteAsync(
            new RecordPaymentCommand(StripeGateway.GatewayCode, "pi_NotAtStripe0001", customer, invoice, total, _p.Host.Data.NowUtc) { GatewayAccountId = _p.AccountId },
            CancellationToken.None);
        Assert.True(ghost.IsSuccess, ghost.Error?.Code);

        var first = await _p.Host.Get<SettlementCheck>().RunAsync(Today, CancellationToken.None);
        var second = await _p.Host.Get<SettlementCheck>().RunAsync(Today, CancellationToken.None);

        // Four intents at Stripe: two of this account that succeeded are listed; another account's and an unpaid one are not.
        Assert.Equal((1, 0, 2, 2), (first.Accounts, first.Failed, first.Listed, first.NewDifferences));
        Assert.Equal(0, second.NewDifferences);
        var rows = await _p.Host.Get<SettlementCheck>().ListAsync(50, CancellationToken.None);
        Assert.Equal(2, rows.Count);
        var missing = Assert.Single(rows, r => r.Kind == SettlementDifferenceKind.MissingHere);
        Assert.Equal((missed, total, "attempt-of-the-missed-webhook", (Guid?)null), (missing.TransactionId, missing.Amount, missing.AttemptReference, missing.PaymentId));
        var notAtGateway = Assert.Single(rows, r => r.Kind == SettlementDifferenceKind.MissingAtGateway);
        Assert.Equal(("pi_NotAtStripe0001", ghost.Value.PaymentId), (notAtGateway.TransactionId, notAtGateway.PaymentId));
        Assert.DoesNotContain(rows, r => r.TransactionId == matchedIntent);
        await using var db = _p.Host.Data.Database.CreateDbContext();
        var alert = Assert.Single(await db.OutboundEmails.Where(e => e.Category == Codes.SettlementDifferencesStaff).ToListAsync());
        Assert.Contains(missed, alert.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, await db.SettlementDifferences().CountAsync());
        Assert.NotEqual(Guid.Empty, matched);
    }

    [Fact]
    public async Task RunAsync_EverythingMatches_NothingReportedNoAlert()
    {
        await _p.PaidInvoiceAsync();
        await _p.PaidInvoiceAsync();

        var run = await _p.Host.Get<SettlementCheck>().RunAsync(Today, CancellationToken.None);

        Assert.Equal((1, 2, 0), (run.Accounts, run.Listed, run.NewDifferences));
        Assert.Empty(await _p.Host.Get<SettlementCheck>().ListAsync(50, CancellationToken.None));
        await using var db = _p.Host.Data.Database.CreateDbContext();
        Assert.Empty(await db.Set<Notification>().Where(n => n.EventCode == Codes.SettlementDifferencesStaff).ToListAsync());
    }

    [Fact]
    public async Task RunAsync_ListingFails_NothingConcludedAndTheNextRunReports()
    {
        await _p.PaidInvoiceAsync();
        var missed = _p.Fake.SeedIntent(5000, "zar");
        _p.Fake.Inject(FakeStripe.ListIntents, FakeStripeFault.ServerError());

        var failed = await _p.Host.Get<SettlementCheck>().RunAsync(Today, CancellationToken.None);
        var next = await _p.Host.Get<SettlementCheck>().RunAsync(Today, CancellationToken.None);

        Assert.Equal((1, 0), (failed.Failed, failed.NewDifferences));
        Assert.Equal((0, 1), (next.Failed, next.NewDifferences));
        Assert.Equal(missed, Assert.Single(await _p.Host.Get<SettlementCheck>().ListAsync(50, CancellationToken.None)).TransactionId);
    }

    [Fact]
    public void DayToCheck_EarlyMorningAndLater_TheLastDayWhoseListingHasSettled()
    {
        Assert.Equal(new DateTime(2026, 11, 25), SettlementCheck.DayToCheck(new DateTime(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 11, 26), SettlementCheck.DayToCheck(new DateTime(2026, 11, 27, 7, 0, 0, DateTimeKind.Utc)));
    }
}
