using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Provisioning.Tasks;

/// <summary>The processor against a fake panel: the create/adopt/install flow, panel users, and the error class → action table.</summary>
public class ProvisioningProcessorTests : IDisposable
{
    private readonly ProvisioningTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task RunAsync_PaidServer_CreatesUserAndServerWithFullStateThenActiveAfterInstall()
    {
        var customer = _data.AddCustomer("thandi.nkosi@players.test", "Thandi");
        var spec = _data.Spec(addOns: [new AddOnAmount(AddOnUnit.MemoryMb, 1024, 1), new AddOnAmount(AddOnUnit.Allocation, 1, 2)]);
        var subscription = await _data.RequestServerAsync(customer, spec);

        var first = await _data.RunAsync();

        // The user: our customer id (lower case) as external id, a valid username, a dash for the missing last name.
        var user = Assert.Single(_data.Panel.Users);
        Assert.Equal((customer.ToString("D"), "thandi.nkosi@players.test", "Thandi", "-"), (user.ExternalId, user.Email, user.FirstName, user.LastName));
        Assert.Matches("^[a-z0-9][a-z0-9_.-]+[a-z0-9]$", user.Username);

        // The server: our subscription id, every egg variable with defaults, io 500, 1 + 2 extra ports, +1 GB memory.
        var created = Assert.Single(_data.Panel.CreateRequests);
        Assert.Equal(subscription.ToString("D"), created.ExternalId);
        Assert.Equal(user.Id, created.UserId);
        Assert.Equal(
            ["BUILD_NUMBER=latest", "DL_PATH=", "MINECRAFT_VERSION=1.21.4", "SERVER_JARFILE=server.jar"],
            created.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal((5120, 20480, 500, 300, false), (created.Limits.MemoryMb, created.Limits.DiskMb, created.Limits.Io, created.Limits.CpuPercent, created.Limits.OomDisabled));
        Assert.Equal(new PanelFeatureLimits(2, 5, 3), created.FeatureLimits);
        Assert.Equal([1], created.Placement.DeployLocationIds);

        // The address is the DEFAULT allocation's, not the first listed (pitfall 17).
        var server = await _data.ServerAsync(subscription);
        Assert.Equal(GameServerState.Installing, server.State);
        Assert.StartsWith("play.example.test:", server.Address, StringComparison.Ordinal);
        Assert.NotNull(server.PanelIdentifier);
        Assert.Equal(ProvisioningTaskState.Pending, (await _data.TaskAsync(subscription, ProvisioningTaskKind.WaitForInstall)).State);
        Assert.Equal(2, first.Done);

        await _data.RunAfterAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(subscription)).State);

        _data.Panel.FinishInstalls();
        await _data.RunAfterAsync(TimeSpan.FromMinutes(1));

        server = await _data.ServerAsync(subscription);
        Assert.Equal((GameServerState.Active, true, (string?)null), (server.State, server.InstallCompleted, server.PanelStatus));
        Assert.Equal(_data.NowUtc, server.FirstActiveAtUtc);
        Assert.All(await _data.TasksAsync(subscription), t => Assert.Equal(ProvisioningTaskState.Done, t.State));
    }

    [Fact]
    public async Task RunAsync_CreateTimesOutAfterThePanelMadeIt_AdoptsItAndNeverCreatesTwo()
    {
        var subscription = await _data.RequestServerAsync();
        _data.Panel.CommitThenFail(FakePanel.Failure(PanelFailureKind.OutcomeUnknown, code: "Timeout", detail: "No answer in 60 s."));

        await _data.RunAsync();
        await _data.RunAfterAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(1, _data.Panel.Count("CreateServer"));
        var onPanel = Assert.Single(_data.Panel.Servers.Values);
        var server = await _data.ServerAsync(subscription);
        Assert.Equal((onPanel.Id, GameServerState.Installing), (server.PanelServerId, server.State));
        Assert.Equal(ProvisioningTaskState.Done, (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).State);
    }

    [Fact]
    public async Task RunAsync_ServerAlreadyOnThePanelFromAnEarlierAttempt_AdoptsWithoutCreating()
    {
        var customer = _data.AddCustomer("ana@players.test");
        var subscription = Guid.NewGuid();
        var user = _data.Panel.AddUser("ana@players.test", externalId: customer.ToString("D"));
        var existing = _data.Panel.AddServer(subscription.ToString("D"), user.Id, eggId: 3);
        await _data.RequestServerAsync(customer, subscriptionId: subscription);

        await _data.RunAsync();

        Assert.Equal(0, _data.Panel.Count("CreateServer"));
        Assert.Equal(0, _data.Panel.Count("CreateUser"));
        Assert.Equal(existing.Id, (await _data.ServerAsync(subscription)).PanelServerId);
    }

    [Fact]
    public async Task RunAsync_Create422UniqueExternalId_AdoptsTheServerThePanelHas()
    {
        var subscription = await _data.RequestServerAsync();
        var raced = false;
        _data.Panel.BeforeCall = operation =>
        {
            // Another create with our id lands between our look-up and our create.
            if (operation == "CreateServer" && !raced)
            {
                raced = true;
                _data.Panel.AddServer(subscription.ToString("D"), _data.Panel.Users.Single().Id, eggId: 3);
            }
        };

        await _data.RunAsync();

        var adopted = Assert.Single(_data.Panel.Servers.Values);
        Assert.Equal(adopted.Id, (await _data.ServerAsync(subscription)).PanelServerId);
        Assert.Equal(ProvisioningTaskState.Done, (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).State);
        Assert.Equal(2, _data.Panel.Count("GetServerByExternalId"));
    }

    [Fact]
    public async Task RunAsync_ServerWithOurIdBelongsToAnotherPanelUser_GoesToStaffWithoutAdopting()
    {
        var subscription = Guid.NewGuid();
        var stranger = _data.Panel.AddUser("stranger@elsewhere.test", externalId: Guid.NewGuid().ToString("D"));
        _data.Panel.AddServer(subscription.ToString("D"), stranger.Id, eggId: 3);
        await _data.RequestServerAsync(subscriptionId: subscription);

        var result = await _data.RunAsync();

        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Failed, ProvisioningProcessor.StaffReasons.AdoptMismatch), (task.State, task.LastErrorKind));
        var server = await _data.ServerAsync(subscription);
        Assert.Equal((GameServerState.Failed, (int?)null), (server.State, server.PanelServerId));
        Assert.Equal(1, result.ToStaff);
        Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.TaskFailedCategory));
    }

    [Fact]
    public async Task RunAsync_EmailSearchReturnsAnotherCustomersSubstringMatch_CreatesANewUserInstead()
    {
        var customer = _data.AddCustomer("alice@players.test", "Alice Liddell");
        var malice = _data.Panel.AddUser("malice@players.test");
        var subscription = await _data.RequestServerAsync(customer);

        await _data.RunAsync();

        Assert.Empty(_data.Panel.UserUpdates);
        var created = _data.Panel.Users.Single(u => u.Id != malice.Id);
        Assert.Equal(("alice@players.test", customer.ToString("D"), "Alice", "Liddell"), (created.Email, created.ExternalId, created.FirstName, created.LastName));
        Assert.Null(_data.Panel.Users.Single(u => u.Id == malice.Id).ExternalId);
        Assert.Equal(created.Id, _data.Panel.CreateRequests.Single().UserId);
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(subscription)).State);
    }

    [Fact]
    public async Task RunAsync_PanelUserWithTheExactEmailInAnotherCase_IsLinkedByPatchResendingItsFields()
    {
        var customer = _data.AddCustomer("bob@players.test");
        var existing = _data.Panel.AddUser("Bob@Players.test", username: "bobby");
        await _data.RequestServerAsync(customer);

        await _data.RunAsync();

        var (userId, update) = Assert.Single(_data.Panel.UserUpdates);
        Assert.Equal(existing.Id, userId);
        Assert.Equal(("Bob@Players.test", "bobby", "Someone", "Else", customer.ToString("D"), (string?)null),
            (update.Email, update.Username, update.FirstName, update.LastName, update.ExternalId, update.Password));
        Assert.Equal(0, _data.Panel.Count("CreateUser"));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(existing.Id, (await db.PanelAccounts().SingleAsync(a => a.CustomerId == customer)).PanelUserId);
    }

    [Fact]
    public async Task RunAsync_UserCreated422EmailTakenMeanwhile_LooksAgainAndLinksThatUser()
    {
        var customer = _data.AddCustomer("carol@players.test");
        await _data.RequestServerAsync(customer);
        PanelUser? other = null;
        _data.Panel.BeforeCall = operation =>
        {
            if (operation == "CreateUser" && other is null)
            {
                other = _data.Panel.AddUser("carol@players.test", username: "carol");
            }
        };

        await _data.RunAsync();

        Assert.Single(_data.Panel.Users);
        Assert.Equal(other!.Id, Assert.Single(_data.Panel.UserUpdates).UserId);
        Assert.Equal(customer.ToString("D"), _data.Panel.Users.Single().ExternalId);
    }

    [Fact]
    public async Task RunAsync_UsernameTaken_TriesTheNextSuffix()
    {
        var customer = _data.AddCustomer("dave@players.test");
        _data.Panel.AddUser("someone.else@players.test", username: ProvisioningProcessor.PanelUsername("dave@players.test", customer, 0));
        await _data.RequestServerAsync(customer);

        await _data.RunAsync();

        Assert.Equal(ProvisioningProcessor.PanelUsername("dave@players.test", customer, 1), _data.Panel.Users.Single(u => u.Email == "dave@players.test").Username);
        Assert.Equal(2, _data.Panel.Count("CreateUser"));
    }

    [Theory]
    [InlineData("@@", "user-")]
    [InlineData("A.B@x.test", "a.b-")]
    [InlineData("-_x@x.test", "x-")]
    public void PanelUsername_AnyEmail_MatchesThePanelsRule(string email, string prefix)
    {
        var username = ProvisioningProcessor.PanelUsername(email, Guid.NewGuid(), 0);

        Assert.StartsWith(prefix, username, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9][a-z0-9_.-]+[a-z0-9]$", username);
    }

    [Fact]
    public async Task RunAsync_RateLimited_RetriesAfterTheWaitWithoutCountingAnAttempt()
    {
        var subscription = await _data.RequestServerAsync();
        _data.Panel.Fail("GetServerByExternalId", FakePanel.Failure(PanelFailureKind.RateLimited, 429, "ThrottleRequestsException", retryAfter: TimeSpan.FromSeconds(20)));

        await _data.RunAsync();

        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Pending, 0, _data.NowUtc.AddSeconds(20)), (task.State, task.Attempts, task.DueAtUtc));
        Assert.Equal(nameof(PanelFailureKind.RateLimited), task.LastErrorKind);
    }

    [Theory]
    [InlineData(PanelFailureKind.OutcomeUnknown, 500, "QueryException")]
    [InlineData(PanelFailureKind.DaemonUnavailable, 504, "DaemonConnectionException")]
    [InlineData(PanelFailureKind.Conflict, 409, "ConflictHttpException")]
    public async Task RunAsync_TransientFailure_BacksOffAndCountsAnAttempt(PanelFailureKind kind, int status, string code)
    {
        var subscription = await _data.RequestServerAsync();
        _data.Panel.Fail("CreateServer", FakePanel.Failure(kind, status, code));

        await _data.RunAsync();

        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Pending, 1, code, (int?)status), (task.State, task.Attempts, task.LastErrorCode, task.LastErrorHttpStatus));
        Assert.InRange(task.DueAtUtc, _data.NowUtc.AddSeconds(47), _data.NowUtc.AddMinutes(1));
        Assert.Equal(GameServerState.Creating, (await _data.ServerAsync(subscription)).State);
        Assert.Empty(await _data.EmailsAsync());
    }

    [Theory]
    [InlineData(PanelFailureKind.OutOfStock, 400, "NoViableNodeException", null)]
    [InlineData(PanelFailureKind.InvalidRequest, 422, "ValidationException", "environment.SERVER_JARFILE")]
    public async Task RunAsync_PermanentFailure_GoesToStaffAtOnceWithThePanelsWords(PanelFailureKind kind, int status, string code, string? field)
    {
        var subscription = await _data.RequestServerAsync();
        _data.Panel.Fail("CreateServer", FakePanel.Failure(kind, status, code, "The panel's own words.", field));

        await _data.RunAsync();

        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Failed, 1, code, "The panel's own words.", field, (int?)status),
            (task.State, task.Attempts, task.LastErrorCode, task.LastErrorDetail, task.LastErrorField, task.LastErrorHttpStatus));
        Assert.Equal(GameServerState.Failed, (await _data.ServerAsync(subscription)).State);
        var alert = Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.TaskFailedCategory));
        Assert.Equal("olivia@gamehost.test", alert.ToAddress);
        Assert.Contains(code, alert.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://billing.example.test/admin/provisioning", alert.TextBody, StringComparison.Ordinal);
    }

    private async Task<List<GameHost.Domain.Notifications.Notification>> CustomerNoticesAsync(Guid customer)
    {
        await using var db = await _data.Contexts.CreateDbContextAsync();
        return await GameHost.Domain.Notifications.Persistence.NotificationSets.Notifications(db).AsNoTracking()
            .Where(n => n.UserId == customer && n.EventCode == ProvisioningAlerts.CustomerFailedCategory).ToListAsync();
    }

    [Fact]
    public async Task RunAsync_PanelRefusesTheServerForGood_TheCustomerIsToldOnceInTheirLanguage()
    {
        var customer = _data.AddCustomer("lucia@players.test", "Lucía Pérez", language: "es");
        var subscription = await _data.RequestServerAsync(customer);
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.OutOfStock, 400, "NoViableNodeException", "No node has room."), times: 2);

        await _data.RunAsync();

        var server = await _data.ServerAsync(subscription);
        Assert.Equal(GameServerState.Failed, server.State);
        var notice = Assert.Single(await CustomerNoticesAsync(customer));
        Assert.Equal(($"provisioning.failed:{server.Id:D}:customer:{customer:N}", "es", true), (notice.IdempotencyKey, notice.Language, notice.ShowInApp));
        var email = Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.CustomerFailedCategory));
        Assert.Equal("lucia@players.test", email.ToAddress);
        Assert.Contains(server.Name, email.Subject, StringComparison.Ordinal);
        Assert.Contains("todavía no está listo", email.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://billing.example.test/cabinet/services/{subscription:D}", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("NoViableNodeException", email.TextBody, StringComparison.Ordinal); // the panel's words are for staff
        Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.TaskFailedCategory));

        // Staff retry, and it fails again: staff hear of it again, the customer already knows we are on it.
        var failed = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.True((await _data.Commands().RetryAsync(new QueueTaskCommand(_data.AdminId, failed.Id), CancellationToken.None)).IsSuccess);
        await _data.RunAfterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, (await _data.EmailsAsync(ProvisioningAlerts.TaskFailedCategory)).Count);
        Assert.Single(await CustomerNoticesAsync(customer));
    }

    [Fact]
    public async Task RunAsync_RetriesRunOutAfterTheDelayNotice_TheCustomerIsToldOfTheFailureToo()
    {
        _data.Options.MaxAttempts = 8;
        var customer = _data.AddCustomer();
        var subscription = await _data.RequestServerAsync(customer);
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.DaemonUnavailable, 504, "DaemonConnectionException"), times: 20);
        await _data.RunAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, await _data.Watchdog().RunAsync(CancellationToken.None));
        Assert.Single(await CustomerNoticesAsync(customer)); // the delay notice

        for (var run = 0; run < 10 && (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).State != ProvisioningTaskState.Failed; run++)
        {
            var due = (await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer)).DueAtUtc;
            if (due > _data.NowUtc)
            {
                _data.Time.SetUtcNow(due);
            }

            await _data.RunAsync();
        }

        var server = await _data.ServerAsync(subscription);
        Assert.Equal(GameServerState.Failed, server.State);
        var notices = await CustomerNoticesAsync(customer);
        Assert.Equal(
            [$"provisioning.delayed:{server.Id:D}:customer:{customer:N}", $"provisioning.failed:{server.Id:D}:customer:{customer:N}"],
            notices.Select(n => n.IdempotencyKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TransientFailureStillRetrying_TheCustomerIsNotToldYet()
    {
        var customer = _data.AddCustomer();
        await _data.RequestServerAsync(customer);
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.DaemonUnavailable, 504, "DaemonConnectionException"));

        await _data.RunAsync();

        Assert.Empty(await CustomerNoticesAsync(customer));
    }

    [Fact]
    public async Task RunAsync_NodeDownOnEveryAttempt_BacksOffOnTheScheduleThenGoesToStaffOnce()
    {
        _data.Options.MaxAttempts = 5;
        var subscription = await _data.RequestServerAsync();
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.DaemonUnavailable, 504, "DaemonConnectionException"), times: 10);
        await _data.RunAsync();

        var waits = new List<TimeSpan>();
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            var before = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
            waits.Add(before.DueAtUtc - _data.NowUtc);
            _data.Time.SetUtcNow(before.DueAtUtc);
            await _data.RunAsync();
        }

        // 1, 2, 5 and 15 minutes, each shortened by at most a fifth (jitter).
        Assert.Equal(4, waits.Count);
        foreach (var (wait, minutes) in waits.Zip(new[] { 1, 2, 5, 15 }))
        {
            Assert.InRange(wait.TotalMinutes, minutes * 0.8, minutes);
        }

        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.CreateServer);
        Assert.Equal((ProvisioningTaskState.Failed, 5), (task.State, task.Attempts));
        Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.TaskFailedCategory));
        Assert.Equal(5, _data.Panel.Count("CreateServer"));
    }

    [Fact]
    public void Backoff_Schedule_IsCappedAtTheLastEntry()
    {
        var options = new ProvisioningQueueOptions();

        var waits = Enumerable.Range(1, 8).Select(attempt => options.Backoff(42, attempt).TotalMinutes).ToList();

        foreach (var (wait, minutes) in waits.Zip(new[] { 1, 2, 5, 15, 30, 60, 60, 60 }))
        {
            Assert.InRange(wait, minutes * 0.8, minutes);
        }
    }

    [Fact]
    public async Task RunAsync_CredentialsRefused_PausesTheWholeQueueAlertsOnceAndResumesWhenTheProbeGetsThrough()
    {
        var first = await _data.RequestServerAsync();
        var second = await _data.RequestServerAsync();
        _data.Panel.Fail("GetUserByExternalId", FakePanel.Failure(PanelFailureKind.Credentials, 401, "AuthenticationException", "Unauthenticated."), times: 2);

        var run = await _data.RunAsync();

        Assert.True(run.Paused);
        var queue = await _data.QueueAsync();
        Assert.Equal(("AuthenticationException", (await _data.TaskAsync(first, ProvisioningTaskKind.EnsurePanelUser)).Id), (queue.PauseCode, queue.PausedByTaskId!.Value));
        Assert.Single(_data.Panel.Calls);
        Assert.Equal(0, (await _data.TaskAsync(first, ProvisioningTaskKind.EnsurePanelUser)).Attempts);
        Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.QueuePausedCategory));

        // Nothing else is tried while paused; the probe fails again after its interval, without a second alert.
        await _data.RunAfterAsync(TimeSpan.FromMinutes(1));
        Assert.Single(_data.Panel.Calls);
        await _data.RunAfterAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, _data.Panel.Calls.Count);
        Assert.Single(await _data.EmailsAsync(ProvisioningAlerts.QueuePausedCategory));

        // Fixed: the probe gets through, the queue resumes and the other server is provisioned in the same run.
        run = await _data.RunAfterAsync(TimeSpan.FromMinutes(5));

        Assert.False(run.Paused);
        Assert.False((await _data.QueueAsync()).IsPaused);
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(first)).State);
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(second)).State);
    }

    [Fact]
    public async Task RunAsync_InstallFails_ReinstallsOnceThenGoesToStaff()
    {
        var subscription = await _data.RequestServerAsync();
        await _data.RunAsync();
        _data.Panel.FinishInstalls("install_failed");

        await _data.RunAfterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, _data.Panel.Count("ReinstallServer"));
        var waiting = await _data.TaskAsync(subscription, ProvisioningTaskKind.WaitForInstall);
        Assert.Equal(ProvisioningTaskState.Pending, waiting.State);
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(subscription)).State);

        _data.Panel.FinishInstalls("install_failed");
        await _data.RunAfterAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, _data.Panel.Count("ReinstallServer"));
        var failed = await _data.TaskAsync(subscription, ProvisioningTaskKind.WaitForInstall);
        Assert.Equal((ProvisioningTaskState.Failed, ProvisioningProcessor.StaffReasons.InstallFailed, "install_failed"),
            (failed.State, failed.LastErrorKind, failed.LastErrorCode));
        var server = await _data.ServerAsync(subscription);
        Assert.Equal((GameServerState.Failed, "install_failed"), (server.State, server.PanelStatus));
    }

    [Fact]
    public async Task RunAsync_InstallRunsPastTheLimit_GoesToStaff()
    {
        _data.Options.InstallTimeoutMinutes = 30;
        var subscription = await _data.RequestServerAsync();
        await _data.RunAsync();

        for (var i = 0; i < 20; i++)
        {
            await _data.RunAfterAsync(TimeSpan.FromMinutes(2));
        }

        var task = await _data.TaskAsync(subscription, ProvisioningTaskKind.WaitForInstall);
        Assert.Equal((ProvisioningTaskState.Failed, ProvisioningProcessor.StaffReasons.InstallStuck), (task.State, task.LastErrorKind));
        Assert.Equal(0, _data.Panel.Count("ReinstallServer"));
    }

    [Fact]
    public async Task RunAsync_SuspendRequestedDuringTheFirstInstall_WaitsUntilTheInstallFinished()
    {
        var subscription = await _data.RequestServerAsync();
        await _data.RunAsync();
        await _data.RequestAsync((requests, db) => requests.RequestSuspendAsync(db, subscription, CancellationToken.None));

        await _data.RunAfterAsync(TimeSpan.FromMinutes(1));
        await _data.RunAfterAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, _data.Panel.Count("SuspendServer"));
        Assert.Equal(ProvisioningTaskState.Pending, (await _data.TaskAsync(subscription, ProvisioningTaskKind.Suspend)).State);

        _data.Panel.FinishInstalls();
        await _data.RunAfterAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, _data.Panel.Count("SuspendServer"));
        var server = await _data.ServerAsync(subscription);
        Assert.Equal((GameServerState.Suspended, "suspended", true), (server.State, server.PanelStatus, server.InstallCompleted));
        Assert.Equal("suspended", _data.Panel.Servers[server.PanelServerId!.Value].Status);
    }

    [Fact]
    public async Task RequestSuspendAndUnsuspend_Repeated_AddOneTaskEachAndEndActive()
    {
        var subscription = await _data.RequestServerAsync();
        await _data.ProvisionAsync(subscription);

        for (var i = 0; i < 2; i++)
        {
            await _data.RequestAsync((requests, db) => requests.RequestSuspendAsync(db, subscription, CancellationToken.None));
        }

        await _data.RunAsync();
        Assert.Equal(GameServerState.Suspended, (await _data.ServerAsync(subscription)).State);
        for (var i = 0; i < 2; i++)
        {
            await _data.RequestAsync((requests, db) => requests.RequestUnsuspendAsync(db, subscription, CancellationToken.None));
        }

        await _data.RunAsync();

        var tasks = await _data.TasksAsync(subscription);
        Assert.Equal(1, tasks.Count(t => t.Kind == ProvisioningTaskKind.Suspend));
        Assert.Equal(1, tasks.Count(t => t.Kind == ProvisioningTaskKind.Unsuspend));
        var server = await _data.ServerAsync(subscription);
        Assert.Equal((GameServerState.Active, (string?)null), (server.State, _data.Panel.Servers[server.PanelServerId!.Value].Status));
    }

    [Fact]
    public async Task RunAsync_DeleteOfAServerAlreadyGoneFromThePanel_IsDone()
    {
        var subscription = await _data.RequestServerAsync();
        var server = await _data.ProvisionAsync(subscription);
        _data.Panel.Servers.Remove(server.PanelServerId!.Value);
        await _data.RequestAsync((requests, db) => requests.RequestDeleteAsync(db, subscription, CancellationToken.None));

        await _data.RunAsync();

        Assert.Equal(1, _data.Panel.Count("DeleteServer"));
        Assert.Equal(ProvisioningTaskState.Done, (await _data.TaskAsync(subscription, ProvisioningTaskKind.Delete)).State);
        Assert.Equal(GameServerState.Deleted, (await _data.ServerAsync(subscription)).State);
    }

    [Fact]
    public async Task RunAsync_DeleteBeforeTheCreateRan_CancelsItAndFindsNothingToDelete()
    {
        var subscription = await _data.RequestServerAsync();
        await _data.RequestAsync((requests, db) => requests.RequestDeleteAsync(db, subscription, CancellationToken.None));

        await _data.RunAsync();

        Assert.Equal(0, _data.Panel.Count("CreateServer"));
        Assert.Equal(0, _data.Panel.Count("DeleteServer"));
        var tasks = await _data.TasksAsync(subscription);
        Assert.Equal(
            [(ProvisioningTaskKind.EnsurePanelUser, ProvisioningTaskState.Cancelled), (ProvisioningTaskKind.CreateServer, ProvisioningTaskState.Cancelled),
                (ProvisioningTaskKind.Delete, ProvisioningTaskState.Done)],
            tasks.Select(t => (t.Kind, t.State)));
        Assert.Equal(GameServerState.Deleted, (await _data.ServerAsync(subscription)).State);
    }

    [Fact]
    public async Task RunAsync_BuildChange_SendsTheFullBuildStateWithTheCurrentAllocation()
    {
        var subscription = await _data.RequestServerAsync();
        var server = await _data.ProvisionAsync(subscription);
        var bigger = _data.Spec("paper-8gb");

        await _data.RequestAsync((requests, db) => requests.RequestBuildChangeAsync(db, subscription, bigger, CancellationToken.None));
        await _data.RequestAsync((requests, db) => requests.RequestBuildChangeAsync(db, subscription, bigger, CancellationToken.None));
        await _data.RunAsync();

        var build = Assert.Single(_data.Panel.BuildRequests);
        Assert.Equal(server.PanelAllocationId, build.AllocationId);
        Assert.Equal((8192, 40960, 500, 400), (build.Limits.MemoryMb, build.Limits.DiskMb, build.Limits.Io, build.Limits.CpuPercent));
        Assert.Equal(new PanelFeatureLimits(3, 4, 4), build.FeatureLimits);
        Assert.Empty(build.RemoveAllocationIds);
    }

    [Fact]
    public async Task RunAsync_GameChange_SendsTheCompleteMergedEnvironmentThenReinstallsOnce()
    {
        var subscription = await _data.RequestServerAsync();
        var server = await _data.ProvisionAsync(subscription);
        var panelServer = _data.Panel.Servers[server.PanelServerId!.Value];
        _data.Panel.Servers[panelServer.Id] = panelServer with
        {
            Environment = new Dictionary<string, string>(panelServer.Environment) { ["CUSTOM_FLAG"] = "on", ["P_SERVER_LOCATION"] = "za" },
        };
        var bedrock = _data.Spec("bedrock-4gb");
        _data.Panel.Fail("ReinstallServer", FakePanel.Failure(PanelFailureKind.DaemonUnavailable, 504, "DaemonConnectionException"));

        await _data.RequestAsync((requests, db) => requests.RequestGameChangeAsync(db, subscription, bedrock, CancellationToken.None));
        await _data.RunAsync();
        await _data.RunAfterAsync(TimeSpan.FromMinutes(2));

        // The startup went once (the retry only repeated the reinstall); it carried every variable, ours over the panel's.
        var startup = Assert.Single(_data.Panel.StartupRequests);
        Assert.Equal((5, "./bedrock_server"), (startup.EggId, startup.Startup));
        Assert.Equal("on", startup.Environment["CUSTOM_FLAG"]);
        Assert.Equal("survival", startup.Environment["GAMEMODE"]);
        Assert.Equal("server.jar", startup.Environment["SERVER_JARFILE"]);
        Assert.DoesNotContain(startup.Environment.Keys, k => k == "STARTUP" || k.StartsWith("P_SERVER_", StringComparison.Ordinal));
        Assert.Equal(2, _data.Panel.Count("ReinstallServer"));
        Assert.Equal(GameServerState.Installing, (await _data.ServerAsync(subscription)).State);

        _data.Panel.FinishInstalls();
        await _data.RunAfterAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(GameServerState.Active, (await _data.ServerAsync(subscription)).State);
    }

    [Fact]
    public async Task RequestServerAsync_SameSubscriptionTwice_OneServerAndOneSetOfTasks()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.RequestServerAsync(customer);

        await _data.RequestServerAsync(customer, subscriptionId: subscription);

        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.GameServers().CountAsync());
        Assert.Equal(
            [ProvisioningTaskKind.EnsurePanelUser, ProvisioningTaskKind.CreateServer],
            (await _data.TasksAsync(subscription)).Select(t => t.Kind));
        Assert.Equal(GameServerState.Pending, (await _data.ServerAsync(subscription)).State);
    }

    [Fact]
    public async Task RequestSuspendAsync_UnknownSubscription_FailsWithServerNotFound()
    {
        await using var db = await _data.Contexts.CreateDbContextAsync();

        var result = await _data.Requests().RequestSuspendAsync(db, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal("provisioning.server_not_found", result.Error?.Code);
    }
}
