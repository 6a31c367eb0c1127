using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.App.Features.Payments.Stripe;
using GameHost.Tests.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.Checks;

/// <summary>
/// The payments feature over SQLite with the real migrations, its Stripe account pointing at a <see cref="FakeStripe"/>
/// on loopback through the real adapter: for the checks that re-ask the gateway (unclear refunds, settlement, detach).
/// </summary>
public sealed class StripeBackedPayments : IAsyncDisposable
{
    private StripeBackedPayments(StripeGatewayHarness stripe)
    {
        Stripe = stripe;
        Host = new GatewayTestHost(stripe.Gateway);
    }

    public StripeGatewayHarness Stripe { get; }

    public GatewayTestHost Host { get; }

    public FakeStripe Fake => Stripe.Fake;

    public Guid AccountId { get; private set; }

    public static async Task<StripeBackedPayments> StartAsync()
    {
        var stripe = await StripeGatewayHarness.StartAsync(requestTimeout: TimeSpan.FromSeconds(10));
        var payments = new StripeBackedPayments(stripe);
        payments.Host.Data.Time.SetUtcNow(stripe.Clock.GetUtcNow()); // One "now" for the books and the fake gateway.
        var saved = await payments.Host.Get<GatewayAccounts>().SaveAsync(new SaveGatewayAccountCommand(payments.Host.AdminId, null, StripeGateway.GatewayCode, "Stripe",
            Enabled: true, Sandbox: true, ["ZAR"], 1, 0, 0, new Dictionary<string, string?>
            {
                [StripeGateway.Settings.SecretKey] = FakeStripe.DefaultSecretKey,
                [StripeGateway.Settings.WebhookSecret] = FakeStripe.DefaultWebhookSecret,
                [StripeGateway.Settings.ApiBase] = stripe.Fake.BaseAddress.ToString(),
            }), CancellationToken.None);
        Assert.True(saved.IsSuccess, saved.Error?.Code);
        payments.AccountId = saved.Value;
        return payments;
    }

    /// <summary>A customer's open invoice paid by a PaymentIntent that really exists at the fake, recorded through RecordPayment.</summary>
    /// <param name="hold">The gateway took R1.00 more than the invoice's total, which was what the payment was started for: held for review.</param>
    public async Task<(Guid Customer, Guid Invoice, Money Total, Guid Payment, string IntentId)> PaidInvoiceAsync(bool hold = false)
    {
        var (customer, invoice, total) = await Host.OpenInvoiceAsync();
        var amount = new Money(total.Minor + (hold ? 100 : 0), total.Currency);
        var intent = Fake.SeedIntent(amount.Minor, "zar", metadata: new Dictionary<string, string> { [StripeGateway.Metadata.GatewayAccount] = AccountId.ToString() });
        var recorded = await Host.Get<RecordPayment>().ExecuteAsync(
            new RecordPaymentCommand(StripeGateway.GatewayCode, intent, customer, invoice, amount, Host.Data.NowUtc)
            {
                GatewayAccountId = AccountId,
                ExpectedAmount = hold ? total : null,
            }, CancellationToken.None);
        Assert.True(recorded.IsSuccess, recorded.Error?.Code);
        Assert.Equal(hold, recorded.Value.HeldForReview);
        return (customer, invoice, total, recorded.Value.PaymentId, intent);
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Stripe.DisposeAsync();
    }
}
