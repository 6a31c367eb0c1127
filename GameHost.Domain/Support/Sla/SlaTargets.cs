using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Sla;

/// <summary>Sets a ticket's first-response and resolution due times from its department's policy for its priority.</summary>
public static class SlaTargets
{
    public static async Task ApplyAsync(GameHostDbContext db, Ticket ticket, SupportDepartment department, DateTime now, CancellationToken cancellationToken)
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
        var from = ticket.CreatedAtUtc == default ? now : ticket.CreatedAtUtc;
        ticket.FirstResponseDueAtUtc = policy.FirstResponseMinutes > 0 ? hours.AddBusinessMinutes(from, policy.FirstResponseMinutes) : null;
        ticket.ResolutionDueAtUtc = policy.ResolutionMinutes > 0 ? hours.AddBusinessMinutes(from, policy.ResolutionMinutes) : null;
    }

    /// <summary>Where the ticket stands against its targets at <paramref name="now"/>.</summary>
    public static SlaState StateOf(Ticket ticket, DateTime now, TimeSpan dueSoon)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return StateOf(ticket.State, ticket.FirstResponseAtUtc, ticket.FirstResponseDueAtUtc, ticket.ResolutionDueAtUtc, now, dueSoon);
    }

    public static SlaState StateOf(TicketState state, DateTime? respondedAt, DateTime? firstDue, DateTime? resolutionDue, DateTime now, TimeSpan dueSoon)
    {
        if (state == TicketState.Closed)
        {
            return SlaState.None;
        }

        var due = respondedAt is null && firstDue is { } f ? (resolutionDue is { } r && r < f ? r : f) : resolutionDue;
        if (due is null)
        {
            return SlaState.None;
        }

        return due <= now ? SlaState.Breached : due <= now + dueSoon ? SlaState.DueSoon : SlaState.OnTrack;
    }
}
