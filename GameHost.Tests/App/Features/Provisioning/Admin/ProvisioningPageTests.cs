using Bunit;
using GameHost.App.Features.Provisioning.Admin;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Tests.App.Features.Provisioning.Admin;

/// <summary>The staff provisioning page over a real store, with tasks put in the admin queue by the real processor.</summary>
public class ProvisioningPageTests : ProvisioningPageContext
{
    private readonly ProvisioningTestData _data = new();

    public ProvisioningPageTests()
    {
        Services.AddSingleton<TimeProvider>(_data.Time);
        Services.AddSingleton(_data.Contexts);
        Services.AddSingleton<IPterodactylApi>(_data.Panel);
        Services.AddProvisioning();
        Services.AddSingleton(new GameHost.Domain.Billing.Ledger.RefundUnprovisionedOrder(_data.Contexts,
            new GameHost.Domain.Billing.Ledger.LedgerPosting(_data.Time), _data.Requests(), new AuditLog(_data.Time), _data.Time,
            Microsoft.Extensions.Options.Options.Create(_data.Site), GameHost.Tests.TestSupport.TestNotifier.Create(_data.Time)));
    }

    protected override void DisposeData() => _data.Dispose();

    private async Task<(Guid Subscription, long TaskId)> FailedCreateAsync()
    {
        var subscription = await _data.RequestServerAsync(spec: _data.Spec(name: "Lobby One"));
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.OutOfStock, 400, "NoViableNodeException", "No node in Johannesburg has room."));
        await _data.RunAsync();
        return (subscription, (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).Id);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await _data.Contexts.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Render_FailedTask_ShowsServerCustomerKindAttemptsAndThePanelsWords()
    {
        await FailedCreateAsync();
        SignIn(_data.SupportId, "sam@gamehost.test", Roles.Support);

        var cut = Render<ProvisioningPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=task-actions]"));
        var row = cut.Find("[data-testid=failed-tasks] tbody tr").TextContent;
        Assert.Contains("Lobby One", row, StringComparison.Ordinal);
        Assert.Contains("Create server", row, StringComparison.Ordinal);
        Assert.Contains("Out of stock", row, StringComparison.Ordinal);
        Assert.Contains("NoViableNodeException", row, StringComparison.Ordinal);
        Assert.Contains("No node in Johannesburg has room.", row, StringComparison.Ordinal);
        Assert.Contains("Needs attention (1)", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=queue-paused]"));
    }

    [Fact]
    public async Task Retry_Confirmed_PutsTheTaskBackAndAuditsIt()
    {
        var (subscription, taskId) = await FailedCreateAsync();
        SignIn(_data.SupportId, "sam@gamehost.test", Roles.Support);
        var providers = RenderProviders();
        var cut = Render<ProvisioningPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=task-retry]"));

        cut.Find("[data-testid=task-retry]").Click();
        Confirm(providers);

        cut.WaitForAssertion(() => cut.Find("[data-testid=failed-empty]"));
        Assert.Contains("The task will run again shortly.", providers.Markup, StringComparison.Ordinal);
        Assert.Contains("Lobby One", cut.Find("[data-testid=inflight-tasks]").TextContent, StringComparison.Ordinal);
        Assert.Equal(ProvisioningTaskState.Pending, (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).State);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((ProvisioningQueueAudit.RetriedAction, taskId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.Action, entry.SubjectId));
    }

    [Fact]
    public async Task Retry_Dismissed_ChangesNothing()
    {
        var (subscription, _) = await FailedCreateAsync();
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        var providers = RenderProviders();
        var cut = Render<ProvisioningPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=task-retry]"));

        cut.Find("[data-testid=task-retry]").Click();
        providers.WaitForAssertion(() => providers.Find(".mud-message-box"));
        providers.FindAll(".mud-message-box button")[0].Click();

        providers.WaitForAssertion(() => Assert.Empty(providers.FindAll(".mud-message-box")));
        Assert.Equal(ProvisioningTaskState.Failed, (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).State);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Cancel_AsksForAReasonThenCancels()
    {
        var (subscription, _) = await FailedCreateAsync();
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        var providers = RenderProviders();
        var cut = Render<ProvisioningPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=task-cancel]"));

        cut.Find("[data-testid=task-cancel]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=cancel-confirm]"));
        providers.Find("[data-testid=cancel-confirm]").Click();
        providers.WaitForAssertion(() => Assert.Contains("Say why the task is cancelled.", providers.Markup, StringComparison.Ordinal));
        providers.Find("textarea").Input("Refunded to the customer");
        providers.Find("[data-testid=cancel-confirm]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=failed-empty]"));
        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Cancelled, "Refunded to the customer"), (task.State, task.CancelReason));
        Assert.Equal(ProvisioningQueueAudit.CancelledAction, Assert.Single(await AuditAsync()).Action);
    }

    [Fact]
    public async Task MarkDone_Confirmed_MarksTheTaskDone()
    {
        var (subscription, _) = await FailedCreateAsync();
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        var providers = RenderProviders();
        var cut = Render<ProvisioningPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=task-mark-done]"));

        cut.Find("[data-testid=task-mark-done]").Click();
        Confirm(providers);

        cut.WaitForAssertion(() => cut.Find("[data-testid=failed-empty]"));
        Assert.Equal(ProvisioningTaskState.Done, (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).State);
        Assert.Equal(ProvisioningQueueAudit.MarkedDoneAction, Assert.Single(await AuditAsync()).Action);
        Assert.Contains("The task is marked done.", providers.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_QueuePausedByCredentials_ShowsTheBannerAndResumes()
    {
        await _data.RequestServerAsync();
        _data.Panel.Fail("GetUserByExternalId", FakePanel.Failure(PanelFailureKind.Credentials, 401, "AuthenticationException", "Unauthenticated."));
        await _data.RunAsync();
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        RenderProviders();
        var cut = Render<ProvisioningPage>();

        cut.WaitForAssertion(() => Assert.Contains("AuthenticationException: Unauthenticated.", cut.Find("[data-testid=queue-paused]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=queue-resume]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=queue-paused]")));
        Assert.False((await _data.QueueAsync()).IsPaused);
    }

    [Fact]
    public async Task Render_Servers_ListsStateCustomerAndTariff()
    {
        await _data.RequestServerAsync(_data.AddCustomer("zola@players.test"), _data.Spec(name: "Zola World"));
        SignIn(_data.SupportId, "sam@gamehost.test", Roles.Support);

        var cut = Render<ServersTable>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=server-state]"));
        var row = cut.Find("[data-testid=servers-table] tbody tr").TextContent;
        Assert.Contains("Zola World", row, StringComparison.Ordinal);
        Assert.Contains("zola@players.test", row, StringComparison.Ordinal);
        Assert.Contains("Paper 4 GB (v1)", row, StringComparison.Ordinal);
        Assert.Contains("Not on the panel", row, StringComparison.Ordinal);
        Assert.Equal("Pending", cut.Find("[data-testid=server-state]").GetAttribute("data-state"));
    }
}
