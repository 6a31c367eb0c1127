using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Sla;

/// <summary>Sets a ticket's first-response and resolution due times from its department's policy for its priority.</summary>
public static class SlaTargets
{
    public static Task ApplyAsync(GameHostDbContext db, Ticket ticket, SupportDepartment department, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ApplyFromAsync(db, ticket, department, ticket.CreatedAtUtc == default ? now : ticket.CreatedAtUtc, cancellationToken);
    }

    /// <summary>
    /// Starts the targets over from <paramref name="now"/>: a reopened ticket is a new request for help, so it gets the
    /// full targets again and its old breaches are forgotten (else it would show breached the moment it reopens).
    /// </summary>
    public static async Task RestartAsync(GameHostDbContext db, Ticket ticket, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var department = await db.SupportDepartments().AsNoTracking().FirstAsync(d => d.Id == ticket.DepartmentId, cancellationToken);
        await ApplyFromAsync(db, ticket, department, now, cancellationToken);
        ticket.FirstResponseBreachedAtUtc = null;
        ticket.ResolutionBreachedAtUtc = null;
    }

    /// <summary>Sets the due times counting the policy's business minutes from <paramref name="from"/>.</summary>
    public static async Task ApplyFromAsync(GameHostDbContext db, Ticket ticket, SupportDepartment department, DateTime from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(department);
        var policy = await db.SlaPolicies().AsNoTracking()
            .FirstOrDefaultAsync(p => p.DepartmentId == department.Id && p.Priority == ticket.Priority, cancellationToken);
        if (policy is null)
        {
            ticket.FirstResponseDueAtUtc = null;
            ticket.ResolutionDueAtUtc = null;
            return;
        }

        var hours = department.Hours;
        ticket.FirstResponseDueAtUtc = policy.FirstResponseMinutes > 0 ? hours.AddBusinessMinutes(from, policy.FirstResponseMinutes) : null;
        ticket.ResolutionDueAtUtc = policy.ResolutionMinutes > 0 ? hours.AddBusinessMinutes(from, policy.ResolutionMinutes) : null;
        if (ticket.ResolutionPausedAtUtc is { } pausedAt && pausedAt < from)
        {
            // The new clock starts at `from`; a ticket still paused is paused from then, not from before it existed.
            ticket.ResolutionPausedAtUtc = from;
        }
    }

    /// <summary>Where the ticket stands against its targets at <paramref name="now"/>.</summary>
    public static SlaState StateOf(Ticket ticket, DateTime now, TimeSpan dueSoon)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return StateOf(ticket.State, ticket.FirstResponseAtUtc, ticket.FirstResponseDueAtUtc, ticket.ResolutionDueAtUtc, now, dueSoon, ticket.ResolutionPausedAtUtc);
    }

    public static SlaState StateOf(TicketState state, DateTime? respondedAt, DateTime? firstDue, DateTime? resolutionDue, DateTime now, TimeSpan dueSoon, DateTime? resolutionPausedAt = null)
    {
        if (state == TicketState.Closed)
        {
            return SlaState.None;
        }

        // A paused resolution target is not running, so it can be neither due soon nor breached.
        var resolution = resolutionPausedAt is null ? resolutionDue : null;
        var due = respondedAt is null && firstDue is { } f ? (resolution is { } r && r < f ? r : f) : resolution;
        if (due is null)
        {
            return resolutionPausedAt is not null && resolutionDue is not null ? SlaState.Paused : SlaState.None;
        }

        return due <= now ? SlaState.Breached : due <= now + dueSoon ? SlaState.DueSoon : SlaState.OnTrack;
    }

    /// <summary>The instant the queue counts down to: the first-response target until someone answered, else the running resolution target.</summary>
    public static DateTime? DueOf(DateTime? respondedAt, DateTime? firstDue, DateTime? resolutionDue, DateTime? resolutionPausedAt)
    {
        var resolution = resolutionPausedAt is null ? resolutionDue : null;
        return respondedAt is null && firstDue is { } f ? (resolution is { } r && r < f ? r : f) : resolution;
    }
}
