using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Provisioning.Tasks;

/// <summary>What one run of the processor did; the job logs it and keeps it as the run's summary.</summary>
public sealed record ProvisioningRunResult(int Done, int Waiting, int Retried, int ToStaff, bool Paused)
{
    public bool IsIdle => Done + Waiting + Retried + ToStaff == 0;

    public string ToSummary() => $"done={Done} waiting={Waiting} retried={Retried} to_staff={ToStaff}" + (Paused ? " queue=paused" : "");
}

/// <summary>
/// Carries out the provisioning queue against the panel (contract §8): claims due tasks one at a time, runs each
/// through <see cref="IPterodactylApi"/>, and records the outcome — done, waiting (an install), retried with backoff,
/// or handed to staff (the admin queue).
/// </summary>
/// <remarks>
/// <para>
/// Claiming is a conditional update on the task's concurrency token, so two runs (a "Run now" beside the schedule,
/// a second node) never take the same task; the claim holds a lease, and a run that dies leaves a lease that simply
/// runs out. No transaction is held during a panel call: SQLite has one writer, and a create can take a minute.
/// </para>
/// <para>
/// A server's tasks run in order: a task is not claimed while an earlier one of its server is pending, running or
/// waiting for staff. So a suspension waits for the create and its install, and a delete waits for nothing but the
/// task running at that moment (it cancels the rest).
/// </para>
/// <para>
/// Every create is preceded by a look-up of the panel's server under our subscription id, and an unclear create
/// (timeout, 5xx, a 422 "taken") is followed by one: a retry adopts the server an earlier attempt made, never makes a
/// second one.
/// </para>
/// </remarks>
public sealed partial class ProvisioningProcessor(
    IDbContextFactory<GameHostDbContext> contexts,
    IPterodactylApi panel,
    ProvisioningAlerts alerts,
    TimeProvider time,
    IOptions<ProvisioningQueueOptions> options,
    ILogger<ProvisioningProcessor> logger)
{
    /// <summary>The panel requires a last name; a customer who gave one name only gets this one.</summary>
    public const string LastNameFallback = "-";

    private readonly string _owner = "processor-" + Guid.NewGuid().ToString("N")[..12];

    private enum Verdict
    {
        Skipped,
        Done,
        Waiting,
        Retried,
        ToStaff,
        Paused,
    }

    public async Task<ProvisioningRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int done = 0, waiting = 0, retried = 0, toStaff = 0;
        var paused = false;
        for (var i = 0; i < Math.Max(1, settings.MaxTasksPerRun); i++)
        {
            var taskId = await ClaimNextAsync(settings, cancellationToken);
            if (taskId is null)
            {
                break;
            }

            switch (await CarryOutAsync(taskId.Value, settings, cancellationToken))
            {
                case Verdict.Done:
                    done++;
                    break;
                case Verdict.Waiting:
                    waiting++;
                    break;
                case Verdict.Retried:
                    retried++;
                    break;
                case Verdict.ToStaff:
                    toStaff++;
                    break;
                case Verdict.Paused:
                    paused = true;
                    break;
            }

            if (paused)
            {
                break;
            }
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        paused = (await db.ProvisioningQueue().AsNoTracking().SingleAsync(cancellationToken)).IsPaused;
        return new ProvisioningRunResult(done, waiting, retried, toStaff, paused);
    }

    /// <summary>Takes the next due task whose server has no earlier open task; null when there is none.</summary>
    private async Task<long?> ClaimNextAsync(ProvisioningQueueOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var queue = await db.ProvisioningQueue().AsNoTracking().SingleAsync(cancellationToken);
        var tasks = db.ProvisioningTasks();
        var due = tasks.Where(t => (t.State == ProvisioningTaskState.Pending && t.DueAtUtc <= now)
            || (t.State == ProvisioningTaskState.Running && t.LeaseExpiresAtUtc < now));
        if (queue.IsPaused)
        {
            // Every call would fail the same way: only the task that found the problem probes whether it is fixed.
            var probe = queue.PausedByTaskId;
            due = due.Where(t => t.Id == probe);
        }

        var candidates = await due
            .Where(t => !tasks.Any(o => o.GameServerId == t.GameServerId
                && (o.State == ProvisioningTaskState.Pending || o.State == ProvisioningTaskState.Running || o.State == ProvisioningTaskState.Failed)
                && (o.Sequence < t.Sequence || (o.Sequence == t.Sequence && o.Id < t.Id))))
            .OrderBy(t => t.DueAtUtc).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.ConcurrencyToken })
            .Take(10)
            .ToListAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var token = Guid.NewGuid();
            var leaseUntil = now + settings.Lease;
            var claimed = await tasks
                .Where(t => t.Id == candidate.Id && t.ConcurrencyToken == candidate.ConcurrencyToken)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(t => t.State, ProvisioningTaskState.Running)
                    .SetProperty(t => t.LeaseOwner, _owner)
                    .SetProperty(t => t.LeaseExpiresAtUtc, leaseUntil)
                    .SetProperty(t => t.ConcurrencyToken, token), cancellationToken);
            if (claimed == 1)
            {
                return candidate.Id;
            }
        }

        return null;
    }

    private async Task<Verdict> CarryOutAsync(long taskId, ProvisioningQueueOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.ProvisioningTasks().SingleAsync(t => t.Id == taskId, cancellationToken);
        if (task.State != ProvisioningTaskState.Running || task.LeaseOwner != _owner)
        {
            return Verdict.Skipped;
        }

        var server = await db.GameServers().SingleAsync(s => s.Id == task.GameServerId, cancellationToken);
        task.LastAttemptAtUtc = Now();
        Outcome outcome;
        try
        {
            outcome = await PerformAsync(new Work(db, task, server, settings), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the task is tried again, looking the server up first.
            throw;
        }
#pragma warning disable CA1031 // A bug in one task must cost that task an attempt, not stop the queue.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Provisioning task {TaskId} ({Kind}) threw", task.Id, task.Kind);
            outcome = new Outcome.PanelTrouble(new PanelFailure(PanelFailureKind.OutcomeUnknown, null, ex.GetType().Name, ex.Message));
        }

        var queue = await db.ProvisioningQueue().SingleAsync(cancellationToken);
        var verdict = await RecordAsync(db, task, server, queue, outcome, settings, cancellationToken);
        task.LeaseOwner = null;
        task.LeaseExpiresAtUtc = null;
        task.ConcurrencyToken = Guid.NewGuid();
        try
        {
            // Not cancellable: the panel has already seen this attempt, so what happened must be recorded.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Provisioning task {TaskId} changed while it ran (lease lost or staff acted); its outcome {Verdict} was not recorded", task.Id, verdict);
            return Verdict.Skipped;
        }

        if (verdict is Verdict.ToStaff or Verdict.Paused)
        {
            logger.LogWarning("Provisioning task {TaskId} ({Kind}) for server {ServerId}: {Verdict} — {Error}",
                task.Id, task.Kind, server.Id, verdict, $"{task.LastErrorKind} {task.LastErrorCode}: {task.LastErrorDetail}");
        }

        return verdict;
    }

    private async Task<Verdict> RecordAsync(
        GameHostDbContext db, ProvisioningTask task, GameServer server, ProvisioningQueueState queue, Outcome outcome,
        ProvisioningQueueOptions settings, CancellationToken cancellationToken)
    {
        var now = Now();
        var credentials = outcome is Outcome.PanelTrouble { Failure.Kind: PanelFailureKind.Credentials };
        if (queue.IsPaused && !credentials && queue.PausedByTaskId == task.Id)
        {
            // The call got past the panel's door: the credentials work again.
            Resume(queue);
        }

        switch (outcome)
        {
            case Outcome.Done:
                task.State = ProvisioningTaskState.Done;
                task.FinishedAtUtc = now;
                return Verdict.Done;

            case Outcome.Wait wait:
                task.State = ProvisioningTaskState.Pending;
                task.DueAtUtc = wait.DueAtUtc;
                return Verdict.Waiting;

            case Outcome.NeedsStaff staff:
                task.Attempts++;
                task.RecordError(staff.Kind, staff.Code, staff.Detail, staff.Field, staff.HttpStatus);
                await ToStaffAsync(db, task, server, cancellationToken);
                return Verdict.ToStaff;

            case Outcome.PanelTrouble { Failure: var failure }:
                task.RecordError(failure);
                switch (failure.Kind)
                {
                    case PanelFailureKind.RateLimited:
                        task.State = ProvisioningTaskState.Pending;
                        task.DueAtUtc = now + (failure.RetryAfter ?? TimeSpan.FromSeconds(settings.RateLimitSeconds));
                        return Verdict.Retried;

                    case PanelFailureKind.Credentials:
                        task.State = ProvisioningTaskState.Pending;
                        task.DueAtUtc = now + TimeSpan.FromMinutes(Math.Max(1, settings.CredentialsProbeMinutes));
                        if (!queue.IsPaused)
                        {
                            queue.PausedAtUtc = now;
                            queue.PausedByTaskId = task.Id;
                            queue.PauseCode = failure.Code;
                            queue.PauseDetail = Truncate(failure.Detail);
                            await alerts.QueuePausedAsync(db, queue, cancellationToken);
                        }

                        return Verdict.Paused;

                    case PanelFailureKind.OutcomeUnknown or PanelFailureKind.DaemonUnavailable or PanelFailureKind.Conflict:
                        task.Attempts++;
                        if (task.Attempts >= settings.MaxAttempts)
                        {
                            await ToStaffAsync(db, task, server, cancellationToken);
                            return Verdict.ToStaff;
                        }

                        task.State = ProvisioningTaskState.Pending;
                        task.DueAtUtc = now + settings.Backoff(task.Id, task.Attempts);
                        return Verdict.Retried;

                    default:
                        // Out of stock, bad input, a duplicate we cannot adopt, something gone: no blind retry.
                        task.Attempts++;
                        await ToStaffAsync(db, task, server, cancellationToken);
                        return Verdict.ToStaff;
                }

            default:
                throw new InvalidOperationException($"Unknown outcome {outcome}.");
        }
    }

    private async Task ToStaffAsync(GameHostDbContext db, ProvisioningTask task, GameServer server, CancellationToken cancellationToken)
    {
        task.State = ProvisioningTaskState.Failed;
        task.TimesFailed++;
        if (!server.InstallCompleted && !server.IsGone
            && task.Kind is ProvisioningTaskKind.EnsurePanelUser or ProvisioningTaskKind.CreateServer or ProvisioningTaskKind.WaitForInstall)
        {
            server.State = GameServerState.Failed;
            // A paid server that cannot be set up without a person: its customer hears it from us, not by waiting.
            await alerts.ServerFailedAsync(db, server, cancellationToken);
        }

        await alerts.TaskFailedAsync(db, task, server, cancellationToken);
    }

    internal static void Resume(ProvisioningQueueState queue)
    {
        queue.PausedAtUtc = null;
        queue.PausedByTaskId = null;
        queue.PauseCode = null;
        queue.PauseDetail = null;
    }

    private static string Truncate(string text) =>
        text.Length <= ProvisioningTask.MaxErrorDetailLength ? text : text[..ProvisioningTask.MaxErrorDetailLength];

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    /// <summary>One task being carried out, with the context that will record it.</summary>
    private sealed record Work(GameHostDbContext Db, ProvisioningTask Task, GameServer Server, ProvisioningQueueOptions Settings);

    /// <summary>How a task's attempt ended.</summary>
    private abstract record Outcome
    {
        public static readonly Outcome Finished = new Done();

        public sealed record Done : Outcome;

        /// <summary>Nothing wrong, but not finished (an install is running): look again then; no attempt is counted.</summary>
        public sealed record Wait(DateTime DueAtUtc) : Outcome;

        public sealed record PanelTrouble(PanelFailure Failure) : Outcome;

        /// <summary>Something only staff can sort out (our own finding, not a panel failure).</summary>
        public sealed record NeedsStaff(string Kind, string? Code, string Detail, string? Field = null, int? HttpStatus = null) : Outcome;
    }
}
