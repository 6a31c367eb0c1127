using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing;

/// <summary>Invoices: gapless numbers per series under concurrency, frozen lines, totals as sums, the buyer as they were.</summary>
public class InvoiceTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private static readonly DateTime At = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    private static Money Zar(long minor) => new(minor, Currency.ZAR);

    private static Invoice DraftWithTwoLines()
    {
        var invoice = Invoice.Draft(Guid.NewGuid(), null, "test:1", Currency.ZAR, new InvoiceBuyer("A", null, "ZA", null), At);
        invoice.AddLine(InvoiceLineKind.Period, "period", LocalizedText.Same("Paper"), 1, Zar(18900), Zar(18900), Zar(2835), 1500);
        invoice.AddLine(InvoiceLineKind.Discount, "WELCOME10", LocalizedText.Same("Discount"), 1, Zar(-1890), Zar(-1890), Zar(-284), 1500);
        return invoice;
    }

    [Fact]
    public void AddLine_EveryLine_GrossIsNetPlusTaxAndTotalsAreTheSumsOfTheLines()
    {
        var invoice = DraftWithTwoLines();

        Assert.Equal([Zar(21735), Zar(-2174)], invoice.Lines.Select(l => l.Gross));
        Assert.Equal((Zar(17010), Zar(2551), Zar(19561)), (invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal));
        Assert.Equal([1, 2], invoice.Lines.Select(l => l.Position));
    }

    [Fact]
    public void AddLine_AfterIssue_ThrowsAndLeavesLinesAndTotalsAsIssued()
    {
        var invoice = DraftWithTwoLines();
        invoice.Issue("INV", 1, At, At);

        var error = Assert.Throws<DomainException>(() =>
            invoice.AddLine(InvoiceLineKind.AddOn, "extra-memory", LocalizedText.Same("+1 GB"), 1, Zar(4500), Zar(4500), Zar(0), 0));

        Assert.Equal("billing.invoice_frozen", error.Code);
        Assert.Equal((2, Zar(19561)), (invoice.Lines.Count, invoice.GrossTotal));
    }

    [Fact]
    public void Issue_Twice_Throws()
    {
        var invoice = DraftWithTwoLines();
        invoice.Issue("INV", 1, At, At);

        Assert.Equal("billing.invoice_already_issued", Assert.Throws<DomainException>(() => invoice.Issue("INV", 2, At, At)).Code);
        Assert.Equal((InvoiceStatus.Open, 1L), (invoice.Status, invoice.Number));
    }

    [Fact]
    public void AddLine_InAnotherCurrency_Throws()
    {
        var invoice = DraftWithTwoLines();

        Assert.Throws<DomainException>(() =>
            invoice.AddLine(InvoiceLineKind.AddOn, "x", LocalizedText.Same("x"), 1, new Money(100, Currency.USD), new Money(100, Currency.USD), new Money(0, Currency.USD), 0));
    }

    [Fact]
    public async Task PlaceOrder_SequentialOrders_NumberTheInvoicesOneTwoThree()
    {
        var paper = _data.TariffId("paper-4gb");

        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add((await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), paper))).InvoiceNumber);
        }

        Assert.Equal(["INV-000001", "INV-000002", "INV-000003"], numbers);
        using var db = _data.Database.CreateDbContext();
        Assert.Equal(4, db.InvoiceNumberSeries().Single(s => s.Series == InvoiceNumbering.DefaultSeries).NextNumber);
    }

    [Fact]
    public async Task PlaceOrder_ManyConcurrentOrders_NumbersAreGaplessAndNeverDuplicated()
    {
        var paper = _data.TariffId("paper-4gb");
        var customers = Enumerable.Range(0, 8).Select(_ => _data.AddCustomer()).ToList();

        var results = await Task.WhenAll(customers.Select(c =>
            Task.Run(() => _data.PlaceOrder().ExecuteAsync(BillingTestData.Order(c, paper, promo: DemoCatalogSeeder.WelcomeCode), CancellationToken.None))));

        Assert.Equal(string.Empty, string.Join(", ", results.Where(r => !r.IsSuccess).Select(r => r.Error!.Code)));
        using var db = _data.Database.CreateDbContext();
        var numbers = await db.Invoices().Select(i => i.Number!.Value).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 8).Select(n => (long)n), numbers.Order());
        Assert.Equal(9, db.InvoiceNumberSeries().Single().NextNumber);
        Assert.Equal(8, db.PromoRedemptions().Count());
    }

    [Fact]
    public async Task PlaceOrder_ProfileEditedLater_InvoiceKeepsTheBuyerAsTheyWereAtTheOrder()
    {
        var customer = _data.AddCustomer(name: "Thandi Nkosi", company: "Nkosi Games (Pty) Ltd", vat: "4123456789");
        var placed = await _data.PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb")));

        using (var db = _data.Database.CreateDbContext())
        {
            var profile = db.CustomerProfiles.Single(p => p.UserId == customer);
            profile.Company = "Renamed Ltd";
            profile.VatNumber = null;
            db.SaveChanges();
        }

        var details = await _data.InvoiceDetails().ExecuteAsync(customer, placed.InvoiceId, CancellationToken.None);

        Assert.Equal(new InvoiceBuyer("Thandi Nkosi", "Nkosi Games (Pty) Ltd", "ZA", "4123456789"), details.Value!.Buyer);
    }
}
