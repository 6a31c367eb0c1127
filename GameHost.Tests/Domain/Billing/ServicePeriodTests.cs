using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing;

/// <summary>A paid invoice for a service period moves the paid-until date exactly to that period's end, once.</summary>
public class ServicePeriodTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private RecordPayment Record() => new(_data.Database, new LedgerPosting(_data.Time),
        new InvoiceSettlement(new LedgerPosting(_data.Time), new ProvisioningRequests(_data.Time), _data.Time), _data.Time);

    private async Task PayAsync(Guid customer, Guid invoiceId, Money amount, string reference)
    {
        var result = await Record().ExecuteAsync(
            new RecordPaymentCommand(GatewayCodes.BankTransfer, reference, customer, invoiceId, amount, _data.NowUtc, Note: null), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    private async Task<Invoice> IssuePeriodInvoiceAsync(Guid customer, Guid subscriptionId, DateTime start, DateTime end, string key)
    {
        await using var db = _data.Database.CreateDbContext();
        var invoice = Invoice.Draft(customer, subscriptionId, key, Currency.ZAR, new InvoiceBuyer("Thandi Nkosi", null, "ZA", null), _data.NowUtc);
        invoice.ForServicePeriod(start, end);
        var net = new Money(10_000, Currency.ZAR);
        invoice.AddLine(InvoiceLineKind.Period, "period", LocalizedText.Same("Next month"), 1, net, net, Money.Zero(Currency.ZAR), 0);
        await InvoiceIssuing.IssueAsync(db, invoice, InvoiceNumbering.DefaultSeries, _data.NowUtc, start, CancellationToken.None);
        db.Invoices().Add(invoice);
        await db.SaveChangesAsync();
        return invoice;
    }

    private async Task<Subscription> SubscriptionAsync(Guid id)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.Subscriptions().SingleAsync(s => s.Id == id);
    }

    [Fact]
    public async Task PaidPeriodInvoice_StartingWherePaidTimeEnds_ExtendsOnceEvenWhenPaidLate()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb")));
        await PayAsync(customer, order.InvoiceId, order.GrossTotal, "FNB-1");
        var firstEnd = (await SubscriptionAsync(order.SubscriptionId)).PaidUntilUtc!.Value;
        var nextEnd = BillingPeriod.Month1.EndOf(firstEnd)!.Value;
        var renewal = await IssuePeriodInvoiceAsync(customer, order.SubscriptionId, firstEnd, nextEnd, "test-renewal-1");
        // A second invoice for the same period (a mistake) must not extend twice.
        var duplicate = await IssuePeriodInvoiceAsync(customer, order.SubscriptionId, firstEnd, nextEnd, "test-renewal-2");

        _data.Time.Advance(TimeSpan.FromDays(40)); // Paid ten days late: the period is still the one that follows.
        await PayAsync(customer, renewal.Id, renewal.GrossTotal, "FNB-2");
        await PayAsync(customer, duplicate.Id, duplicate.GrossTotal, "FNB-3");

        var subscription = await SubscriptionAsync(order.SubscriptionId);
        Assert.Equal((firstEnd, nextEnd), (subscription.CurrentPeriodStartUtc!.Value, subscription.PaidUntilUtc!.Value));
    }

    [Fact]
    public void ForServicePeriod_EndNotAfterStart_IsRefused()
    {
        var invoice = Invoice.Draft(Guid.NewGuid(), null, "k", Currency.ZAR, new InvoiceBuyer("A", null, "ZA", null), _data.NowUtc);
        var error = Assert.Throws<DomainException>(() => invoice.ForServicePeriod(_data.NowUtc, _data.NowUtc));
        Assert.Equal("billing.period_empty", error.Code);
    }

    [Theory]
    [InlineData(BillingPeriod.Month1, "2026-03-31T12:00:00", "2026-04-30T12:00:00")]
    [InlineData(BillingPeriod.Month3, "2026-01-31T00:00:00", "2026-04-30T00:00:00")]
    [InlineData(BillingPeriod.Month12, "2028-02-29T00:00:00", "2029-02-28T00:00:00")]
    [InlineData(BillingPeriod.Hour, "2026-01-01T23:30:00", "2026-01-02T00:30:00")]
    [InlineData(BillingPeriod.Day, "2026-12-31T10:00:00", "2027-01-01T10:00:00")]
    public void EndOf_CalendarPeriods_EndWhereTheCalendarSays(BillingPeriod period, string start, string end) =>
        Assert.Equal(DateTime.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            period.EndOf(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void EndOf_OneOff_NeverEnds() => Assert.Null(BillingPeriod.OneOff.EndOf(_data.NowUtc));
}
