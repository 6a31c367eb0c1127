using Bunit;
using GameHost.App.Features.Billing.Cabinet;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Invoicing;
using GameHost.Tests.App.Features.Billing.Admin;

namespace GameHost.Tests.App.Features.Billing;

/// <summary>The customer's side of invoicing: credit notes listed and viewable, reverse charge and void invoices explained.</summary>
public class CreditNotePagesTests : AdminBillingPageContext
{
    [Fact]
    public async Task CabinetPages_CreditedInvoice_ListTheNoteAndShowItWithItsReasonAndAmount()
    {
        var customer = Data.AddCustomer();
        var order = await Data.PaidOrderAsync(customer);
        var issued = await Data.CreditNotes().ExecuteAsync(new IssueCreditNoteCommand(Data.AdminId, order.InvoiceId, "form-1", "Server down for three days",
            [new CreditLineRequest(1, GameHost.Tests.Domain.Billing.Invoicing.InvoicingTestData.Zar(5000))]), CancellationToken.None);
        SignIn(customer, Roles.Customer);

        var list = Render<InvoicesPage>();
        list.WaitForAssertion(() => Assert.Equal("CN-000001", list.Find("[data-testid=credit-note-link]").TextContent.Trim()));
        var invoice = Render<InvoicePage>(p => p.Add(x => x.Id, order.InvoiceId));
        invoice.WaitForAssertion(() => Assert.Contains("R50.00", invoice.Find("[data-testid=invoice-credited]").TextContent, StringComparison.Ordinal));
        Assert.Equal("15%", invoice.Find("[data-testid=invoice-line-rate]").TextContent.Trim());
        var note = Render<CreditNotePage>(p => p.Add(x => x.Id, issued.Value!.CreditNoteId));

        note.WaitForAssertion(() => Assert.Equal("Credit note CN-000001", note.Find("[data-testid=credit-note-number]").TextContent.Trim()));
        Assert.Equal("Server down for three days", note.Find("[data-testid=credit-note-reason]").TextContent.Trim());
        Assert.Equal("R50.00", note.Find("[data-testid=credit-note-gross]").TextContent.Trim());
        Assert.Equal("INV-000001", note.Find("[data-testid=credit-note-invoice]").TextContent.Trim());
    }

    [Fact]
    public async Task CreditNotePage_AnotherCustomersNote_IsNotFound()
    {
        var order = await Data.PaidOrderAsync(Data.AddCustomer());
        var issued = await Data.CreditNotes().ExecuteAsync(new IssueCreditNoteCommand(Data.AdminId, order.InvoiceId, "form-1", "Goodwill", null), CancellationToken.None);
        SignIn(Data.AddCustomer("mallory@players.test"), Roles.Customer);

        var page = Render<CreditNotePage>(p => p.Add(x => x.Id, issued.Value!.CreditNoteId));

        page.WaitForAssertion(() => page.Find("[data-testid=credit-note-not-found]"));
        Assert.DoesNotContain("CN-000001", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvoicePage_SpanishBusinessUnderReverseCharge_SaysSoAndChargesNoTax()
    {
        await Data.Taxes().AddKnownAsync(Data.AdminId, "ES", CancellationToken.None);
        var customer = Data.Refunds.Provisioning.AddCustomer("ana@creepers.test", "Ana García");
        await using (var db = await Data.Contexts.CreateDbContextAsync())
        {
            db.CustomerProfiles.Add(new CustomerProfile
            {
                Id = Guid.NewGuid(), UserId = customer, BillingCurrency = "ZAR", CountryCode = "ES", Company = "Creepers SL", VatNumber = "ESB12345678",
                CreatedAtUtc = Data.Time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        var order = await Data.OrderAsync(customer);
        SignIn(customer, Roles.Customer);
        var page = Render<InvoicePage>(p => p.Add(x => x.Id, order.InvoiceId));

        page.WaitForAssertion(() => Assert.Contains("Reverse charge", page.Find("[data-testid=invoice-reverse-charge]").TextContent, StringComparison.Ordinal));
        Assert.Equal("R0.00", page.Find("[data-testid=invoice-tax]").TextContent.Trim());
        // The catalog price includes Spanish IVA (21 %); the business pays it without: 189.00 / 1.21 = R 156.20.
        Assert.Equal("R156.20", page.Find("[data-testid=invoice-gross]").TextContent.Trim());
    }

    [Fact]
    public async Task InvoicePage_VoidedInvoice_ExplainsWhyAndOffersNoPayment()
    {
        var customer = Data.AddCustomer();
        var order = await Data.OrderAsync(customer);
        await Data.Actions().ExecuteAsync(new InvoiceActionCommand(Data.AdminId, order.InvoiceId, InvoiceAction.Void, "Ordered twice by mistake"), CancellationToken.None);
        SignIn(customer, Roles.Customer);

        var page = Render<InvoicePage>(p => p.Add(x => x.Id, order.InvoiceId));

        page.WaitForAssertion(() => Assert.Contains("Ordered twice by mistake", page.Find("[data-testid=invoice-closed]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=pay-from-balance]"));
    }
}
