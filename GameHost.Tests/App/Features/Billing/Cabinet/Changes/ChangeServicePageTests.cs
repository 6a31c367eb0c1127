using Bunit;
using GameHost.App.Features.Billing.Cabinet.Changes;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.App.Features.Ordering;
using GameHost.Tests.Domain.Billing;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GameHost.Tests.App.Features.Billing.Cabinet.Changes;

/// <summary>The cabinet's change page: the price of the change is shown before anything can be confirmed.</summary>
public class ChangeServicePageTests : OrderPageContext
{
    private async Task<Guid> ActiveServiceAsync(Guid customer, long credit)
    {
        var order = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-2gb")));
        var record = new RecordPayment(Data.Database, new LedgerPosting(Data.Time),
            new InvoiceSettlement(new LedgerPosting(Data.Time), new ProvisioningRequests(Data.Time), Data.Time), Data.Time);
        var paid = await record.ExecuteAsync(new RecordPaymentCommand(GatewayCodes.BankTransfer, "FNB-" + customer.ToString("N")[..6], customer, order.InvoiceId,
            order.GrossTotal + Money.FromMinor(credit, "ZAR"), Data.NowUtc, Note: null), CancellationToken.None);
        Assert.True(paid.IsSuccess, paid.Error?.Code);
        return order.SubscriptionId;
    }

    private IRenderedComponent<ChangeServicePage> Open(Guid subscription)
    {
        var page = Render<ChangeServicePage>(p => p.Add(x => x.SubscriptionId, subscription));
        page.WaitForAssertion(() => page.Find("[data-testid=change-get-quote]"));
        return page;
    }

    [Fact]
    public async Task ChangePage_BeforeAQuote_OffersNoConfirmAndShowsThePriceFirst()
    {
        var customer = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(customer, credit: 10_000);
        Data.Time.Advance(TimeSpan.FromDays(15));
        SignIn(customer);
        var page = Open(subscription);

        Assert.Empty(page.FindAll("[data-testid=change-confirm]"));
        Assert.NotNull(page.Find("[data-testid=change-no-quote]"));
        var select = page.FindComponent<MudSelect<Guid>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Data.TariffId("paper-4gb")));
        page.Find("[data-testid=change-get-quote]").Click();

        page.WaitForAssertion(() => Assert.Equal("Upgrade", page.Find("[data-testid=change-quote]").GetAttribute("data-direction")));
        Assert.Equal("R45.00", page.Find("[data-testid=quote-gross]").TextContent.Trim()); // (189 − 99) × 15/30.
        Assert.Contains("R189.00", page.Find("[data-testid=quote-new-price]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=change-confirm]"));
        // Nothing changed yet: only the quote was shown.
        await using var db = Data.Database.CreateDbContext();
        Assert.Equal(9900, (await db.Subscriptions().SingleAsync(s => s.Id == subscription)).RecurringNet.Minor);
    }

    [Fact]
    public async Task ChangePage_EditAfterTheQuote_QuotesTheNewChoiceBeforeConfirmIsOffered()
    {
        var customer = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(customer, credit: 10_000);
        SignIn(customer);
        var page = Open(subscription);
        var select = page.FindComponent<MudSelect<Guid>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Data.TariffId("paper-4gb")));
        page.Find("[data-testid=change-get-quote]").Click();
        page.WaitForAssertion(() => Assert.Contains("R189.00", page.Find("[data-testid=quote-new-price]").TextContent, StringComparison.Ordinal));

        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Data.TariffId("paper-8gb")));

        // The confirm button only ever sits under the price of what the form shows now.
        page.WaitForAssertion(() => Assert.Equal(Data.TariffId("paper-8gb").ToString(), page.Find("[data-testid=change-quote]").GetAttribute("data-tariff")));
        Assert.Contains("R349.00", page.Find("[data-testid=quote-new-price]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=change-confirm]"));
    }

    [Fact]
    public async Task ChangePage_QuoteAskedBeforeTheChoiceArrives_ShowsThePriceOfTheLatestChoice()
    {
        // In the browser the click on "Get quote" can reach the page before the select's new value does: the quote
        // must still end up answering the choice the customer made, never the tariff the service already has.
        var customer = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(customer, credit: 10_000);
        Data.Time.Advance(TimeSpan.FromDays(15));
        SignIn(customer);
        var page = Open(subscription);
        var select = page.FindComponent<MudSelect<Guid>>();

        page.Find("[data-testid=change-get-quote]").Click();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Data.TariffId("paper-4gb")));

        page.WaitForAssertion(() => Assert.Equal("Upgrade", page.Find("[data-testid=change-quote]").GetAttribute("data-direction")));
        Assert.Equal(Data.TariffId("paper-4gb").ToString(), page.Find("[data-testid=change-quote]").GetAttribute("data-tariff"));
        Assert.Contains("R189.00", page.Find("[data-testid=quote-new-price]").TextContent, StringComparison.Ordinal);
        Assert.Equal("R45.00", page.Find("[data-testid=quote-gross]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=change-error]"));
    }

    [Fact]
    public async Task ChangePage_ConfirmAfterAQuote_AppliesTheQuotedTariff()
    {
        var customer = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(customer, credit: 10_000);
        SignIn(customer);
        var page = Open(subscription);
        var select = page.FindComponent<MudSelect<Guid>>();
        page.Find("[data-testid=change-get-quote]").Click();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Data.TariffId("paper-4gb")));
        page.WaitForAssertion(() => page.Find("[data-testid=change-confirm]"));

        page.Find("[data-testid=change-confirm]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=change-applied]"));
        await using var db = Data.Database.CreateDbContext();
        var saved = await db.Subscriptions().SingleAsync(s => s.Id == subscription);
        Assert.Equal((Data.TariffId("paper-4gb"), 18900L), (saved.TariffId, saved.RecurringNet.Minor));
    }

    [Fact]
    public async Task ChangePage_ConfirmDowngrade_AppliesAndSaysWhatWentBackToTheBalance()
    {
        var customer = Data.AddCustomer();
        var order = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-4gb")));
        var record = new RecordPayment(Data.Database, new LedgerPosting(Data.Time),
            new InvoiceSettlement(new LedgerPosting(Data.Time), new ProvisioningRequests(Data.Time), Data.Time), Data.Time);
        await record.ExecuteAsync(new RecordPaymentCommand(GatewayCodes.BankTransfer, "FNB-D", customer, order.InvoiceId, order.GrossTotal, Data.NowUtc, Note: null), CancellationToken.None);
        Data.Time.Advance(TimeSpan.FromDays(15));
        SignIn(customer);
        var page = Open(order.SubscriptionId);
        var select = page.FindComponent<MudSelect<Guid>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Data.TariffId("paper-2gb")));
        page.Find("[data-testid=change-get-quote]").Click();
        page.WaitForAssertion(() => Assert.Equal("Downgrade", page.Find("[data-testid=change-quote]").GetAttribute("data-direction")));

        page.Find("[data-testid=change-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("R45.00", page.Find("[data-testid=change-applied]").TextContent, StringComparison.Ordinal));
        await using var db = Data.Database.CreateDbContext();
        Assert.Equal(9900, (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).RecurringNet.Minor);
    }

    [Fact]
    public async Task ChangePage_AnotherCustomersService_IsNotFound()
    {
        var owner = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(owner, credit: 0);
        SignIn(Data.AddCustomer(name: "Mallory"));

        var page = Render<ChangeServicePage>(p => p.Add(x => x.SubscriptionId, subscription));

        page.WaitForAssertion(() => page.Find("[data-testid=change-not-found]"));
    }
}
