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
public sealed class PaymentChecksPagesTests : PaymentsPageContext
{
    public PaymentChecksPagesTests()
    {
        SignIn(Host.AdminId, GameHost.Domain.Accounts.Roles.Admin, "olivia@gamehost.test");
    }

    private async Task<(Guid Account, Guid Payment, Money Total)> PaidAsync()
    {
        var account = await Host.AddAccountAsync();
        var (customer, invoice, total) = await Host.OpenInvoiceAsync();
        var started = await Host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        var back = await Host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        return (account, back.Value!.PaymentId!.Value, total);
    }

    [Fact]
    public async Task PaymentDetailsPage_RefundAnswerLost_UnclearExplainedAndCheckNowAnswers()
    {
        var (_, payment, total) = await PaidAsync();
        Host.Gateway.OnRefund = _ => GatewayResult.Unknown("Read timed out");
        var refunded = await Host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(Host.AdminId, payment, total.Minor, "Customer left", "refund-form-1"), CancellationToken.None);
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
        await using var db = Host.Data.Database.CreateDbContext();
        Assert.Equal(PaymentRefundState.Unclear, (await db.PaymentRefunds().SingleAsync()).State);
    }

    [Fact]
    public async Task SettlementPage_Differences_ListedWithKindAdviceAndPaymentLink()
    {
        var (account, payment, total) = await PaidAsync();
        await using (var db = Host.Data.Database.CreateDbContext())
        {
            db.SettlementDifferences().AddRange(
                new SettlementDifference
                {
                    Id = Guid.NewGuid(), GatewayAccountId = account, GatewayCode = "scripted", Kind = SettlementDifferenceKind.MissingHere, TransactionId = "txn_missed_0001",
                    Amount = total, DayUtc = Host.Data.NowUtc.Date, OccurredAtUtc = Host.Data.NowUtc, AttemptReference = "attempt-42", DetectedAtUtc = Host.Data.NowUtc,
                },
                new SettlementDifference
                {
                    Id = Guid.NewGuid(), GatewayAccountId = account, GatewayCode = "scripted", Kind = SettlementDifferenceKind.MissingAtGateway, TransactionId = "txn_ghost_0002",
                    Amount = total, DayUtc = Host.Data.NowUtc.Date, OccurredAtUtc = Host.Data.NowUtc, PaymentId = payment, DetectedAtUtc = Host.Data.NowUtc,
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
