using Bunit;
using GameHost.App.Features.Billing.Cabinet.Changes;
using GameHost.App.Features.Billing.Cabinet.Products;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.App.Features.Ordering;
using GameHost.Tests.Domain.Billing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Billing.Cabinet.Changes;

/// <summary>The cabinet's cancel page (refund shown before cancelling now) and products page (bought from the balance).</summary>
public class CancelAndProductsPagesTests : OrderPageContext
{
    private RecordPayment Record() => new(Data.Database, new LedgerPosting(Data.Time),
        new InvoiceSettlement(new LedgerPosting(Data.Time), new ProvisioningRequests(Data.Time), Data.Time), Data.Time);

    private async Task<Guid> ActiveServiceAsync(Guid customer, long credit = 0)
    {
        var order = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-2gb"), serverName: "Lobby"));
        await Record().ExecuteAsync(new RecordPaymentCommand(GatewayCodes.BankTransfer, "FNB-" + customer.ToString("N")[..6], customer, order.InvoiceId,
            order.GrossTotal + Money.FromMinor(credit, "ZAR"), Data.NowUtc, Note: null), CancellationToken.None);
        return order.SubscriptionId;
    }

    [Fact]
    public async Task CancelPage_CancelNow_ShowsTheRefundFirstNeedsConsentAndReturnsIt()
    {
        var customer = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(customer);
        Data.Time.Advance(TimeSpan.FromDays(15));
        SignIn(customer);
        var page = Render<CancelServicePage>(p => p.Add(x => x.SubscriptionId, subscription));
        page.WaitForAssertion(() => Assert.Contains("R49.50", page.Find("[data-testid=cancel-refund]").TextContent, StringComparison.Ordinal));
        Assert.True(page.Find("[data-testid=cancel-now]").HasAttribute("disabled"));

        var consent = page.FindComponent<MudBlazor.MudCheckBox<bool>>();
        await page.InvokeAsync(() => consent.Instance.ValueChanged.InvokeAsync(true));
        page.Find("[data-testid=cancel-now]").Click();

        page.WaitForAssertion(() => Assert.Contains("R49.50", page.Find("[data-testid=cancel-done]").TextContent, StringComparison.Ordinal));
        await using var db = Data.Database.CreateDbContext();
        Assert.Equal(SubscriptionStatus.Cancelled, (await db.Subscriptions().SingleAsync(s => s.Id == subscription)).Status);
    }

    [Fact]
    public async Task CancelPage_AtPeriodEnd_SaysWhenItEnds()
    {
        var customer = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(customer);
        SignIn(customer);
        var page = Render<CancelServicePage>(p => p.Add(x => x.SubscriptionId, subscription));
        page.WaitForAssertion(() => page.Find("[data-testid=cancel-at-end]"));

        page.Find("[data-testid=cancel-at-end]").Click();

        // Demo clock: paid on 1 June 2026 for a month.
        page.WaitForAssertion(() => Assert.Contains("7/1/2026", page.Find("[data-testid=cancel-done]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProductsPage_FromAServicePage_BuysForThatServerFromTheBalance()
    {
        var admin = Data.AddCustomer("Olivia Admin", withProfile: false);
        await using (var db = Data.Database.CreateDbContext())
        {
            var role = new GameHost.Domain.Accounts.ApplicationRole { Id = Guid.NewGuid(), Name = "Admin", NormalizedName = "ADMIN" };
            db.Roles.Add(role);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = admin, RoleId = role.Id });
            await db.SaveChangesAsync();
        }

        var product = await new ProductAdmin(Data.Database, new AuditLog(Data.Time), Data.Time).SaveAsync(admin, new ProductForm(null, "World import",
            "Importación de mundo", "We upload your world.", null, NeedsService: true, IsActive: true, new Dictionary<string, long> { ["ZAR"] = 15_000 }), CancellationToken.None);
        var customer = Data.AddCustomer();
        var subscription = await ActiveServiceAsync(customer, credit: 20_000);
        SignIn(customer);
        Navigation.NavigateTo($"/cabinet/products?service={subscription:D}");

        var page = Render<ProductsPage>();
        page.WaitForAssertion(() => Assert.Equal("R150.00", page.Find("[data-testid=product-price]").TextContent.Trim()));
        page.Find("[data-testid=product-buy]").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=product-bought]").GetAttribute("data-paid")));
        await using var check = Data.Database.CreateDbContext();
        var purchase = await check.ProductPurchases().SingleAsync();
        Assert.Equal((product.Value, subscription, ProductPurchaseStatus.ToFulfil), (purchase.ProductId, purchase.SubscriptionId!.Value, purchase.Status));
    }
}
