using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Inbox;

public sealed record InboxItem(Guid Id, string EventCode, string Title, string Body, string? Link, DateTime CreatedAtUtc, bool IsRead);

public sealed record SentEmailItem(Guid Id, string ToAddress, string Subject, string TextBody, string Category, OutboundEmailStatus Status, DateTime CreatedAtUtc, DateTime? SentAtUtc);

/// <summary>Where a page of the inbox or the e-mail list ends: the last row shown. The next page starts after it.</summary>
public sealed record InboxCursor(DateTime CreatedAtUtc, Guid Id);

/// <summary>A page of rows, newest first, and whether older ones exist.</summary>
public sealed record InboxPage<T>(IReadOnlyList<T> Items, bool HasOlder);

/// <summary>A user's own notifications: the bell's unread count, the page's list and every e-mail sent to them.</summary>
public sealed class NotificationInbox(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time, NotificationSignals signals)
{
    public const int PageSize = 50;

    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications().CountAsync(n => n.UserId == userId && n.ShowInApp && n.ReadAtUtc == null, cancellationToken);
    }

    /// <summary>
    /// One page of the user's in-app notifications, newest first, after <paramref name="before"/> (the last one shown;
    /// null for the newest). Keyset paging on (created, id) — the order the page shows — so a page reads only its rows
    /// however far back it is, and notifications arriving meanwhile do not shift older pages. <see cref="InboxPage{T}.HasOlder"/>
    /// says whether there is more.
    /// </summary>
    public async Task<InboxPage<InboxItem>> ListAsync(Guid userId, int take, InboxCursor? before, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(take, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications().AsNoTracking().Where(n => n.UserId == userId && n.ShowInApp);
        if (before is { CreatedAtUtc: var at, Id: var id })
        {
            // The id breaks ties between rows of the same instant, in the same order as the ORDER BY below.
            query = query.Where(n => n.CreatedAtUtc < at || (n.CreatedAtUtc == at && n.Id.CompareTo(id) < 0));
        }

        var rows = await query
            .OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Take(size + 1)
            .Select(n => new InboxItem(n.Id, n.EventCode, n.Title, n.Body, n.Link, n.CreatedAtUtc, n.ReadAtUtc != null))
            .ToListAsync(cancellationToken);
        return Page(rows, size);
    }

    /// <summary>
    /// One page of every e-mail the outbox holds for this user — sent by a notification or by any other feature —
    /// newest first, after <paramref name="before"/>; paged like <see cref="ListAsync"/>, so every e-mail ever sent
    /// can be reached.
    /// </summary>
    public async Task<InboxPage<SentEmailItem>> EmailsAsync(Guid userId, int take, InboxCursor? before, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(take, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.OutboundEmails.AsNoTracking().Where(e => e.UserId == userId);
        if (before is { CreatedAtUtc: var at, Id: var id })
        {
            query = query.Where(e => e.CreatedAtUtc < at || (e.CreatedAtUtc == at && e.Id.CompareTo(id) < 0));
        }

        var rows = await query
            .OrderByDescending(e => e.CreatedAtUtc).ThenByDescending(e => e.Id)
            .Take(size + 1)
            .Select(e => new SentEmailItem(e.Id, e.ToAddress, e.Subject, e.TextBody, e.Category, e.Status, e.CreatedAtUtc, e.SentAtUtc))
            .ToListAsync(cancellationToken);
        return Page(rows, size);
    }

    /// <summary>A page read with one row more than <paramref name="size"/>: that row only says there is more.</summary>
    private static InboxPage<T> Page<T>(List<T> rows, int size) =>
        rows.Count > size ? new InboxPage<T>(rows.GetRange(0, size), true) : new InboxPage<T>(rows, false);

    /// <summary>Marks one of the user's notifications read; marking again changes nothing. Another user's id is not found.</summary>
    public async Task<Common.Result> MarkReadAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notification = await db.Notifications().FirstOrDefaultAsync(n => n.Id == notificationId && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotFound, "The notification does not exist.");
        }

        if (notification.ReadAtUtc is null)
        {
            notification.ReadAtUtc = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            signals.Publish(userId);
        }

        return Common.Result.Success();
    }

    /// <summary>
    /// Marks read the user's notifications among <paramref name="notificationIds"/> that are still unread: what the
    /// notifications page has just shown. Ids of other users' notifications change nothing; so does showing them again.
    /// The user's open bells (other tabs too) re-read their count when anything changed.
    /// </summary>
    public async Task<int> MarkShownReadAsync(Guid userId, IReadOnlyCollection<Guid> notificationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        if (notificationIds.Count == 0)
        {
            return 0;
        }

        var ids = notificationIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications()
            .Where(n => n.UserId == userId && n.ReadAtUtc == null && ids.Contains(n.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), cancellationToken);
        if (changed > 0)
        {
            signals.Publish(userId);
        }

        return changed;
    }

    public async Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications()
            .Where(n => n.UserId == userId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), cancellationToken);
        if (changed > 0)
        {
            signals.Publish(userId);
        }

        return changed;
    }
}
