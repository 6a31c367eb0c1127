using Bunit;
using GameHost.App.Features.Billing.Cabinet.Pools;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.App.Features.Ordering;
using Microsoft.AspNetCore.Identity;

namespace GameHost.Tests.App.Features.Billing.Cabinet.Pools;

/// <summary>The cabinet's pool page: usage bars, and a server that does not fit is refused in plain words.</summary>
public class PoolPageTests : OrderPageContext
{
    private async Task<(Guid Customer, Guid Pool)> PaidPoolAsync()
    {
        var admin = Data.AddCustomer("Olivia Admin", withProfile: false);
        await using (var db = Data.Database.CreateDbContext())
        {
            var role = new GameHost.Domain.Accounts.ApplicationRole { Id = Guid.NewGuid(), Name = "Admin", NormalizedName = "ADMIN" };
            db.Roles.Add(role);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = admin, RoleId = role.Id });
            await db.SaveChangesAsync();
        }

        var settlement = new InvoiceSettlement(new LedgerPosting(Data.Time), new ProvisioningRequests(Data.Time), Data.Time);
        var pools = new PoolPurchases(Data.Database, new GameHost.Domain.Billing.NoTaxYet(), settlement, new AuditLog(Data.Time), Data.Time);
        var plan = await pools.SavePlanAsync(admin, new PoolPlanForm(null, "Pool 16 GB", "Pool 16 GB", 16_384, 204_800, 400, 3, true,
            [(BillingPeriod.Month1, "ZAR", 60_000)]), CancellationToken.None);
        var customer = Data.AddCustomer();
        var record = new RecordPayment(Data.Database, new LedgerPosting(Data.Time), settlement, Data.Time);
        await record.ExecuteAsync(new RecordPaymentCommand(GatewayCodes.BankTransfer, "FNB-POOL", customer, null, Money.FromMinor(60_000, "ZAR"), Data.NowUtc, Note: null),
            CancellationToken.None);
        var bought = await pools.BuyAsync(new BuyPoolCommand(customer, plan.Value, BillingPeriod.Month1, "pool-1"), CancellationToken.None);
        var servers = new PoolServers(Data.Database, Data.Capacity, new ProvisioningRequests(Data.Time), Data.Time);
        var created = await servers.CreateAsync(customer, bought.Value!.PoolId, new PoolServerRequest(Data.TariffId("paper-4gb"), 1, "Lobby", 12_288, 51_200, 200), "s-1",
            CancellationToken.None);
        Assert.True(created.IsSuccess, created.Error?.Code);
        return (customer, bought.Value.PoolId);
    }

    [Fact]
    public async Task PoolPage_WithAServer_ShowsUsageBarsAndTheServer()
    {
        var (customer, pool) = await PaidPoolAsync();
        SignIn(customer);

        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, pool));

        page.WaitForAssertion(() => Assert.Equal("Pool 16 GB", page.Find("[data-testid=pool-name]").TextContent.Trim()));
        var memory = page.Find("[data-testid=pool-bar][data-resource=memory]");
        Assert.Equal(("12288", "16384"), (memory.GetAttribute("data-used"), memory.GetAttribute("data-total")));
        Assert.Contains("12 GB of 16 GB", memory.TextContent, StringComparison.Ordinal);
        var slots = page.Find("[data-testid=pool-bar][data-resource=servers]");
        Assert.Equal(("1", "3"), (slots.GetAttribute("data-used"), slots.GetAttribute("data-total")));
        Assert.Equal("Lobby", Assert.Single(page.FindAll("[data-testid=pool-server-row]")).TextContent.Trim());
    }

    [Fact]
    public async Task PoolPage_ServerBiggerThanWhatIsLeft_IsRefusedWithAPlainMessage()
    {
        var (customer, pool) = await PaidPoolAsync();
        SignIn(customer);
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, pool));
        page.WaitForAssertion(() => page.Find("[data-testid=pool-server-form]"));

        Type(page.Find("[data-testid=pool-server-name]"), "Survival");
        Type(page.Find("[data-testid=pool-server-memory]"), "8192");
        page.Find("[data-testid=pool-server-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("The pool has not enough memory, disk, CPU or server slots left for this.",
            page.Find("[data-testid=pool-server-error]").TextContent.Trim()));
        Assert.Single(page.FindAll("[data-testid=pool-server-row]"));
    }

    [Fact]
    public async Task PoolPage_DeleteAServer_FreesItsShare()
    {
        var (customer, pool) = await PaidPoolAsync();
        SignIn(customer);
        var page = Render<PoolPage>(p => p.Add(x => x.PoolId, pool));
        page.WaitForAssertion(() => page.Find("[data-testid=pool-server-delete]"));

        page.Find("[data-testid=pool-server-delete]").Click();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=pool-bar][data-resource=memory]").GetAttribute("data-used")));
        Assert.NotNull(page.Find("[data-testid=pool-servers-empty]"));
    }
}
