using System.Reflection;
using GameHost.App.Features.Ordering;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Billing;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Tests.Domain.Billing;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Ordering;

/// <summary>
/// What a manipulated order form can get through the real submission path (the form → OrderSubmission → PlaceOrder on
/// SQLite): nothing it is not allowed, and never a price of its own.
/// </summary>
public sealed class OrderTamperingTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private OrderSubmission Submission()
    {
        var quote = new QuoteOrder(_data.Database, new SubscriptionTariffUsage(_data.Database), _data.Time);
        return new OrderSubmission(new OrderTariffQuery(_data.Database), new OrderReviewQuery(_data.Database, quote, new NoTaxYet()), _data.PlaceOrder());
    }

    private static OrderForm Form(Guid tariffId, string? linkSlug = null, int locationId = 1)
    {
        var form = new OrderForm { TariffId = tariffId, LinkSlug = linkSlug, LocationId = locationId, Period = BillingPeriod.Month1, ServerName = "My server" };
        return form;
    }

    private (int Subscriptions, int Invoices) Counts()
    {
        using var db = _data.Database.CreateDbContext();
        return (db.Subscriptions().Count(), db.Invoices().Count());
    }

    [Fact]
    public async Task PlaceAsync_HiddenTariffWithoutItsLink_IsRefusedAndWritesNothing()
    {
        var customer = _data.AddCustomer();
        var hidden = _data.AddTariff("partner-deal", TariffVisibility.HiddenLink);

        var result = await Submission().PlaceAsync(customer, Form(hidden), Guid.NewGuid().ToString("N"), CancellationToken.None);

        Assert.Equal("catalog.tariff_not_orderable", result.Error?.Code);
        Assert.Equal((0, 0), Counts());
    }

    [Fact]
    public async Task PlaceAsync_HiddenTariffWithAnotherTariffsSlug_IsRefused()
    {
        var customer = _data.AddCustomer();
        var hidden = _data.AddTariff("partner-deal", TariffVisibility.HiddenLink);

        var result = await Submission().PlaceAsync(customer, Form(hidden, linkSlug: "paper-4gb"), Guid.NewGuid().ToString("N"), CancellationToken.None);

        Assert.Equal("catalog.tariff_not_orderable", result.Error?.Code);
    }

    [Fact]
    public async Task PlaceAsync_HiddenTariffWithItsLink_IsPlaced()
    {
        var customer = _data.AddCustomer();
        var hidden = _data.AddTariff("partner-deal", TariffVisibility.HiddenLink);

        var result = await Submission().PlaceAsync(customer, Form(hidden, linkSlug: "partner-deal"), Guid.NewGuid().ToString("N"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal((1, 1), Counts());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("staff-special")]
    public async Task PlaceAsync_StaffOnlyTariff_IsRefusedEvenWithItsSlug(string? linkSlug)
    {
        var customer = _data.AddCustomer();
        var staffOnly = _data.AddTariff("staff-special", TariffVisibility.StaffOnly);

        var result = await Submission().PlaceAsync(customer, Form(staffOnly, linkSlug), Guid.NewGuid().ToString("N"), CancellationToken.None);

        Assert.Equal("catalog.tariff_not_orderable", result.Error?.Code);
        Assert.Equal((0, 0), Counts());
    }

    [Fact]
    public void OrderFormAndCommand_CarryNoAmount()
    {
        static IEnumerable<Type> Types(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType);
        Type[] amounts = [typeof(Money), typeof(Money?), typeof(decimal), typeof(decimal?), typeof(double), typeof(long), typeof(long?)];

        Assert.Empty(Types(typeof(OrderForm)).Intersect(amounts));
        Assert.Empty(Types(typeof(PlaceOrderCommand)).Intersect(amounts));
    }

    [Fact]
    public async Task PlaceAsync_FormEditedBehindTheReview_IsInvoicedAtTheServersPriceForWhatIsOrdered()
    {
        var customer = _data.AddCustomer();
        var requestId = Guid.NewGuid().ToString("N");
        var form = Form(_data.TariffId("paper-4gb"));
        var submission = Submission();
        var reviewed = await submission.ReviewAsync(customer, form, requestId, CancellationToken.None);
        Assert.Equal(new Money(18900, Currency.ZAR), reviewed.Value!.GrossTotal);

        // The browser shows R 189.00, then the form is manipulated to 12 months and 8 GB more RAM before placing.
        form.Period = BillingPeriod.Month12;
        form.AddOns["extra-memory"] = 8;
        var placed = await submission.PlaceAsync(customer, form, requestId, CancellationToken.None);

        var serverQuote = await submission.ReviewAsync(customer, form, requestId, CancellationToken.None);
        await using var db = _data.Database.CreateDbContext();
        var invoice = await db.Invoices().SingleAsync();
        Assert.Equal(serverQuote.Value!.GrossTotal, invoice.GrossTotal);
        Assert.Equal(placed.Value!.GrossTotal, invoice.GrossTotal);
        // 12 months of Paper 4 GB (R 1 927.80) and of 8 × R 45.00 RAM (8 × R 459.00), 15 % off each.
        Assert.Equal(new Money(192780 + 8 * 45900, Currency.ZAR), invoice.GrossTotal);
    }

    [Fact]
    public async Task PlaceAsync_RequestIdOfAnotherCustomersOrder_IsRefused()
    {
        var first = _data.AddCustomer();
        var second = _data.AddCustomer(name: "Mallory");
        var requestId = Guid.NewGuid().ToString("N");
        var paper = _data.TariffId("paper-4gb");
        Assert.True((await Submission().PlaceAsync(first, Form(paper), requestId, CancellationToken.None)).IsSuccess);

        var result = await Submission().PlaceAsync(second, Form(paper), requestId, CancellationToken.None);

        Assert.Equal("billing.request_id_reused", result.Error?.Code);
        Assert.Equal((1, 1), Counts());
    }

    [Fact]
    public async Task PlaceAsync_SameRequestTwice_AnswersWithTheFirstOrder()
    {
        var customer = _data.AddCustomer();
        var requestId = Guid.NewGuid().ToString("N");
        var form = Form(_data.TariffId("paper-4gb"));

        var first = await Submission().PlaceAsync(customer, form, requestId, CancellationToken.None);
        var second = await Submission().PlaceAsync(customer, form, requestId, CancellationToken.None);

        Assert.Equal((first.Value!.InvoiceId, false, true), (second.Value!.InvoiceId, first.Value.Replayed, second.Value.Replayed));
        Assert.Equal((1, 1), Counts());
    }

    [Fact]
    public async Task PlaceAsync_IncompleteForm_IsRefusedWithoutCallingBilling()
    {
        var customer = _data.AddCustomer();

        var result = await Submission().PlaceAsync(customer, new OrderForm { TariffId = _data.TariffId("paper-4gb") }, "r1", CancellationToken.None);

        Assert.Equal("ordering.incomplete", result.Error?.Code);
        Assert.Empty(_data.Capacity.Requests);
    }
}
