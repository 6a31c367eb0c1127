using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Tasks;

/// <summary>Whether a staff action changed anything; a repeated click is answered with <see cref="Unchanged"/>.</summary>
public enum QueueChange
{
    Changed = 0,
    Unchanged = 1,
}

/// <summary>A task's state as the audit log records it.</summary>
public sealed record ProvisioningTaskSnapshot(string State, int Attempts, DateTime DueAtUtc, string? Reason = null);

/// <summary>Names shared by the queue's staff actions and whoever reads their audit entries.</summary>
public static class ProvisioningQueueAudit
{
    public const int MaxReasonLength = 500;

    public const string SubjectType = "ProvisioningTask";

    public const string RetriedAction = "provisioning.task_retried";

    public const string CancelledAction = "provisioning.task_cancelled";

    public const string MarkedDoneAction = "provisioning.task_marked_done";

    public const string ResumedAction = "provisioning.queue_resumed";

    public const string ResourcesPushedAction = "provisioning.resources_pushed";

    internal static ProvisioningTaskSnapshot Of(ProvisioningTask task, string? reason = null) =>
        new(task.State.ToString(), task.Attempts, task.DueAtUtc, reason);
}

internal static class ProvisioningActor
{
    public static async Task<Result<AuditActor>> LoadStaffAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var actor = await StaffActors.FindAsync(db, userId, [Roles.Admin, Roles.Support], cancellationToken);
        return actor is null ? ProvisioningErrors.ActorNotStaff : actor;
    }

    public static async Task<Result<AuditActor>> LoadAdminAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var actor = await StaffActors.FindAsync(db, userId, [Roles.Admin], cancellationToken);
        return actor is null ? ProvisioningErrors.ActorNotAdmin : actor;
    }
}

public sealed record QueueTaskCommand(Guid ActorUserId, long TaskId, string? CorrelationId = null);

public sealed record CancelTaskCommand(Guid ActorUserId, long TaskId, string? Reason, string? CorrelationId = null);

/// <summary>
/// Staff act on the provisioning queue: try a task again now, cancel it with a reason, or mark it done after fixing
/// things on the panel by hand. Each action is audited in the same save; a task a processor is running is left alone.
/// </summary>
public sealed class ProvisioningQueueCommands(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Back to pending, due now, attempts kept (the backoff continues from where it was if it fails again). A retry
    /// also lifts a pause of the queue: staff say the panel is fixed.
    /// </summary>
    public Task<Result<QueueChange>> RetryAsync(QueueTaskCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ActAsync(command.ActorUserId, command.TaskId, command.CorrelationId, ProvisioningQueueAudit.RetriedAction, null,
            (db, task, server, queue, now) =>
            {
                if (task.State is ProvisioningTaskState.Done or ProvisioningTaskState.Cancelled)
                {
                    return ProvisioningErrors.TaskFinished;
                }

                if (task.State == ProvisioningTaskState.Pending && task.DueAtUtc <= now && !queue.IsPaused)
                {
                    return QueueChange.Unchanged;
                }

                task.State = ProvisioningTaskState.Pending;
                task.DueAtUtc = now;
                task.StepStartedAtUtc = task.Kind == ProvisioningTaskKind.WaitForInstall ? null : task.StepStartedAtUtc;
                if (server.State == GameServerState.Failed)
                {
                    server.State = task.Kind switch
                    {
                        ProvisioningTaskKind.WaitForInstall => GameServerState.Installing,
                        ProvisioningTaskKind.CreateServer => GameServerState.Creating,
                        _ => GameServerState.Pending,
                    };
                }

                if (queue.IsPaused)
                {
                    ProvisioningProcessor.Resume(queue);
                }

                return QueueChange.Changed;
            }, cancellationToken);
    }

    public Task<Result<QueueChange>> CancelAsync(CancelTaskCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return Task.FromResult<Result<QueueChange>>(ProvisioningErrors.ReasonRequired);
        }

        if (reason.Length > ProvisioningQueueAudit.MaxReasonLength)
        {
            return Task.FromResult<Result<QueueChange>>(ProvisioningErrors.ReasonTooLong);
        }

        return ActAsync(command.ActorUserId, command.TaskId, command.CorrelationId, ProvisioningQueueAudit.CancelledAction, reason,
            (db, task, server, queue, now) =>
            {
                if (task.State == ProvisioningTaskState.Cancelled)
                {
                    return QueueChange.Unchanged;
                }

                if (task.State == ProvisioningTaskState.Done)
                {
                    return ProvisioningErrors.TaskFinished;
                }

                task.State = ProvisioningTaskState.Cancelled;
                task.CancelReason = reason;
                task.FinishedAtUtc = now;
                if (queue.PausedByTaskId == task.Id)
                {
                    ProvisioningProcessor.Resume(queue);
                }

                return QueueChange.Changed;
            }, cancellationToken);
    }

    /// <summary>
    /// Staff did it on the panel by hand: the task counts as done and the server takes the state the task would have
    /// given it. A create marked done is followed by a wait-for-install that picks up the server's panel facts.
    /// </summary>
    public Task<Result<QueueChange>> MarkDoneAsync(QueueTaskCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ActAsync(command.ActorUserId, command.TaskId, command.CorrelationId, ProvisioningQueueAudit.MarkedDoneAction, null,
            (db, task, server, queue, now) =>
            {
                if (task.State == ProvisioningTaskState.Done)
                {
                    return QueueChange.Unchanged;
                }

                if (task.State != ProvisioningTaskState.Failed)
                {
                    return ProvisioningErrors.TaskNotInQueue;
                }

                task.State = ProvisioningTaskState.Done;
                task.FinishedAtUtc = now;
                switch (task.Kind)
                {
                    case ProvisioningTaskKind.CreateServer:
                        server.State = GameServerState.Installing;
                        var follow = ProvisioningTask.New(server.Id, ProvisioningTaskKind.WaitForInstall, task.Sequence, now);
                        db.ProvisioningTasks().Add(follow);
                        break;
                    case ProvisioningTaskKind.WaitForInstall or ProvisioningTaskKind.ChangeGame or ProvisioningTaskKind.Reinstall:
                        server.MarkInstalled(now);
                        break;
                    case ProvisioningTaskKind.Suspend:
                        server.State = GameServerState.Suspended;
                        break;
                    case ProvisioningTaskKind.Unsuspend:
                        server.State = server.InstallCompleted ? GameServerState.Active : server.State;
                        break;
                    case ProvisioningTaskKind.Delete:
                        server.State = GameServerState.Deleted;
                        break;
                    case ProvisioningTaskKind.EnsurePanelUser when server.State == GameServerState.Failed:
                        server.State = GameServerState.Pending;
                        break;
                }

                if (queue.PausedByTaskId == task.Id)
                {
                    ProvisioningProcessor.Resume(queue);
                }

                return QueueChange.Changed;
            }, cancellationToken);
    }

    /// <summary>Lifts a pause without retrying a particular task (staff fixed the panel settings).</summary>
    public async Task<Result<QueueChange>> ResumeAsync(Guid actorUserId, string? correlationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await ProvisioningActor.LoadStaffAsync(db, actorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var queue = await db.ProvisioningQueue().SingleAsync(cancellationToken);
        if (!queue.IsPaused)
        {
            return QueueChange.Unchanged;
        }

        var before = new { queue.PausedAtUtc, queue.PauseCode, queue.PausedByTaskId };
        var probe = queue.PausedByTaskId is { } id ? await db.ProvisioningTasks().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) : null;
        if (probe is { State: ProvisioningTaskState.Pending })
        {
            probe.DueAtUtc = Now();
            probe.ConcurrencyToken = Guid.NewGuid();
        }

        ProvisioningProcessor.Resume(queue);
        audit.Record(db, actor.Value, ProvisioningQueueAudit.ResumedAction, "ProvisioningQueue", "queue", before, new { PausedAtUtc = (DateTime?)null }, correlationId);
        await db.SaveChangesAsync(cancellationToken);
        return QueueChange.Changed;
    }

    private delegate Result<QueueChange> TaskAction(
        GameHostDbContext db, ProvisioningTask task, GameServer server, ProvisioningQueueState queue, DateTime nowUtc);

    private async Task<Result<QueueChange>> ActAsync(
        Guid actorUserId, long taskId, string? correlationId, string action, string? reason, TaskAction act, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await ProvisioningActor.LoadStaffAsync(db, actorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var task = await db.ProvisioningTasks().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            return ProvisioningErrors.TaskNotFound;
        }

        var now = Now();
        if (task.State == ProvisioningTaskState.Running && task.LeaseExpiresAtUtc >= now)
        {
            return ProvisioningErrors.TaskRunning;
        }

        var server = await db.GameServers().SingleAsync(s => s.Id == task.GameServerId, cancellationToken);
        var queue = await db.ProvisioningQueue().SingleAsync(cancellationToken);
        var before = ProvisioningQueueAudit.Of(task);
        var result = act(db, task, server, queue, now);
        if (!result.IsSuccess || result.Value == QueueChange.Unchanged)
        {
            return result;
        }

        task.LeaseOwner = null;
        task.LeaseExpiresAtUtc = null;
        task.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor.Value, action, ProvisioningQueueAudit.SubjectType, task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            before, ProvisioningQueueAudit.Of(task, reason), correlationId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return QueueChange.Changed;
        }
        catch (DbUpdateConcurrencyException)
        {
            // A processor claimed or finished the task while staff looked at it: nothing was written.
            return ProvisioningErrors.ChangedMeanwhile;
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
