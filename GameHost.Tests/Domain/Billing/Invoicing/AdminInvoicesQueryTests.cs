using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Invoicing;

namespace GameHost.Tests.Domain.Billing.Invoicing;

/// <summary>Staff's invoice and credit-note lists: filters by status, customer, number and dates, and one invoice with its money.</summary>
public sealed class AdminInvoicesQueryTests : IDisposable
{
    private readonly InvoicingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<IReadOnlyList<string>> NumbersAsync(AdminInvoiceFilter filter) =>
        (await _data.Query().ListAsync(filter, 0, 50, CancellationToken.None)).Items.Select(r => r.Number).ToList();

    [Fact]
    public async Task ListAsync_Filters_ByStatusCustomerNumberAndIssueDates()
    {
        var thandi = _data.AddCustomer("thandi@players.test");
        var paid = await _data.PaidOrderAsync(thandi);
        _data.Time.Advance(TimeSpan.FromDays(2));
        var mallory = _data.Refunds.Provisioning.AddCustomer("mallory@players.test", "Mallory Mayhem");
        await using (var db = await _data.Contexts.CreateDbContextAsync())
        {
            db.CustomerProfiles.Add(new GameHost.Domain.Accounts.CustomerProfile
            {
                Id = Guid.NewGuid(), UserId = mallory, BillingCurrency = "ZAR", CountryCode = "ZA", CreatedAtUtc = _data.Time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        var open = await _data.OrderAsync(mallory);
        var dayTwo = _data.Time.GetUtcNow().UtcDateTime.Date;

        Assert.Equal([open.InvoiceNumber, paid.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter()));
        Assert.Equal([paid.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter(Status: InvoiceStatus.Paid)));
        Assert.Equal([open.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter(Search: "MAYHEM")));
        Assert.Equal([paid.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter(Search: "thandi@players")));
        Assert.Equal([open.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter(Search: open.InvoiceNumber)));
        Assert.Equal([paid.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter(Search: "1")));
        Assert.Equal([open.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter(FromUtc: dayTwo)));
        Assert.Equal([paid.InvoiceNumber], await NumbersAsync(new AdminInvoiceFilter(ToUtc: dayTwo)));
        Assert.Empty(await NumbersAsync(new AdminInvoiceFilter(Status: InvoiceStatus.Void)));
    }

    [Fact]
    public async Task DetailsAsync_CreditedInvoice_ShowsPaymentSettlementAndCreditMovementsAndPerLineCredit()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);
        await _data.CreditNotes().ExecuteAsync(new IssueCreditNoteCommand(_data.AdminId, order.InvoiceId, "form-1", "Goodwill",
            [new CreditLineRequest(1, InvoicingTestData.Zar(2500))]), CancellationToken.None);

        var details = (await _data.Query().DetailsAsync(order.InvoiceId, CancellationToken.None)).Value!;

        Assert.Equal((InvoicingTestData.Zar(2500), InvoicingTestData.Zar(16400)), (details.Credited, details.Remaining));
        Assert.Equal(InvoicingTestData.Zar(2500), Assert.Single(details.Lines).Credited);
        Assert.Contains(details.Movements, m => m.Kind == "invoice_paid" && m.BalanceChange == -order.GrossTotal);
        Assert.Contains(details.Movements, m => m.Kind == CreditNote.TransactionKind && m.BalanceChange == InvoicingTestData.Zar(2500));
        Assert.Equal("CN-000001", Assert.Single(details.CreditNotes).Number);
        Assert.True(details.CanCredit);
        Assert.False(details.CanClose);
    }

    [Fact]
    public async Task CreditNotesAsync_Search_FindsByNumberAndCustomer()
    {
        var first = await _data.PaidOrderAsync(_data.AddCustomer("a@players.test"));
        var second = await _data.PaidOrderAsync(_data.AddCustomer("b@players.test"));
        foreach (var (order, request) in new[] { (first, "f1"), (second, "f2") })
        {
            await _data.CreditNotes().ExecuteAsync(new IssueCreditNoteCommand(_data.AdminId, order.InvoiceId, request, "Goodwill", null), CancellationToken.None);
        }

        var all = await _data.Query().CreditNotesAsync(null, 0, 50, CancellationToken.None);
        var byNumber = await _data.Query().CreditNotesAsync("CN-000002", 0, 50, CancellationToken.None);
        var byEmail = await _data.Query().CreditNotesAsync("a@players", 0, 50, CancellationToken.None);

        Assert.Equal(["CN-000002", "CN-000001"], all.Items.Select(n => n.Number));
        Assert.Equal(second.InvoiceId, Assert.Single(byNumber.Items).InvoiceId);
        Assert.Equal(first.InvoiceId, Assert.Single(byEmail.Items).InvoiceId);
    }
}
