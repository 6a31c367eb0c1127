using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Operations;

public sealed record JobRunView(
    long Id,
    string JobName,
    DateTime StartedAtUtc,
    DateTime? FinishedAtUtc,
    bool Succeeded,
    string? Summary,
    string? Error)
{
    public bool IsFinished => FinishedAtUtc is not null;

    public TimeSpan? Duration => FinishedAtUtc - StartedAtUtc;
}

/// <summary>Run history for the staff Jobs page.</summary>
public sealed class JobRunsQuery(IDbContextFactory<GameHostDbContext> dbFactory)
{
    /// <summary>The latest run of each named job (absent when it never ran).</summary>
    public async Task<IReadOnlyDictionary<string, JobRunView>> GetLastRunsAsync(IEnumerable<string> jobNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobNames);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var result = new Dictionary<string, JobRunView>(StringComparer.Ordinal);
        foreach (var name in jobNames.Distinct(StringComparer.Ordinal))
        {
            // One indexed lookup per job (JobName, StartedAtUtc); there are only a handful of jobs.
            var last = await Project(db.JobRuns.Where(r => r.JobName == name).OrderByDescending(r => r.StartedAtUtc).ThenByDescending(r => r.Id))
                .FirstOrDefaultAsync(cancellationToken);
            if (last is not null)
            {
                result[name] = last;
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<JobRunView>> GetRecentAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Project(db.JobRuns.OrderByDescending(r => r.Id)).Take(take).ToListAsync(cancellationToken);
    }

    private static IQueryable<JobRunView> Project(IQueryable<JobRun> runs) =>
        runs.AsNoTracking().Select(r => new JobRunView(r.Id, r.JobName, r.StartedAtUtc, r.FinishedAtUtc, r.Succeeded, r.Summary, r.Error));
}
