using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Operations;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using Quartz;

namespace GameHost.App.Features.Provisioning.Settings;

/// <summary>
/// Keeps the synced panel catalogue fresh. It wakes every <see cref="PollEvery"/> and syncs when the interval staff set
/// under Settings → Panel has passed, so a changed interval applies without rescheduling anything; "Run now" on the
/// Jobs page syncs at once. A failed sync fails the run, so it shows on the Jobs page; the old catalogue stays.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SyncPanelCatalogJob(SyncPanelCatalog sync, JobRunRecorder recorder, ILogger<SyncPanelCatalogJob> logger)
    : ScheduledJob(recorder, logger), IJob
{
    public const string Name = "panel-catalog-sync";

    public static readonly TimeSpan PollEvery = TimeSpan.FromMinutes(PanelAddress.MinSyncIntervalMinutes);

    private bool _runNow;

    /// <summary>
    /// Re-implemented to tell the schedule from a manual firing: the schedule's trigger carries the job's name
    /// (<see cref="JobsAppRegistration.AddScheduledJob{TJob}"/>); any other trigger is someone pressing "Run now".
    /// </summary>
    ValueTask IJob.Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _runNow = !string.Equals(context.Trigger.Key.Name, Name, StringComparison.Ordinal);
        return Execute(context, cancellationToken);
    }

    internal Task RunAsync(bool runNow, CancellationToken cancellationToken)
    {
        _runNow = runNow;
        return RunRecordedAsync(Name, cancellationToken);
    }

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var outcome = _runNow ? await sync.ExecuteAsync(cancellationToken) : await sync.ExecuteIfDueAsync(cancellationToken);
        if (outcome.State == PanelSyncState.Failed)
        {
            throw new PanelSyncFailedException(outcome.ToSummary());
        }

        return new JobOutcome(outcome.ToSummary(), IsIdle: outcome.State is PanelSyncState.NotDue or PanelSyncState.NoPanel);
    }
}

/// <summary>The panel could not be read; the message says why in the settings page's terms.</summary>
public sealed class PanelSyncFailedException(string message) : Exception(message);
