using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Tasks;

/// <summary>The queue as a whole: paused or not, and how many tasks wait for staff or are in flight.</summary>
public sealed record ProvisioningQueueStatus(
    bool IsPaused, DateTime? PausedAtUtc, string? PauseCode, string? PauseDetail, long? PausedByTaskId, int FailedCount, int InFlightCount);

/// <summary>A task as the staff queue lists it, with its server and customer.</summary>
public sealed record ProvisioningTaskRow(
    long Id,
    ProvisioningTaskKind Kind,
    ProvisioningTaskState State,
    int Attempts,
    DateTime DueAtUtc,
    DateTime? LastAttemptAtUtc,
    DateTime CreatedAtUtc,
    string? LastErrorKind,
    string? LastErrorCode,
    string? LastErrorDetail,
    string? LastErrorField,
    int? LastErrorHttpStatus,
    Guid ServerId,
    Guid SubscriptionId,
    string ServerName,
    Guid CustomerId,
    string CustomerEmail,
    string CustomerName);

/// <summary>A server as the staff list shows it.</summary>
public sealed record ProvisioningServerRow(
    Guid Id,
    Guid SubscriptionId,
    string Name,
    GameServerState State,
    string? PanelStatus,
    DateTime? PanelStatusSeenAtUtc,
    string? Address,
    int? PanelServerId,
    Guid CustomerId,
    string CustomerEmail,
    string CustomerName,
    Guid TariffId,
    int TariffVersionNumber,
    LocalizedText TariffName,
    DateTime CreatedAtUtc);

/// <summary>What the staff provisioning page reads, each call on a short-lived context of its own.</summary>
public sealed class ProvisioningQueueQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public const int MaxRows = 200;

    public async Task<ProvisioningQueueStatus> StatusAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queue = await db.ProvisioningQueue().AsNoTracking().SingleAsync(cancellationToken);
        var failed = await db.ProvisioningTasks().CountAsync(t => t.State == ProvisioningTaskState.Failed, cancellationToken);
        var inFlight = await db.ProvisioningTasks()
            .CountAsync(t => t.State == ProvisioningTaskState.Pending || t.State == ProvisioningTaskState.Running, cancellationToken);
        return new ProvisioningQueueStatus(queue.IsPaused, queue.PausedAtUtc, queue.PauseCode, queue.PauseDetail, queue.PausedByTaskId, failed, inFlight);
    }

    /// <summary>The admin queue: tasks waiting for staff, the longest-waiting first.</summary>
    public async Task<IReadOnlyList<ProvisioningTaskRow>> FailedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Rows(db, db.ProvisioningTasks().Where(t => t.State == ProvisioningTaskState.Failed), byDueTime: false)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Tasks pending or running, the next due first.</summary>
    public async Task<IReadOnlyList<ProvisioningTaskRow>> InFlightAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Rows(db, db.ProvisioningTasks().Where(t => t.State == ProvisioningTaskState.Pending || t.State == ProvisioningTaskState.Running),
                byDueTime: true)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Servers, newest first; the search matches the server name, the address, the customer's e-mail or name; an id finds its server, subscription or customer.</summary>
    public async Task<PagedList<ProvisioningServerRow>> ServersAsync(string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        (page, pageSize) = PagedList<ProvisioningServerRow>.Clamp(page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows =
            from s in db.GameServers().AsNoTracking()
            join u in db.Users on s.CustomerId equals u.Id
            join v in db.TariffVersions() on new { s.TariffId, Number = s.TariffVersionNumber } equals new { v.TariffId, v.Number }
            select new { Server = s, u.Email, u.FullName, TariffName = v.Name };
        var term = search?.Trim();
        if (Guid.TryParse(term, out var id))
        {
            rows = rows.Where(r => r.Server.SubscriptionId == id || r.Server.Id == id || r.Server.CustomerId == id);
        }
        else if (!string.IsNullOrEmpty(term))
        {
            var pattern = $"%{term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            rows = rows.Where(r => EF.Functions.Like(r.Server.Name, pattern, "\\")
                || EF.Functions.Like(r.Server.Address!, pattern, "\\")
                || EF.Functions.Like(r.Email!, pattern, "\\")
                || EF.Functions.Like(r.FullName, pattern, "\\"));
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows
            .OrderByDescending(r => r.Server.CreatedAtUtc).ThenBy(r => r.Server.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(r => new ProvisioningServerRow(
                r.Server.Id, r.Server.SubscriptionId, r.Server.Name, r.Server.State, r.Server.PanelStatus, r.Server.PanelStatusSeenAtUtc,
                r.Server.Address, r.Server.PanelServerId, r.Server.CustomerId, r.Email ?? "", r.FullName, r.Server.TariffId,
                r.Server.TariffVersionNumber, r.TariffName, r.Server.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        return new PagedList<ProvisioningServerRow>(items, total, page, pageSize);
    }

    private static IQueryable<ProvisioningTaskRow> Rows(GameHostDbContext db, IQueryable<ProvisioningTask> tasks, bool byDueTime)
    {
        var joined =
            from t in tasks.AsNoTracking()
            join s in db.GameServers() on t.GameServerId equals s.Id
            join u in db.Users on s.CustomerId equals u.Id
            select new { Task = t, Server = s, u.Email, u.FullName };
        joined = byDueTime
            ? joined.OrderBy(r => r.Task.DueAtUtc).ThenBy(r => r.Task.Id)
            : joined.OrderBy(r => r.Task.LastAttemptAtUtc).ThenBy(r => r.Task.Id);
        return joined.Take(MaxRows).Select(r => new ProvisioningTaskRow(
            r.Task.Id, r.Task.Kind, r.Task.State, r.Task.Attempts, r.Task.DueAtUtc, r.Task.LastAttemptAtUtc, r.Task.CreatedAtUtc, r.Task.LastErrorKind,
            r.Task.LastErrorCode, r.Task.LastErrorDetail, r.Task.LastErrorField, r.Task.LastErrorHttpStatus, r.Server.Id, r.Server.SubscriptionId,
            r.Server.Name, r.Server.CustomerId, r.Email ?? "", r.FullName));
    }
}
