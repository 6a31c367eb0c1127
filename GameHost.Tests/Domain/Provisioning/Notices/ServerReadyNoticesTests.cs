using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Provisioning.Notices;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Provisioning.Tasks;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Provisioning.Notices;

/// <summary>"Server ready" is raised by the save that first activates a server, once, in the customer's language.</summary>
public sealed class ServerReadyNoticesTests : IDisposable
{
    private readonly ProvisioningTestData _data = new(onFile: true);

    public void Dispose() => _data.Dispose();

    private ProvisioningProcessor Processor() => new(
        new InterceptedFileContexts((SqliteFileTestDatabase)_data.Contexts, new ServerReadyNotices(TestNotifier.Create(_data.Time))),
        _data.Panel, _data.Alerts(), _data.Time, Microsoft.Extensions.Options.Options.Create(_data.Options), NullLogger<ProvisioningProcessor>.Instance);

    [Fact]
    public async Task ProcessorRun_InstallFinishesThenQueueRunsAgain_OneServerReadyNoticeWithNameAndAddress()
    {
        var customer = _data.AddCustomer("lucia@players.test", "Lucía Pérez", language: "es");
        var subscription = await _data.RequestServerAsync(customer);

        await Processor().RunAsync(CancellationToken.None);
        await using (var db = _data.Contexts.CreateDbContext())
        {
            Assert.False(await db.Notifications().AnyAsync(n => n.EventCode == Codes.ServerReady)); // installing is not ready
        }

        _data.Panel.FinishInstalls();
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        await Processor().RunAsync(CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromMinutes(5));
        await Processor().RunAsync(CancellationToken.None);

        var server = await _data.ServerAsync(subscription);
        Assert.Equal(GameServerState.Active, server.State);
        await using var check = _data.Contexts.CreateDbContext();
        var notice = await check.Notifications().AsNoTracking().SingleAsync(n => n.EventCode == Codes.ServerReady);
        Assert.Equal((customer, "es"), (notice.UserId, notice.Language));
        Assert.Equal($"{ServerReadyNotices.Key(server.Id)}:{customer:N}", notice.IdempotencyKey);
        Assert.Contains(server.Name, notice.Title, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(server.Address));
        Assert.Contains(server.Address!, notice.Body, StringComparison.Ordinal);
        Assert.EndsWith($"/cabinet/services/{subscription:D}", notice.Link, StringComparison.Ordinal);
    }
}
