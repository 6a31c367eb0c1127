using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Operations;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace GameHost.Tests.App.Features.Operations.Jobs;

public sealed class ScheduledJobTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task RunRecordedAsync_ProcessorSucceeds_WritesSucceededJobRunWithSummary()
    {
        var job = new ProbeJob(NewRecorder(), _ => Task.FromResult(new JobOutcome("sent=2 retried=0 failed=0")));

        await job.RunRecordedAsync("probe", CancellationToken.None);

        var run = await SingleRunAsync();
        Assert.Equal("probe", run.JobName);
        Assert.True(run.Succeeded);
        Assert.NotNull(run.FinishedAtUtc);
        Assert.Equal("sent=2 retried=0 failed=0", run.Summary);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task RunRecordedAsync_ProcessorThrows_WritesFailedJobRunAndRethrows()
    {
        var job = new ProbeJob(NewRecorder(), _ => throw new TimeoutException("relay silent"));

        await Assert.ThrowsAsync<TimeoutException>(() => job.RunRecordedAsync("probe", CancellationToken.None));

        var run = await SingleRunAsync();
        Assert.False(run.Succeeded);
        Assert.NotNull(run.FinishedAtUtc);
        Assert.Equal("TimeoutException: relay silent", run.Error);
    }

    [Fact]
    public void JobTypes_InTheApp_AreThinShellsThatNeverRunConcurrently()
    {
        var jobTypes = typeof(ScheduledJob).Assembly.GetTypes()
            .Where(t => typeof(IJob).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .ToList();

        Assert.NotEmpty(jobTypes);
        Assert.All(jobTypes, t =>
        {
            Assert.True(t.IsSubclassOf(typeof(ScheduledJob)), $"{t.Name} should derive from {nameof(ScheduledJob)}");
            Assert.True(Attribute.IsDefined(t, typeof(DisallowConcurrentExecutionAttribute), inherit: false), $"{t.Name} lacks [DisallowConcurrentExecution]");
        });
    }

    private JobRunRecorder NewRecorder() => new(new SqliteTestContextFactory(_database), _time);

    private async Task<JobRun> SingleRunAsync()
    {
        await using var db = _database.NewContext();
        return await db.JobRuns.AsNoTracking().SingleAsync();
    }

    private sealed class ProbeJob(JobRunRecorder recorder, Func<CancellationToken, Task<JobOutcome>> work)
        : ScheduledJob(recorder, NullLogger.Instance)
    {
        protected override Task<JobOutcome> RunAsync(CancellationToken cancellationToken) => work(cancellationToken);
    }
}
