using GameHost.Domain.Operations;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Operations;

public sealed class JobRunRecorderTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task RunAsync_WorkSucceeds_WritesFinishedSucceededRunWithSummary()
    {
        var startedAt = _time.GetUtcNow().UtcDateTime;

        var summary = await NewRecorder().RunAsync("test.job", async _ =>
        {
            await AssertRunInProgressAsync();
            _time.Advance(TimeSpan.FromSeconds(2));
            return "sent=3";
        }, CancellationToken.None);

        Assert.Equal("sent=3", summary);
        var run = await SingleRunAsync();
        Assert.Equal("test.job", run.JobName);
        Assert.Equal(startedAt, run.StartedAtUtc);
        Assert.Equal(startedAt.AddSeconds(2), run.FinishedAtUtc);
        Assert.True(run.Succeeded);
        Assert.Equal("sent=3", run.Summary);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_WritesFailedRunAndRethrows()
    {
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NewRecorder().RunAsync("test.job", _ => throw new InvalidOperationException("relay down"), CancellationToken.None));

        Assert.Equal("relay down", thrown.Message);
        var run = await SingleRunAsync();
        Assert.False(run.Succeeded);
        Assert.NotNull(run.FinishedAtUtc);
        Assert.Equal("InvalidOperationException: relay down", run.Error);
    }

    [Fact]
    public async Task RunAsync_ManyRuns_KeepsOnlyTheNewestPerJob()
    {
        await using (var db = _database.NewContext())
        {
            for (var i = 0; i < JobRunRecorder.RunsKeptPerJob + 5; i++)
            {
                db.JobRuns.Add(new JobRun { JobName = "busy.job", StartedAtUtc = _time.GetUtcNow().UtcDateTime, Succeeded = true });
            }

            db.JobRuns.Add(new JobRun { JobName = "other.job", StartedAtUtc = _time.GetUtcNow().UtcDateTime, Succeeded = true });
            await db.SaveChangesAsync();
        }

        await NewRecorder().RunAsync("busy.job", _ => Task.FromResult("ok"), CancellationToken.None);

        await using var check = _database.NewContext();
        Assert.Equal(JobRunRecorder.RunsKeptPerJob, await check.JobRuns.CountAsync(r => r.JobName == "busy.job"));
        Assert.Equal(1, await check.JobRuns.CountAsync(r => r.JobName == "other.job"));
        Assert.True(await check.JobRuns.AnyAsync(r => r.JobName == "busy.job" && r.Summary == "ok"));
    }

    [Fact]
    public async Task GetLastRunsAsync_SeveralRuns_ReturnsTheLatestPerJob()
    {
        var recorder = NewRecorder();
        await recorder.RunAsync("a.job", _ => Task.FromResult("first"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await recorder.RunAsync("a.job", _ => Task.FromResult("second"), CancellationToken.None);

        var query = new JobRunsQuery(new SqliteTestContextFactory(_database));
        var last = await query.GetLastRunsAsync(["a.job", "never.job"], CancellationToken.None);
        var recent = await query.GetRecentAsync(10, CancellationToken.None);

        Assert.Equal("second", last["a.job"].Summary);
        Assert.False(last.ContainsKey("never.job"));
        Assert.Equal(["second", "first"], recent.Select(r => r.Summary));
    }

    private JobRunRecorder NewRecorder() => new(new SqliteTestContextFactory(_database), _time);

    private async Task AssertRunInProgressAsync()
    {
        var run = await SingleRunAsync();
        Assert.Null(run.FinishedAtUtc);
        Assert.False(run.Succeeded);
    }

    private async Task<JobRun> SingleRunAsync()
    {
        await using var db = _database.NewContext();
        return await db.JobRuns.AsNoTracking().SingleAsync();
    }
}
