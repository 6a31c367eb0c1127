using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing;

/// <summary>The review shows what the order's invoice will say: the same lines, tax and total.</summary>
public sealed class OrderReviewQueryTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private OrderReviewQuery Query(ITaxPolicy? tax = null) =>
        new(_data.Database, new QuoteOrder(_data.Database, new SubscriptionTariffUsage(_data.Database), _data.Time), tax ?? new NoTaxYet());

    private static Money Zar(long minor) => new(minor, Currency.ZAR);

    [Fact]
    public async Task ExecuteAsync_ThenPlaced_ReviewMatchesTheIssuedInvoice()
    {
        var customer = _data.AddCustomer();
        var paper = _data.TariffId("paper-4gb");
        var addOns = new Dictionary<string, int> { ["extra-memory"] = 1 };

        var review = (await Query().ExecuteAsync(
            new OrderReviewRequest(customer, paper, BillingPeriod.Month3, addOns, "WELCOME10", "r1"), CancellationToken.None)).Value!;
        await _data.PlaceAsync(BillingTestData.Order(customer, paper, "r1", BillingPeriod.Month3, addOns, promo: "WELCOME10"));

        await using var db = _data.Database.CreateDbContext();
        var invoice = await db.Invoices().Include(i => i.Lines).SingleAsync();
        Assert.Equal((invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal), (review.NetTotal, review.TaxTotal, review.GrossTotal));
        Assert.Equal(invoice.Lines.OrderBy(l => l.Position).Select(l => l.Net), review.Lines.Select(l => l.Net));
        Assert.Equal(Zar(60021), review.GrossTotal);
        Assert.False(review.TaxApplies);
    }

    [Fact]
    public async Task ExecuteAsync_TaxPolicyTaxes_EachLineIsTaxedAndTotalIncludesIt()
    {
        var customer = _data.AddCustomer();

        var review = (await Query(new FifteenPercent()).ExecuteAsync(
            new OrderReviewRequest(customer, _data.TariffId("paper-4gb"), BillingPeriod.Month1, null, null, "r1"), CancellationToken.None)).Value!;

        Assert.True(review.TaxApplies);
        Assert.Equal((Zar(18900), Zar(2835), Zar(21735)), (review.NetTotal, review.TaxTotal, review.GrossTotal));
    }

    [Fact]
    public async Task ExecuteAsync_IncludedAddOnUnits_AreLeftOutAsOnTheInvoice()
    {
        var customer = _data.AddCustomer();

        var review = (await Query().ExecuteAsync(
            new OrderReviewRequest(customer, _data.TariffId("paper-4gb"), BillingPeriod.Month1, null, null, "r1"), CancellationToken.None)).Value!;

        Assert.Equal([QuoteLineKind.Period], review.Lines.Select(l => l.Line.Kind));
    }

    [Fact]
    public async Task BuyerCurrencyAsync_NoBillingProfile_IsNoBillingProfile()
    {
        var result = await Query().BuyerCurrencyAsync(_data.AddCustomer(withProfile: false), CancellationToken.None);

        Assert.Equal("billing.no_billing_profile", result.Error?.Code);
        Assert.Equal(Currency.ZAR, (await Query().BuyerCurrencyAsync(_data.AddCustomer(), CancellationToken.None)).Value);
    }

    private sealed class FifteenPercent : ITaxPolicy
    {
        public ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money price, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new LineTax(price, price.Multiply(0.15m, MidpointRounding.AwayFromZero), 1500));
    }
}
