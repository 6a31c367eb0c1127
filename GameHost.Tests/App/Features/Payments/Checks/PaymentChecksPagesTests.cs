using System.Globalization;
using System.Security.Claims;
using Bunit;
using GameHost.App.Features.Payments.Admin;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Payments.Checks;

/// <summary>The staff screens of the payment checks in bUnit over SQLite with the real migrations and a scripted gateway.</summary>
public sealed class PaymentChecksPagesTests : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly GatewayTestHost _host = new();

    public PaymentChecksPagesTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddLogging();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(_host.Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(_host.Data.Database);
        Services.AddSingleton(_host.Get<ISecretProtector>());
        Services.AddSingleton<GameHost.Domain.Provisioning.IServerCapacity>(_host.Data.Capacity);
        Services.AddSingleton<IPaymentGateway>(_host.Gateway);
        Services.AddPayments();
        Services.Configure<ProvisioningSiteOptions>(o => o.PublicBaseUrl = "https://hosting.test");
        Services.AddSingleton(TestNotifier.Create(_host.Data.Time));
        var auth = AddAuthorization();
        auth.SetAuthorized("olivia@gamehost.test");
        auth.SetRoles(GameHost.Domain.Accounts.Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _host.AdminId.ToString()));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _host.Dispose();
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }

    private async Task<(Guid Account, Guid Payment, Money Total)> PaidAsync()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        return (account, back.Value!.PaymentId!.Value, total);
    }

    [Fact]
    public async Task PaymentDetailsPage_RefundAnswerLost_UnclearExplainedAndCheckNowAnswers()
    {
        var (_, payment, total) = await PaidAsync();
        _host.Gateway.OnRefund = _ => GatewayResult.Unknown("Read timed out");
        var refunded = await _host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(_host.AdminId, payment, total.Minor, "Customer left", "refund-form-1"), CancellationToken.None);
        Assert.True(refunded.IsSuccess, refunded.Error?.Code);
        Render<MudPopoverProvider>();

        var page = Render<PaymentDetailsPage>(p => p.Add(x => x.Id, payment));
        page.WaitForAssertion(() => page.Find("[data-testid=refund-unclear]"));

        Assert.Contains("got no clear answer from the gateway", page.Find("[data-testid=refund-unclear-explained]").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("[data-testid=payment-refund]").GetAttribute("data-unclear"));
        Assert.Contains("Read timed out", page.Find("[data-testid=refund-check-note]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=refund-check-now]").Click();
        // The scripted gateway cannot be asked about a refund: staff are told so, in plain words, and it stays unclear.
        page.WaitForAssertion(() => Assert.Contains("cannot be asked about a refund", page.Find("[data-testid=refund-check-result]").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("[data-testid=refund-unclear]"));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(PaymentRefundState.Unclear, (await db.PaymentRefunds().SingleAsync()).State);
    }

    [Fact]
    public async Task SettlementPage_Differences_ListedWithKindAdviceAndPaymentLink()
    {
        var (account, payment, total) = await PaidAsync();
        await using (var db = _host.Data.Database.CreateDbContext())
        {
            db.SettlementDifferences().AddRange(
                new SettlementDifference
                {
                    Id = Guid.NewGuid(), GatewayAccountId = account, GatewayCode = "scripted", Kind = SettlementDifferenceKind.MissingHere, TransactionId = "txn_missed_0001",
                    Amount = total, DayUtc = _host.Data.NowUtc.Date, OccurredAtUtc = _host.Data.NowUtc, AttemptReference = "attempt-42", DetectedAtUtc = _host.Data.NowUtc,
                },
                new SettlementDifference
                {
                    Id = Guid.NewGuid(), GatewayAccountId = account, GatewayCode = "scripted", Kind = SettlementDifferenceKind.MissingAtGateway, TransactionId = "txn_ghost_0002",
                    Amount = total, DayUtc = _host.Data.NowUtc.Date, OccurredAtUtc = _host.Data.NowUtc, PaymentId = payment, DetectedAtUtc = _host.Data.NowUtc,
                });
            await db.SaveChangesAsync();
        }

        var page = Render<SettlementPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=settlement-row]").Count));

        var missed = page.Find("[data-testid=settlement-row][data-kind=MissingHere]");
        Assert.Contains("Not recorded here", missed.TextContent, StringComparison.Ordinal);
        Assert.Contains("Our attempt attempt-42", missed.TextContent, StringComparison.Ordinal);
        Assert.Contains("nobody was credited with", missed.TextContent, StringComparison.Ordinal);
        var ghost = page.Find("[data-testid=settlement-row][data-kind=MissingAtGateway]");
        Assert.Equal(PaymentDetailsPage.Href(payment), ghost.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Not at the gateway", ghost.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SettlementPage_NoDifferences_SaysSo()
    {
        var page = Render<SettlementPage>();

        page.WaitForAssertion(() => Assert.Contains("No differences", page.Find("[data-testid=settlement-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=settlement-row]"));
    }
}
