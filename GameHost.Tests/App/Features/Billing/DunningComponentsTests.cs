using Bunit;
using GameHost.App.Features.Billing.Cabinet;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.App.Features.Ordering;
using GameHost.Tests.Domain.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.App.Features.Billing;

/// <summary>The invoice page of an overdue renewal: its dunning timeline and the promised-payment button.</summary>
public class DunningComponentsTests : OrderPageContext
{
    [Fact]
    public async Task InvoicePage_OverdueRenewal_ShowsTimelineAndTakesPromisedPayment()
    {
        var customer = Data.AddCustomer();
        var order = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-2gb")));
        var ledger = new LedgerPosting(Data.Time);
        var settlement = new InvoiceSettlement(ledger, new ProvisioningRequests(Data.Time), Data.Time);
        var paid = await new RecordPayment(Data.Database, ledger, settlement, Data.Time).ExecuteAsync(
            new RecordPaymentCommand(GatewayCodes.BankTransfer, "order", customer, order.InvoiceId, order.GrossTotal, Data.NowUtc), CancellationToken.None);
        Assert.True(paid.IsSuccess);
        DateTime paidUntil;
        await using (var db = Data.Database.CreateDbContext())
        {
            paidUntil = (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).PaidUntilUtc!.Value;
        }

        Data.Time.Advance(paidUntil.AddDays(-7) - Data.NowUtc);
        await new RenewalSweep(Data.Database, ledger, settlement, new NoTaxYet(), new NoAutoPay(), Options.Create(new RenewalOptions()), Data.Time)
            .RunAsync(CancellationToken.None);
        Data.Time.Advance(TimeSpan.FromDays(8));
        Guid renewalId;
        await using (var db = Data.Database.CreateDbContext())
        {
            renewalId = (await db.Invoices().SingleAsync(i => i.SubscriptionId == order.SubscriptionId && i.ServicePeriodStartUtc != null)).Id;
        }

        SignIn(customer);
        var page = Render<InvoicePage>(p => p.Add(x => x.Id, renewalId));

        page.WaitForAssertion(() => page.Find("[data-testid=dunning-timeline]"));
        Assert.NotNull(page.Find("[data-testid=dunning-step-Suspension-0]"));
        Assert.Contains("Reminder 3 days before the due date", page.Find("[data-testid=dunning-step-ReminderBeforeDue-3]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=promise-take]").Click();

        page.WaitForAssertion(() => Assert.Contains("Promised payment taken", page.Find("[data-testid=promise-state]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=promise-take]"));
    }
}
