using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Provisioning.Tasks;

/// <summary>Staff actions on the admin queue: retry, cancel with a reason, mark done — each audited, each safe to repeat.</summary>
public class ProvisioningQueueCommandsTests : IDisposable
{
    private readonly ProvisioningTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<(Guid Subscription, ProvisioningTask Task)> FailedCreateAsync()
    {
        var subscription = await _data.RequestServerAsync();
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.OutOfStock, 400, "NoViableNodeException", "No node has room."));
        await _data.RunAsync();
        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal(ProvisioningTaskState.Failed, task.State);
        return (subscription, task);
    }

    private async Task<List<GameHost.Domain.Audit.AuditEntry>> AuditAsync()
    {
        await using var db = await _data.Contexts.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task RetryAsync_FailedTask_IsDueNowWithItsAttemptsKeptAndAudited()
    {
        var (subscription, failed) = await FailedCreateAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(10));

        var result = await _data.Commands().RetryAsync(new QueueTaskCommand(_data.SupportId, failed.Id), CancellationToken.None);
        var repeat = await _data.Commands().RetryAsync(new QueueTaskCommand(_data.SupportId, failed.Id), CancellationToken.None);

        Assert.Equal((QueueChange.Changed, QueueChange.Unchanged), (result.Value, repeat.Value));
        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Pending, _data.NowUtc, 1), (task.State, task.DueAtUtc, task.Attempts));
        Assert.Equal(GameServerState.Creating, (await _data.ServerAsync(subscription)).State);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((ProvisioningQueueAudit.RetriedAction, "sam@gamehost.test", failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (entry.Action, entry.ActorName, entry.SubjectId));

        // Capacity was added meanwhile: the retried task goes through.
        await _data.RunAsync();
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(subscription)).State);
    }

    [Fact]
    public async Task CancelAsync_WithAReason_CancelsAndAuditsTheReason()
    {
        var (subscription, failed) = await FailedCreateAsync();

        var missing = await _data.Commands().CancelAsync(new CancelTaskCommand(_data.AdminId, failed.Id, "  "), CancellationToken.None);
        var result = await _data.Commands().CancelAsync(new CancelTaskCommand(_data.AdminId, failed.Id, "Customer asked for a refund"), CancellationToken.None);
        var repeat = await _data.Commands().CancelAsync(new CancelTaskCommand(_data.AdminId, failed.Id, "Again"), CancellationToken.None);

        Assert.Equal("provisioning.reason_required", missing.Error?.Code);
        Assert.Equal((QueueChange.Changed, QueueChange.Unchanged), (result.Value, repeat.Value));
        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Cancelled, "Customer asked for a refund"), (task.State, task.CancelReason));
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(ProvisioningQueueAudit.CancelledAction, entry.Action);
        Assert.Contains("Customer asked for a refund", entry.AfterJson, StringComparison.Ordinal);

        await _data.RunAfterAsync(TimeSpan.FromHours(1));
        Assert.Equal(1, _data.Panel.Count("CreateServer"));
    }

    [Fact]
    public async Task MarkDoneAsync_CreateFixedByHand_PicksUpTheServerTheStaffMade()
    {
        var (subscription, failed) = await FailedCreateAsync();
        var panelUser = _data.Panel.Users.Single();
        var made = _data.Panel.AddServer(subscription.ToString("D"), panelUser.Id, eggId: 3, status: null);

        var result = await _data.Commands().MarkDoneAsync(new QueueTaskCommand(_data.AdminId, failed.Id), CancellationToken.None);
        await _data.RunAsync();

        Assert.Equal(QueueChange.Changed, result.Value);
        Assert.Equal(ProvisioningTaskState.Done, (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).State);
        var server = await _data.ServerAsync(subscription);
        Assert.Equal((GameServerState.Active, made.Id), (server.State, server.PanelServerId));
        Assert.Equal(ProvisioningQueueAudit.MarkedDoneAction, Assert.Single(await AuditAsync()).Action);
    }

    [Fact]
    public async Task MarkDoneAsync_TaskNotInTheQueue_IsRefused()
    {
        var subscription = await _data.RequestServerAsync();
        var pending = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);

        var result = await _data.Commands().MarkDoneAsync(new QueueTaskCommand(_data.AdminId, pending.Id), CancellationToken.None);

        Assert.Equal("provisioning.task_not_in_queue", result.Error?.Code);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task RetryAsync_ByACustomer_IsRefused()
    {
        var (_, failed) = await FailedCreateAsync();

        var result = await _data.Commands().RetryAsync(new QueueTaskCommand(_data.AddCustomer(), failed.Id), CancellationToken.None);

        Assert.Equal("provisioning.actor_not_staff", result.Error?.Code);
    }

    [Fact]
    public async Task RetryAsync_TaskThatPausedTheQueue_ResumesTheQueue()
    {
        var subscription = await _data.RequestServerAsync();
        _data.Panel.Fail("GetUserByExternalId", FakePanel.Failure(PanelFailureKind.Credentials, 403, "AccessDeniedHttpException"));
        await _data.RunAsync();
        Assert.True((await _data.QueueAsync()).IsPaused);

        var result = await _data.Commands().RetryAsync(
            new QueueTaskCommand(_data.AdminId, (await _data.TaskAsync(subscription, ProvisioningTaskKind.EnsurePanelUser)).Id), CancellationToken.None);
        await _data.RunAsync();

        Assert.Equal(QueueChange.Changed, result.Value);
        Assert.False((await _data.QueueAsync()).IsPaused);
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(subscription)).State);
    }
}
