using GameHost.Domain.Billing.Changes;
using Bunit;
using GameHost.App.Features.Provisioning.Cabinet;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Billing;
using GameHost.Tests.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.App.Features.Provisioning.Cabinet;

/// <summary>
/// The customer's server pages over a real order (subscription and invoice from PlaceOrder), paid by hand as Billing
/// will do it, and provisioned by the real processor against the fake panel.
/// </summary>
public class ServicePagesTests : ProvisioningPageContext
{
    private const string PanelUrl = "https://panel.example.test";
    private readonly BillingTestData _data = new();
    private readonly FakePanel _panel = new();

    public ServicePagesTests()
    {
        Services.AddSingleton<TimeProvider>(_data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(_data.Database);
        Services.AddSingleton<IPterodactylApi>(_panel);
        Services.AddSingleton<IPanelConnectionSource>(new FixedPanelConnection(PanelUrl));
        Services.AddProvisioning();
        Services.AddScoped<CustomerServicesQuery>();
        // The service page carries the billing card (change plan, cancel, extras).
        Services.AddBillingChanges();
        Services.AddSingleton<GameHost.Domain.Billing.ITaxPolicy>(new GameHost.Domain.Billing.NoTaxYet());
        Services.AddScoped<GameHost.Domain.Billing.Ledger.LedgerPosting>();
        Services.AddScoped<GameHost.Domain.Billing.Ledger.InvoiceSettlement>();
    }

    protected override void DisposeData() => _data.Dispose();

    private async Task<(Guid Customer, PlacedOrder Order)> OrderAsync(string serverName = "Thandi SMP")
    {
        var customer = _data.AddCustomer();
        var order = await _data.PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb"), serverName: serverName,
            addOns: new Dictionary<string, int> { ["extra-memory"] = 1 }));
        return (customer, order);
    }

    /// <summary>What paying will do in Billing: the subscription turns active and its server is requested in the same save.</summary>
    private async Task PayAsync(Guid subscriptionId)
    {
        await using var db = _data.Database.CreateDbContext();
        var subscription = await db.Subscriptions().SingleAsync(s => s.Id == subscriptionId);
        subscription.Status = SubscriptionStatus.Active;
        await new ProvisioningRequests(_data.Time).RequestServerAsync(db, await ProvisioningOrders.ForAsync(db, subscription, CancellationToken.None), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private Task<ProvisioningRunResult> RunProcessorAsync() => new ProvisioningProcessor(
        _data.Database, _panel, new ProvisioningAlerts(_data.Time, Options.Create(new ProvisioningSiteOptions()), GameHost.Tests.TestSupport.TestNotifier.Create(_data.Time)), _data.Time,
        Options.Create(new ProvisioningQueueOptions()), NullLogger<ProvisioningProcessor>.Instance).RunAsync(CancellationToken.None);

    private void SignInCustomer(Guid customer) => SignIn(customer, "customer@players.test", Roles.Customer);

    [Fact]
    public async Task ServicesPage_UnpaidOrder_ShowsWaitingForPaymentWithTheInvoiceLink()
    {
        var (customer, order) = await OrderAsync();
        SignInCustomer(customer);

        var cut = Render<ServicesPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=service-status]"));
        Assert.Equal("WaitingForPayment", cut.Find("[data-testid=service-status]").GetAttribute("data-status"));
        Assert.Contains("Waiting for payment", cut.Find("[data-testid=service-status]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/cabinet/billing/invoices/{order.InvoiceId:D}", cut.Find("[data-testid=service-invoice]").GetAttribute("href"));
        Assert.Contains("Thandi SMP", cut.Find("[data-testid=service-link]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServicesPage_NoOrders_InvitesToOrder()
    {
        SignInCustomer(_data.AddCustomer());

        var cut = Render<ServicesPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=services-empty]"));
    }

    [Fact]
    public async Task DetailsPage_PaidAndInstalling_ShowsPanelStatusAddressResourcesAndPanelLink()
    {
        var (customer, order) = await OrderAsync();
        await PayAsync(order.SubscriptionId);
        await RunProcessorAsync();
        SignInCustomer(customer);

        var cut = Render<ServiceDetailsPage>(p => p.Add(x => x.SubscriptionId, order.SubscriptionId));

        cut.WaitForAssertion(() => cut.Find("[data-testid=service-name]"));
        Assert.Equal("Installing", cut.Find("[data-testid=service-status]").GetAttribute("data-status"));
        Assert.Equal("installing", cut.Find("[data-testid=panel-status]").GetAttribute("data-status"));
        var panelServer = _panel.Servers.Values.Single();
        Assert.Equal(panelServer.PrimaryAllocation!.Address, cut.Find("[data-testid=service-address]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=service-address-copy]"));
        Assert.Equal($"{PanelUrl}/server/{panelServer.Identifier}", cut.Find("[data-testid=open-in-panel]").GetAttribute("href"));
        Assert.Equal(_panel.Users.Single().Username, cut.Find("[data-testid=panel-username]").TextContent.Trim());

        // Paper 4 GB with +1 GB RAM: 5 GB, 20 GB disk, 300 % CPU, 2 databases, 3 backups, 1 + 2 ports.
        Assert.Equal("5 GB", cut.Find("[data-testid=resource-memory]").TextContent.Trim());
        Assert.Equal("20 GB", cut.Find("[data-testid=resource-disk]").TextContent.Trim());
        Assert.Equal("300 %", cut.Find("[data-testid=resource-cpu]").TextContent.Trim());
        Assert.Equal(("2", "3", "3"), (cut.Find("[data-testid=resource-databases]").TextContent.Trim(),
            cut.Find("[data-testid=resource-backups]").TextContent.Trim(), cut.Find("[data-testid=resource-ports]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=service-delayed]"));

        _panel.FinishInstalls();
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        await RunProcessorAsync();
        var again = Render<ServiceDetailsPage>(p => p.Add(x => x.SubscriptionId, order.SubscriptionId));

        again.WaitForAssertion(() => Assert.Equal("Running", again.Find("[data-testid=service-status]").GetAttribute("data-status")));
        Assert.Equal("none", again.Find("[data-testid=panel-status]").GetAttribute("data-status"));
        Assert.Contains("Running", again.Find("[data-testid=panel-status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailsPage_ResetPanelPassword_ShowsTheNewPasswordOnce()
    {
        var (customer, order) = await OrderAsync();
        await PayAsync(order.SubscriptionId);
        await RunProcessorAsync();
        SignInCustomer(customer);
        var providers = RenderProviders();
        var cut = Render<ServiceDetailsPage>(p => p.Add(x => x.SubscriptionId, order.SubscriptionId));
        cut.WaitForAssertion(() => cut.Find("[data-testid=reset-password]"));
        Assert.Empty(cut.FindAll("[data-testid=new-password]"));

        cut.Find("[data-testid=reset-password]").Click();
        Confirm(providers);

        cut.WaitForAssertion(() => cut.Find("[data-testid=new-password-value]"));
        var shown = cut.Find("[data-testid=new-password-value]").TextContent.Trim();
        var (_, update) = Assert.Single(_panel.UserUpdates);
        var user = _panel.Users.Single();
        Assert.Equal(shown, update.Password);
        Assert.Equal(ResetPanelPassword.PasswordLength, shown.Length);
        Assert.Equal((user.Email, user.Username, user.FirstName, user.LastName, customer.ToString("D")),
            (update.Email, update.Username, update.FirstName, update.LastName, update.ExternalId));

        var later = Render<ServiceDetailsPage>(p => p.Add(x => x.SubscriptionId, order.SubscriptionId));
        later.WaitForAssertion(() => later.Find("[data-testid=reset-password]"));
        Assert.Empty(later.FindAll("[data-testid=new-password]"));
        Assert.DoesNotContain(shown, later.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailsPage_AnotherCustomersServer_IsNotFound()
    {
        var (_, order) = await OrderAsync();
        await PayAsync(order.SubscriptionId);
        await RunProcessorAsync();
        SignInCustomer(_data.AddCustomer(name: "Someone Else"));

        var cut = Render<ServiceDetailsPage>(p => p.Add(x => x.SubscriptionId, order.SubscriptionId));

        cut.WaitForAssertion(() => cut.Find("[data-testid=service-not-found]"));
        Assert.Empty(cut.FindAll("[data-testid=service-address]"));
        Assert.Empty(cut.FindAll("[data-testid=reset-password]"));
    }

    [Fact]
    public async Task DetailsPage_PaidServerLate_ExplainsPolitely()
    {
        var (customer, order) = await OrderAsync();
        await PayAsync(order.SubscriptionId);
        _panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.OutOfStock, 400, "NoViableNodeException"));
        await RunProcessorAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(45));
        SignInCustomer(customer);

        var cut = Render<ServiceDetailsPage>(p => p.Add(x => x.SubscriptionId, order.SubscriptionId));

        cut.WaitForAssertion(() => cut.Find("[data-testid=service-delayed]"));
        Assert.Contains("taking longer than usual", cut.Find("[data-testid=service-delayed]").TextContent, StringComparison.Ordinal);
        Assert.Equal("NeedsAttention", cut.Find("[data-testid=service-status]").GetAttribute("data-status"));
        Assert.NotNull(cut.Find("[data-testid=panel-not-ready]"));
    }
}
