using GameHost.App.Features.Provisioning.Settings;
using GameHost.Domain.Operations;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Tests.Domain.Provisioning.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameHost.Tests.App.Features.Provisioning.Settings;

public sealed class SyncPanelCatalogJobTests : IDisposable
{
    private readonly PanelTestData _data = new();

    [Fact]
    public async Task Run_Scheduled_SyncsWhenDueThenIdlesWithinTheInterval()
    {
        await _data.ConnectAsync();

        await NewJob().RunAsync(runNow: false, CancellationToken.None);
        await NewJob().RunAsync(runNow: false, CancellationToken.None);

        var runs = await RunsAsync();
        Assert.Equal(["Synced 2 locations, 2 nodes, 1 nests, 2 eggs.", "Not due yet."], runs.Select(r => r.Summary));
        Assert.All(runs, r => Assert.True(r.Succeeded));
    }

    [Fact]
    public async Task Run_NowWithinTheInterval_SyncsAnyway()
    {
        await _data.ConnectAsync();
        await NewJob().RunAsync(runNow: false, CancellationToken.None);
        var calls = _data.Panel.Calls.Count;

        await NewJob().RunAsync(runNow: true, CancellationToken.None);

        Assert.True(_data.Panel.Calls.Count > calls);
        Assert.All(await RunsAsync(), r => Assert.StartsWith("Synced", r.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_PanelFails_FailsTheRunWithTheReason()
    {
        await _data.ConnectAsync();
        _data.Panel.Failures["ListLocations"] = FakePanelApi.Failure(PanelFailureKind.Credentials, 401, "AuthenticationException", "Unauthenticated.");

        await Assert.ThrowsAsync<PanelSyncFailedException>(() => NewJob().RunAsync(runNow: true, CancellationToken.None));

        var run = Assert.Single(await RunsAsync());
        Assert.False(run.Succeeded);
        Assert.Contains("WrongKey", run.Error, StringComparison.Ordinal);
    }

    private SyncPanelCatalogJob NewJob() =>
        new(_data.Sync(), new JobRunRecorder(_data.Contexts(), _data.Time), NullLogger<SyncPanelCatalogJob>.Instance);

    private async Task<List<JobRun>> RunsAsync()
    {
        await using var db = _data.Database.NewContext();
        return await db.JobRuns.AsNoTracking().Where(r => r.JobName == SyncPanelCatalogJob.Name).OrderBy(r => r.Id).ToListAsync();
    }

    public void Dispose() => _data.Dispose();
}
