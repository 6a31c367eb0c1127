using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Servers;

/// <summary>
/// What Billing (or staff) ask of the panel. Every method only ADDS rows to the caller's context — the server's desired
/// state and the tasks that carry it out — so they are saved by the caller's SaveChanges together with the change
/// that needs them (a payment, a suspension): the outbox pattern. Nothing here calls the panel; the processor does.
/// Every request is safe to repeat.
/// </summary>
public sealed class ProvisioningRequests(TimeProvider time)
{
    /// <summary>
    /// A server for a paid subscription: the server (Pending) with its panel-user and create tasks. A subscription has
    /// one server: asking again returns the one already requested and adds nothing.
    /// </summary>
    public async Task<GameServer> RequestServerAsync(GameHostDbContext db, ServerOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(order);
        var existing = await FindAsync(db, order.SubscriptionId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = Now();
        var server = new GameServer
        {
            Id = Guid.NewGuid(),
            SubscriptionId = order.SubscriptionId,
            CustomerId = order.CustomerId,
            State = GameServerState.Pending,
            CreatedAtUtc = now,
        };
        server.SetSpec(order.Spec);
        db.GameServers().Add(server);
        AddTask(db, server, ProvisioningTaskKind.EnsurePanelUser, now);
        AddTask(db, server, ProvisioningTaskKind.CreateServer, now);
        return server;
    }

    /// <summary>Suspend the server (overdue). Waits for the first install; repeated while already wanted, adds nothing.</summary>
    public Task<Result> RequestSuspendAsync(GameHostDbContext db, Guid subscriptionId, CancellationToken cancellationToken) =>
        ChangeAsync(db, subscriptionId, server =>
        {
            if (server.SuspendRequested)
            {
                return false;
            }

            server.SuspendRequested = true;
            return true;
        }, ProvisioningTaskKind.Suspend, cancellationToken);

    /// <summary>Lift a suspension (paid). Nothing is added unless a suspension was asked for.</summary>
    public Task<Result> RequestUnsuspendAsync(GameHostDbContext db, Guid subscriptionId, CancellationToken cancellationToken) =>
        ChangeAsync(db, subscriptionId, server =>
        {
            if (!server.SuspendRequested)
            {
                return false;
            }

            server.SuspendRequested = false;
            return true;
        }, ProvisioningTaskKind.Unsuspend, cancellationToken);

    /// <summary>
    /// New limits (upgrade, downgrade, add-ons, a tariff's new resources). The spec is replaced and one build task
    /// sends it; while such a task waits unstarted, it will send the newest spec, so no second one is added.
    /// </summary>
    public Task<Result> RequestBuildChangeAsync(GameHostDbContext db, Guid subscriptionId, ServerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ChangeAsync(db, subscriptionId, server =>
        {
            server.SetSpec(spec);
            return true;
        }, ProvisioningTaskKind.ApplyBuild, cancellationToken);
    }

    /// <summary>A different game or version: new egg, image, startup and environment, then a reinstall (it may wipe files).</summary>
    public Task<Result> RequestGameChangeAsync(GameHostDbContext db, Guid subscriptionId, ServerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ChangeAsync(db, subscriptionId, server =>
        {
            server.SetSpec(spec);
            return true;
        }, ProvisioningTaskKind.ChangeGame, cancellationToken);
    }

    /// <summary>Rerun the install script. Not idempotent on the panel, so an unstarted reinstall already queued absorbs a repeat.</summary>
    public Task<Result> RequestReinstallAsync(GameHostDbContext db, Guid subscriptionId, CancellationToken cancellationToken) =>
        ChangeAsync(db, subscriptionId, _ => true, ProvisioningTaskKind.Reinstall, cancellationToken);

    /// <summary>
    /// Remove the server (cancelled or terminated). Tasks not yet running are cancelled as superseded — the delete
    /// finds a server by our id even if a create never told us about it. Repeating it adds nothing.
    /// </summary>
    public async Task<Result> RequestDeleteAsync(GameHostDbContext db, Guid subscriptionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var server = await FindAsync(db, subscriptionId, cancellationToken);
        if (server is null)
        {
            return ProvisioningErrors.ServerNotFound;
        }

        if (server.IsGone)
        {
            return Result.Success();
        }

        var now = Now();
        var open = await db.ProvisioningTasks()
            .Where(t => t.GameServerId == server.Id && (t.State == ProvisioningTaskState.Pending || t.State == ProvisioningTaskState.Failed))
            .ToListAsync(cancellationToken);
        foreach (var task in open.Concat(db.ProvisioningTasks().Local.Where(t => t.GameServerId == server.Id && db.Entry(t).State == EntityState.Added)).Distinct())
        {
            task.State = ProvisioningTaskState.Cancelled;
            task.CancelReason = SupersededByDelete;
            task.FinishedAtUtc = now;
            task.ConcurrencyToken = Guid.NewGuid();
        }

        server.State = GameServerState.Deleting;
        AddTask(db, server, ProvisioningTaskKind.Delete, now);
        return Result.Success();
    }

    public const string SupersededByDelete = "Superseded: the server is being deleted.";

    /// <summary>The next task of a server, after all its earlier ones.</summary>
    internal static ProvisioningTask AddTask(GameHostDbContext db, GameServer server, ProvisioningTaskKind kind, DateTime nowUtc)
    {
        server.LastTaskSequence++;
        var task = ProvisioningTask.New(server.Id, kind, server.LastTaskSequence, nowUtc);
        db.ProvisioningTasks().Add(task);
        return task;
    }

    private async Task<Result> ChangeAsync(
        GameHostDbContext db, Guid subscriptionId, Func<GameServer, bool> change, ProvisioningTaskKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var server = await FindAsync(db, subscriptionId, cancellationToken);
        if (server is null)
        {
            return ProvisioningErrors.ServerNotFound;
        }

        if (server.IsGone)
        {
            return ProvisioningErrors.ServerGone;
        }

        if (!change(server))
        {
            return Result.Success();
        }

        // When the server's latest task is one of the same kind that has not started yet, it will send the newest
        // desired state when it runs, so a repeat adds nothing.
        var saved = await db.ProvisioningTasks().AsNoTracking()
            .Where(t => t.GameServerId == server.Id && t.State != ProvisioningTaskState.Cancelled)
            .OrderByDescending(t => t.Sequence).ThenByDescending(t => t.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var latest = db.ProvisioningTasks().Local
            .Where(t => t.GameServerId == server.Id && db.Entry(t).State == EntityState.Added && t.State != ProvisioningTaskState.Cancelled)
            .OrderByDescending(t => t.Sequence)
            .FirstOrDefault() ?? saved;
        if (latest is not { State: ProvisioningTaskState.Pending, Step: 0, Attempts: 0 } || latest.Kind != kind)
        {
            AddTask(db, server, kind, Now());
        }

        return Result.Success();
    }

    private static async Task<GameServer?> FindAsync(GameHostDbContext db, Guid subscriptionId, CancellationToken cancellationToken) =>
        db.GameServers().Local.FirstOrDefault(s => s.SubscriptionId == subscriptionId)
        ?? await db.GameServers().FirstOrDefaultAsync(s => s.SubscriptionId == subscriptionId, cancellationToken);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
