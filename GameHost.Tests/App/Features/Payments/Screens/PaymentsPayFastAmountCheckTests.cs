using System.Globalization;
using System.Net;
using System.Text;
using GameHost.App.Features.Payments.Gateways.PayFast;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Tests.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.App.Features.Payments.Screens;

/// <summary>
/// PayFast's ITN names an attempt but the adapter never sees the attempt: the core checks the paid amount against it.
/// The real adapter against the fake PayFast over HTTP, the real inbox and processor over SQLite.
/// </summary>
public sealed class PaymentsPayFastAmountCheckTests : IAsyncLifetime
{
    private FakePayFast _fake = null!;
    private ServiceProvider _adapters = null!;
    private GatewayTestHost _host = null!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _fake = await FakePayFast.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(TimeProvider.System);
        services.AddSingleton<IPayFastSourceCheck, LoopbackOnly>();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddPayFastGateway();
        services.Configure<PayFastGatewayOptions>(o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        _adapters = services.BuildServiceProvider();
        _host = new GatewayTestHost(_adapters.GetServices<IPaymentGateway>().Single(g => g.Code == PayFastGateway.GatewayCode));
        var saved = await _host.Get<GatewayAccounts>().SaveAsync(new SaveGatewayAccountCommand(_host.AdminId, null, PayFastGateway.GatewayCode, "PayFast", true, true,
            ["ZAR"], 1, 0, 0, new Dictionary<string, string?>
            {
                [PayFastGateway.Settings.MerchantId] = FakePayFast.MerchantId,
                [PayFastGateway.Settings.MerchantKey] = FakePayFast.MerchantKey,
                [PayFastGateway.Settings.Passphrase] = FakePayFast.Passphrase,
                [PayFastGateway.Settings.ProcessUrl] = _fake.ProcessUrl.ToString(),
                [PayFastGateway.Settings.ValidateUrl] = _fake.ValidateUrl.ToString(),
            }), CancellationToken.None);
        Assert.True(saved.IsSuccess, saved.Error?.Code);
        _account = saved.Value;
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _adapters.DisposeAsync();
        await _fake.DisposeAsync();
    }

    /// <summary>Starts a PayFast payment of the invoice, posts the signed form to the fake, and delivers its ITN for <paramref name="paidMinor"/>.</summary>
    private async Task<(Guid Customer, Guid Invoice, Money Total)> PayAsync(Func<Money, long> paidMinor)
    {
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, _account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        Assert.True(started.IsSuccess, started.Error?.Code);
        using (var client = new HttpClient())
        using (var response = await client.PostAsync(new Uri(started.Value.RedirectUrl!), new FormUrlEncodedContent(started.Value.RedirectForm!)))
        {
            response.EnsureSuccessStatusCode();
        }

        var paid = new Money(paidMinor(total), total.Currency).ToMajor().ToString("0.00", CultureInfo.InvariantCulture);
        var itn = _fake.BuildItn(started.Value.RedirectForm!["m_payment_id"], amountGross: paid);
        var receipt = await _host.Get<ReceiveWebhook>().ExecuteAsync(PayFastGateway.GatewayCode,
            new InboundWebhook(Encoding.UTF8.GetBytes(itn), new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, "127.0.0.1"),
            CancellationToken.None);
        Assert.Equal(WebhookAnswer.Stored, receipt.Answer);
        var run = await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);
        Assert.Equal(1, run.Processed);
        return (customer, invoice, total);
    }

    private async Task<Money> BalanceAsync(Guid customer) => await new CustomerBalanceQuery(_host.Data.Database).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None);

    [Fact]
    public async Task Itn_ExactAmount_PaysTheInvoice()
    {
        var (_, invoice, _) = await PayAsync(t => t.Minor);

        await using var db = _host.Data.Database.CreateDbContext();
        Assert.False((await db.Payments().SingleAsync()).HeldForReview);
        Assert.Equal(InvoiceStatus.Paid, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
    }

    [Fact]
    public async Task Itn_LessThanTheAttempt_HeldNothingCreditedStaffAlerted_ReleaseGoesToBalanceFlaggedUnderpaid()
    {
        var (customer, invoice, total) = await PayAsync(t => t.Minor - 100);

        await using (var db = _host.Data.Database.CreateDbContext())
        {
            var payment = await db.Payments().SingleAsync();
            Assert.True(payment.HeldForReview);
            Assert.Equal(total.Minor - 100, payment.Amount.Minor);
            Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
            Assert.Single(await db.OutboundEmails.Where(e => e.Category == Codes.PaymentHeldStaff).ToListAsync());
        }

        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
        var held = Assert.Single(await _host.Get<GatewayAdminQuery>().HeldAsync(CancellationToken.None));

        var released = await _host.Get<ReviewHeldPayment>().ExecuteAsync(
            new ReviewHeldPaymentCommand(_host.AdminId, held.PaymentId, HeldDecision.Release, "Customer paid R1 short at PayFast", "review"), CancellationToken.None);

        Assert.Equal(PaymentFlag.Underpaid, released.Value!.Flag);
        Assert.Equal(new Money(total.Minor - 100, Currency.ZAR), await BalanceAsync(customer));
        await using var after = _host.Data.Database.CreateDbContext();
        Assert.Equal(InvoiceStatus.Open, (await after.Invoices().SingleAsync(i => i.Id == invoice)).Status);
    }

    [Fact]
    public async Task Itn_MoreThanTheAttempt_HeldNothingCredited()
    {
        var (customer, invoice, total) = await PayAsync(t => t.Minor + 5000);

        await using var db = _host.Data.Database.CreateDbContext();
        Assert.True((await db.Payments().SingleAsync()).HeldForReview);
        Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == invoice)).Status);
        Assert.Equal(0, await db.LedgerTransactions().CountAsync(t => t.CustomerId == customer));
        Assert.Equal(total.Minor + 5000, (await db.Payments().SingleAsync()).Amount.Minor);
    }

    private sealed class LoopbackOnly : IPayFastSourceCheck
    {
        public Task<bool> IsPayFastAsync(IPAddress address, CancellationToken cancellationToken) => Task.FromResult(IPAddress.IsLoopback(address));
    }
}
