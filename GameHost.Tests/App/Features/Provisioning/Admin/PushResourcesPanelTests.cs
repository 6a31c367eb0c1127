using Bunit;
using GameHost.App.Features.Provisioning.Admin;
using GameHost.Domain.Accounts;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Provisioning.Admin;

public class PushResourcesPanelTests : ProvisioningPageContext
{
    private readonly ProvisioningTestData _data = new();

    public PushResourcesPanelTests()
    {
        Services.AddSingleton<TimeProvider>(_data.Time);
        Services.AddSingleton(_data.Contexts);
        Services.AddSingleton<IPterodactylApi>(_data.Panel);
        Services.AddProvisioning();
    }

    protected override void DisposeData() => _data.Dispose();

    [Fact]
    public async Task Push_Confirmed_QueuesTheServersAndShowsNothingLeft()
    {
        var tariff = _data.TariffId();
        var subscription = await _data.RequestServerAsync();
        await using (var db = await _data.Contexts.CreateDbContextAsync())
        {
            var version = await db.TariffVersions().SingleAsync(v => v.TariffId == tariff);
            await db.TariffVersions().Where(v => v.Id == version.Id).ExecuteUpdateAsync(set => set.SetProperty(v => v.Resources.MemoryMb, 6144));
        }

        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        var providers = RenderProviders();
        var cut = Render<PushResourcesPanel>(p => p.Add(x => x.TariffId, tariff));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=push-summary]").GetAttribute("data-count")));
        Assert.Contains("1 of 1 live servers", cut.Find("[data-testid=push-summary]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=push-button]").Click();
        Confirm(providers);

        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=push-summary]").GetAttribute("data-count")));
        Assert.Empty(cut.FindAll("[data-testid=push-button]"));
        Assert.Equal(6144, (await _data.ServerAsync(subscription)).Limits.MemoryMb);
        Assert.Contains(await _data.TasksAsync(subscription), t => t.Kind == ProvisioningTaskKind.ApplyBuild);
    }
}
