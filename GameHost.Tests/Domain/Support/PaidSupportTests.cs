using GameHost.App.Features.Support;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Persistence;
using GameHost.Tests.Domain.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>
/// Paid support billed through the real billing domain over SQLite: per-ticket charges the customer approves and
/// incident packs, each keyed so a double click bills once, with an open invoice when the balance is short.
/// </summary>
public sealed class PaidSupportTests : IDisposable
{
    private readonly ChangesTestData _data = new();
    private readonly Guid _packs = Guid.NewGuid();
    private readonly Guid _perTicket = Guid.NewGuid();

    public PaidSupportTests()
    {
        using var db = _data.Database.CreateDbContext();
        db.SupportDepartments().Add(new SupportDepartment
        {
            Id = _packs, Name = "Premium", PaidMode = PaidSupportMode.IncidentPack, PriceMinor = 50_000, PriceCurrency = "ZAR", IncidentsPerPack = 5,
        });
        db.SupportDepartments().Add(new SupportDepartment { Id = _perTicket, Name = "Migrations", PaidMode = PaidSupportMode.PerTicket, PriceMinor = 20_000, PriceCurrency = "ZAR" });
        db.SaveChanges();
    }

    public void Dispose() => _data.Dispose();

    private PaidSupport Paid() => new(_data.Database, new BillingSupportCharges(new OneOffCharges(_data.Database, _data.Tax, _data.Settlement(), _data.Time)),
        new AuditLog(_data.Time), _data.Time, new TicketSignals());

    private async Task<Guid> TicketAsync(Guid customer, long? price = 20_000)
    {
        await using var db = _data.Database.CreateDbContext();
        var ticket = new Ticket
        {
            Id = Guid.NewGuid(), Reference = TicketReferences.New(), CustomerId = customer, DepartmentId = _perTicket, Subject = "Move my world",
            CreatedAtUtc = _data.NowUtc, UpdatedAtUtc = _data.NowUtc, SearchText = "move my world", PriceMinor = price, PriceCurrency = price is null ? null : "ZAR",
        };
        db.Tickets().Add(ticket);
        await db.SaveChangesAsync();
        return ticket.Id;
    }

    private async Task<Ticket> ReadAsync(Guid id)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.Tickets().AsNoTracking().SingleAsync(t => t.Id == id);
    }

    [Fact]
    public async Task ApproveChargeAsync_BalanceCovers_PaidOnceEvenWhenClickedTwice()
    {
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 50_000, "FNB-1");
        var ticketId = await TicketAsync(customer);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Paid().ApproveChargeAsync(customer, ticketId, CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Single(results.Select(r => r.Value!.InvoiceId).Distinct());
        Assert.Equal(30_000, (await _data.BalanceAsync(customer)).Minor);
        var ticket = await ReadAsync(ticketId);
        Assert.NotNull(ticket.PriceApprovedAtUtc);
        Assert.Equal(results[0].Value!.InvoiceId, ticket.PriceInvoiceId);
        var invoice = await _data.InvoiceAsync(ticket.PriceInvoiceId!.Value);
        Assert.Equal((InvoiceStatus.Paid, InvoiceLineKind.Product, 20_000L), (invoice.Status, invoice.Lines.Single().Kind, invoice.GrossTotal.Minor));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task ApproveChargeAsync_BalanceShort_ClearErrorWithOpenInvoice_ApprovedOncePaid()
    {
        var customer = _data.AddCustomer();
        var ticketId = await TicketAsync(customer);

        var short1 = await Paid().ApproveChargeAsync(customer, ticketId, CancellationToken.None);
        var short2 = await Paid().ApproveChargeAsync(customer, ticketId, CancellationToken.None);

        Assert.Equal(SupportErrors.InsufficientBalance, short1.Error?.Code);
        Assert.Equal(short1.Error!.Details, short2.Error?.Details);
        var invoiceId = Guid.Parse(short1.Error.Details[0]);
        Assert.Equal(InvoiceStatus.Open, (await _data.InvoiceAsync(invoiceId)).Status);
        Assert.Null((await ReadAsync(ticketId)).PriceApprovedAtUtc);
        Assert.False(await Paid().RefreshTicketAsync(customer, ticketId, CancellationToken.None));

        await _data.PayAsync(customer, invoiceId, 20_000, "FNB-2");

        Assert.True(await Paid().RefreshTicketAsync(customer, ticketId, CancellationToken.None));
        Assert.NotNull((await ReadAsync(ticketId)).PriceApprovedAtUtc);
        Assert.False(await Paid().RefreshTicketAsync(customer, ticketId, CancellationToken.None));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task ProposeChargeAsync_StaffChangesPriceUntilBilled_ThenRefused()
    {
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 50_000, "FNB-3");
        var staff = _data.AddAdmin(Roles.Support);
        var ticketId = await TicketAsync(customer, price: null);

        var nothing = await Paid().ApproveChargeAsync(customer, ticketId, CancellationToken.None);
        var set = await Paid().ProposeChargeAsync(staff, ticketId, 35_000, "zar", CancellationToken.None);
        var byCustomer = await Paid().ProposeChargeAsync(customer, ticketId, 1, "ZAR", CancellationToken.None);
        var approved = await Paid().ApproveChargeAsync(customer, ticketId, CancellationToken.None);
        var late = await Paid().ProposeChargeAsync(staff, ticketId, 40_000, "ZAR", CancellationToken.None);

        Assert.Equal(SupportErrors.NothingToApprove, nothing.Error?.Code);
        Assert.True(set.IsSuccess);
        Assert.Equal(SupportErrors.NotStaff, byCustomer.Error?.Code);
        Assert.Equal(35_000, approved.Value!.GrossMinor);
        Assert.Equal(SupportErrors.ChargeInvoiced, late.Error?.Code);
        Assert.Equal(15_000, (await _data.BalanceAsync(customer)).Minor);
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "support.ticket_price_set"));
    }

    [Fact]
    public async Task BuyPackAsync_PaidFromBalance_CreditsIncidentsOnce_DoubleClickOnePurchase()
    {
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 60_000, "FNB-4");

        var first = await Paid().BuyPackAsync(customer, _packs, "form-1", CancellationToken.None);
        var again = await Paid().BuyPackAsync(customer, _packs, "form-1", CancellationToken.None);
        var refreshed = await Paid().RefreshPacksAsync(customer, CancellationToken.None);

        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Equal(first.Value!.InvoiceId, again.Value!.InvoiceId);
        Assert.Equal(0, refreshed);
        Assert.Equal(10_000, (await _data.BalanceAsync(customer)).Minor);
        var offer = Assert.Single(await Paid().PackOffersAsync(customer, CancellationToken.None));
        Assert.Equal((5, 5, 50_000L), (offer.Remaining, offer.IncidentsPerPack, offer.PriceMinor));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task BuyPackAsync_BalanceShort_InvoiceOpen_IncidentsAddedWhenPaid()
    {
        var customer = _data.AddCustomer();

        var bought = await Paid().BuyPackAsync(customer, _packs, "form-2", CancellationToken.None);

        Assert.Equal(SupportErrors.InsufficientBalance, bought.Error?.Code);
        Assert.Equal(0, (await Paid().PackOffersAsync(customer, CancellationToken.None)).Single().Remaining);

        await _data.PayAsync(customer, Guid.Parse(bought.Error!.Details[0]), 50_000, "FNB-5");

        Assert.Equal(5, (await Paid().PackOffersAsync(customer, CancellationToken.None)).Single().Remaining);
        Assert.Equal(0, await Paid().RefreshPacksAsync(customer, CancellationToken.None));
        Assert.Equal(5, (await Paid().PackOffersAsync(customer, CancellationToken.None)).Single().Remaining);
    }

    [Fact]
    public async Task BuyPackAsync_FreeDepartmentOrBadForm_Refused()
    {
        var customer = _data.AddCustomer();

        var free = await Paid().BuyPackAsync(customer, _perTicket, "form-3", CancellationToken.None);
        var noForm = await Paid().BuyPackAsync(customer, _packs, " ", CancellationToken.None);

        Assert.Equal(SupportErrors.NotPaidDepartment, free.Error?.Code);
        Assert.Equal(SupportErrors.RequestIdInvalid, noForm.Error?.Code);
    }
}
