using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support;

/// <summary>
/// Staff notices about a department's ticket (a new ticket, a missed target) go to that department's members: they are
/// the ones who answer it. A department nobody is a member of yet would leave its tickets unheard of, so then every
/// staff member in the event's roles is told, as before departments had members.
/// </summary>
public static class SupportStaffNotices
{
    /// <summary>
    /// Raises <paramref name="eventCode"/> for the department's staff (and <paramref name="assigneeId"/>, the ticket's
    /// assignee, who may sit in another department), with values made per recipient language; returns how many
    /// notifications were added.
    /// </summary>
    public static async Task<int> NotifyDepartmentAsync(
        GameHostDbContext db, Notifier notifier, Guid departmentId, string eventCode, Func<string?, IReadOnlyDictionary<string, string?>> values,
        string key, string? link, CancellationToken cancellationToken, Guid? assigneeId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(values);
        var recipients = await RecipientsAsync(db, departmentId, eventCode, assigneeId, cancellationToken);
        var requests = recipients.Select(r => new NotifyRequest(eventCode, r.Id, values(r.Language), key, link)).ToList();
        return await notifier.NotifyManyAsync(db, requests, cancellationToken);
    }

    public static Task<int> NotifyDepartmentAsync(
        GameHostDbContext db, Notifier notifier, Guid departmentId, string eventCode, IReadOnlyDictionary<string, string?> values,
        string key, string? link, CancellationToken cancellationToken) =>
        NotifyDepartmentAsync(db, notifier, departmentId, eventCode, _ => values, key, link, cancellationToken);

    /// <summary>The department's members (and the assignee) in the event's staff roles; every staff member in those roles when it has no members.</summary>
    public static async Task<IReadOnlyList<(Guid Id, string? Language)>> RecipientsAsync(
        GameHostDbContext db, Guid departmentId, string eventCode, Guid? assigneeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var roles = NotificationCatalogue.Get(eventCode).StaffRoles.Select(r => r.ToUpperInvariant()).ToList();
        var staff = db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.NormalizedName!))));
        var members = await db.SupportDepartmentMembers().AnyAsync(m => m.DepartmentId == departmentId, cancellationToken)
            ? await staff
                .Where(u => u.Id == assigneeId || db.SupportDepartmentMembers().Any(m => m.DepartmentId == departmentId && m.UserId == u.Id))
                .OrderBy(u => u.Email).Select(u => new { u.Id, u.PreferredLanguage }).ToListAsync(cancellationToken)
            : [];
        if (members.Count == 0)
        {
            members = await staff.OrderBy(u => u.Email).Select(u => new { u.Id, u.PreferredLanguage }).ToListAsync(cancellationToken);
        }

        return members.Select(m => (m.Id, (string?)m.PreferredLanguage)).ToList();
    }
}
