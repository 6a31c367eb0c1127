using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Provisioning.Tasks;

/// <summary>A paid server that is not active in time: the customer and staff hear of it, once.</summary>
public class ProvisioningWatchdogTests : IDisposable
{
    private readonly ProvisioningTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task RunAsync_ServerNotActiveAfterTheDelay_EmailsTheCustomerAndStaffExactlyOnce()
    {
        var customer = _data.AddCustomer("lucia@players.test", "Lucía Pérez", language: "es");
        _data.AddUser("owner2@gamehost.test", "Second Admin", GameHost.Domain.Accounts.Roles.Admin);
        var subscription = await _data.RequestServerAsync(customer);
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.DaemonUnavailable, 504, "DaemonConnectionException"), times: 50);

        await _data.RunAsync();
        Assert.Equal(0, await _data.Watchdog().RunAsync(CancellationToken.None));

        _data.Time.Advance(TimeSpan.FromMinutes(31));
        var reported = await _data.Watchdog().RunAsync(CancellationToken.None);
        var again = await _data.Watchdog().RunAsync(CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromHours(2));
        var later = await _data.Watchdog().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0, 0), (reported, again, later));
        var toCustomer = Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.CustomerDelayedCategory));
        Assert.Equal("lucia@players.test", toCustomer.ToAddress);
        Assert.Contains("Thandi SMP", toCustomer.Subject, StringComparison.Ordinal);
        Assert.Contains("todavía no está listo", toCustomer.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://billing.example.test/cabinet/services/{subscription:D}", toCustomer.TextBody, StringComparison.Ordinal);
        var toStaff = await _data.EmailsAsync(ProvisioningAlerts.ServerDelayedCategory);
        Assert.Equal(["olivia@gamehost.test", "owner2@gamehost.test"], toStaff.Select(e => e.ToAddress).Order());
        Assert.NotNull((await _data.ServerAsync(subscription)).DelayNoticeSentAtUtc);
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var notifications = await GameHost.Domain.Notifications.Persistence.NotificationSets.Notifications(db).AsNoTracking().ToListAsync();
        Assert.Equal(3, notifications.Count);
        Assert.Single(notifications, n => n.EventCode == ProvisioningAlerts.CustomerDelayedCategory && n.ShowInApp && n.Title.Contains("Thandi SMP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ServerActiveInTime_SendsNothing()
    {
        var subscription = await _data.RequestServerAsync();
        await _data.ProvisionAsync(subscription);

        _data.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await _data.Watchdog().RunAsync(CancellationToken.None));
        Assert.Empty(await _data.EmailsAsync());
    }

    [Fact]
    public async Task RunAsync_TwoWatchdogsAtOnce_ReportOnce()
    {
        using var data = new ProvisioningTestData(onFile: true);
        await data.RequestServerAsync();
        data.Time.Advance(TimeSpan.FromMinutes(45));

        var counts = await Task.WhenAll(
            Task.Run(() => data.Watchdog().RunAsync(CancellationToken.None)),
            Task.Run(() => data.Watchdog().RunAsync(CancellationToken.None)));

        Assert.Equal(1, counts.Sum());
        Assert.Single(await data.EmailsAsync(ProvisioningAlerts.CustomerDelayedCategory));
        Assert.Single(await data.EmailsAsync(ProvisioningAlerts.ServerDelayedCategory));
    }
}
