using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Sla;

/// <summary>
/// Pauses and resumes a ticket's resolution clock with its state. While the ticket waits for the customer or is on
/// hold, the time is not support's to spend: the due time is held, and when the ticket moves again (the customer
/// answers, staff take it off hold) it is pushed back by the business minutes the pause took. The first-response
/// clock is not paused: a ticket waits for the customer only after support has answered.
/// </summary>
public static class SlaClock
{
    public static bool Pauses(TicketState state) => state is TicketState.WaitingForCustomer or TicketState.OnHold;

    /// <summary>Call after changing the ticket's state, before saving; doing it twice changes nothing.</summary>
    public static async Task FollowStateAsync(GameHostDbContext db, Ticket ticket, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        if (Pauses(ticket.State))
        {
            ticket.ResolutionPausedAtUtc ??= now;
            return;
        }

        if (ticket.ResolutionPausedAtUtc is not { } pausedAt)
        {
            return;
        }

        ticket.ResolutionPausedAtUtc = null;
        if (ticket.State == TicketState.Closed || ticket.ResolutionDueAtUtc is not { } due)
        {
            // A closed ticket has no clock; reopening it sets fresh targets (SlaTargets.RestartAsync).
            return;
        }

        var hours = await HoursAsync(db, ticket.DepartmentId, cancellationToken);
        ticket.ResolutionDueAtUtc = hours.AddBusinessMinutes(now, hours.BusinessMinutesBetween(pausedAt, due));
    }

    internal static async Task<BusinessHours> HoursAsync(GameHostDbContext db, Guid departmentId, CancellationToken cancellationToken)
    {
        var department = await db.SupportDepartments().AsNoTracking().Where(d => d.Id == departmentId)
            .Select(d => new { d.BusinessDays, d.OpensAtMinute, d.ClosesAtMinute, d.TimeZoneId })
            .FirstOrDefaultAsync(cancellationToken);
        return department is null
            ? BusinessHours.AlwaysOpen
            : new BusinessHours(department.BusinessDays, department.OpensAtMinute, department.ClosesAtMinute, department.TimeZoneId);
    }
}
