using System.Globalization;
using Bunit;
using GameHost.App.Features.Provisioning.Admin;
using GameHost.App.Features.Provisioning.Cabinet;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Provisioning.Admin;

/// <summary>The one-click refund of a never-delivered order: the staff button and dialog, and what the customer then reads.</summary>
public class RefundToBalanceTests : ProvisioningPageContext
{
    private readonly RefundTestData _data = new();

    public RefundToBalanceTests()
    {
        Services.AddSingleton<TimeProvider>(_data.Time);
        Services.AddSingleton(_data.Contexts);
        Services.AddSingleton<IPterodactylApi>(_data.Provisioning.Panel);
        Services.AddSingleton<IPanelConnectionSource>(new FixedPanelConnection("https://panel.example.test"));
        Services.AddProvisioning();
        Services.AddSingleton(_data.Refund());
        Services.AddScoped<CustomerServicesQuery>();
    }

    protected override void DisposeData() => _data.Dispose();

    [Fact]
    public async Task Refund_AdminConfirmsWithAReason_ShowsCustomerAndAmountThenTheRowsResult()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);
        var amount = order.GrossTotal.Format(CultureInfo.CurrentCulture);
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        var providers = RenderProviders();
        var cut = Render<ProvisioningPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=task-refund]"));

        cut.Find("[data-testid=task-refund]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=refund-confirm]"));
        Assert.Contains("Thandi Nkosi (thandi@players.test)", providers.Find("[data-testid=refund-customer]").TextContent, StringComparison.Ordinal);
        Assert.Equal(amount, providers.Find("[data-testid=refund-amount]").TextContent.Trim());
        providers.Find("[data-testid=refund-confirm]").Click();
        providers.WaitForAssertion(() => Assert.Contains("Say why the order is refunded.", providers.Markup, StringComparison.Ordinal));
        providers.Find("textarea").Input("No node has room");
        providers.Find("[data-testid=refund-confirm]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=task-refunded]"));
        Assert.Contains($"Refunded {amount} to balance · task cancelled", cut.Find("[data-testid=task-refunded]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=task-actions]"));
        providers.WaitForAssertion(() => Assert.Contains($"{amount} is back on Thandi Nkosi's balance; the order is cancelled.",
            System.Net.WebUtility.HtmlDecode(providers.Markup), StringComparison.Ordinal));
        Assert.Equal(order.GrossTotal, await _data.BalanceAsync(customer));
        Assert.Equal(ProvisioningTaskState.Cancelled, (await _data.Provisioning.TaskAsync(order.SubscriptionId, ProvisioningTaskKind.CreateServer)).State);
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(SubscriptionStatus.Cancelled, (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).Status);
    }

    [Fact]
    public async Task Refund_DialogDismissed_ChangesNothing()
    {
        var customer = _data.AddCustomer();
        await _data.FailedOrderAsync(customer);
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        var providers = RenderProviders();
        var cut = Render<ProvisioningPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=task-refund]"));

        cut.Find("[data-testid=task-refund]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=refund-back]"));
        providers.Find("[data-testid=refund-back]").Click();

        providers.WaitForAssertion(() => Assert.Empty(providers.FindAll("[data-testid=refund-confirm]")));
        Assert.Equal(GameHost.Domain.Common.Money.Zero(GameHost.Domain.Common.Currency.ZAR), await _data.BalanceAsync(customer));
        Assert.Single(cut.FindAll("[data-testid=task-actions]"));
    }

    [Fact]
    public async Task Render_SupportAgent_SeesNoRefundButton()
    {
        await _data.FailedOrderAsync(_data.AddCustomer());
        SignIn(_data.SupportId, "sam@gamehost.test", Roles.Support);

        var cut = Render<ProvisioningPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=task-retry]"));
        Assert.Empty(cut.FindAll("[data-testid=task-refund]"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=server-state]"));
        Assert.Empty(cut.FindAll("[data-testid=server-refund]"));
    }

    [Fact]
    public async Task Render_AdminServersTab_OffersTheRefundForTheFailedServerOnly()
    {
        await _data.FailedOrderAsync(_data.AddCustomer());
        var delivered = await _data.PaidOrderAsync(_data.AddCustomer("zola@players.test"), "Zola World");
        await _data.Provisioning.ProvisionAsync(delivered.SubscriptionId);
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);

        var cut = Render<ProvisioningPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=server-state]").Count));
        var refundable = cut.FindAll("[data-testid=servers-table] tbody tr").Where(r => r.QuerySelector("[data-testid=server-refund]") is not null).ToList();
        Assert.Contains("Lobby One", Assert.Single(refundable).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceDetailsPage_RefundedOrder_SaysSoInPlainWords()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);
        Assert.True((await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None)).IsSuccess);
        SignIn(customer, "thandi@players.test", Roles.Customer);

        var cut = Render<ServiceDetailsPage>(p => p.Add(x => x.SubscriptionId, order.SubscriptionId));

        cut.WaitForAssertion(() => cut.Find("[data-testid=service-refunded]"));
        var date = _data.Provisioning.NowUtc.ToString("D", CultureInfo.CurrentCulture);
        Assert.Contains($"We could not create this server; {order.GrossTotal.Format(CultureInfo.CurrentCulture)} was returned to your balance on {date}.",
            cut.Find("[data-testid=service-refunded]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Refunded", cut.Find("[data-testid=service-status]").GetAttribute("data-status"));
        Assert.Empty(cut.FindAll("[data-testid=service-delayed]"));
        Assert.Empty(cut.FindAll("[data-testid=service-panel-status]"));
    }
}
