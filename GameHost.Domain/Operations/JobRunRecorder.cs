using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Operations;

/// <summary>
/// Wraps one run of a scheduled job in a <see cref="JobRun"/> row: written when it starts (so the Jobs page can show
/// a run in progress, and a run that never finished stays visible), completed with the summary or the error.
/// Uses contexts of its own so a failed unit of work inside the job cannot take the record down with it.
/// </summary>
public sealed class JobRunRecorder(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Runs kept per job; older ones are pruned as new ones finish (a poll every few seconds adds up).</summary>
    public const int RunsKeptPerJob = 500;

    private const int MaxSummaryLength = 1000;
    private const int MaxErrorLength = 4000;

    /// <summary>
    /// Records and runs <paramref name="work"/>, which returns the run's summary. A failure is recorded and rethrown,
    /// so the scheduler sees it too.
    /// </summary>
    public async Task<string> RunAsync(string jobName, Func<CancellationToken, Task<string>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var run = new JobRun { JobName = jobName, StartedAtUtc = Now() };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        try
        {
            var summary = await work(cancellationToken);
            await FinishAsync(run.Id, succeeded: true, Truncate(summary, MaxSummaryLength), error: null);
            return summary;
        }
        catch (Exception ex)
        {
            await FinishAsync(run.Id, succeeded: false, summary: null, Truncate($"{ex.GetType().Name}: {ex.Message}", MaxErrorLength));
            throw;
        }
    }

    private async Task FinishAsync(long runId, bool succeeded, string? summary, string? error)
    {
        // Not cancellable: a run cut short by shutdown is still worth its record.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var run = await db.JobRuns.FirstAsync(r => r.Id == runId);
        run.FinishedAtUtc = Now();
        run.Succeeded = succeeded;
        run.Summary = summary;
        run.Error = error;
        await db.SaveChangesAsync(CancellationToken.None);

        var oldestKept = await db.JobRuns
            .Where(r => r.JobName == run.JobName)
            .OrderByDescending(r => r.Id)
            .Skip(RunsKeptPerJob)
            .Select(r => (long?)r.Id)
            .FirstOrDefaultAsync();
        if (oldestKept is not null)
        {
            await db.JobRuns.Where(r => r.JobName == run.JobName && r.Id <= oldestKept).ExecuteDeleteAsync();
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
