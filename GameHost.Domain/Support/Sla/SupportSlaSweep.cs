using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Support.Sla;

public sealed record SlaSweepResult(int FirstResponseBreaches, int ResolutionBreaches, int AutoCloseWarnings, int AutoClosed);

/// <summary>
/// The SLA sweep: marks breached targets and escalates each once (notify staff, raise priority, reassign — as the
/// policy says), warns the customer of a ticket left waiting for them, then closes it after the configured days.
/// Every step is recorded on the ticket in the same save, so running the sweep again changes nothing.
/// </summary>
public sealed class SupportSlaSweep(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time, Notifier notifier, TicketSignals signals, IOptions<SupportOptions> options)
{
    private const int Batch = 200;

    public async Task<SlaSweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var first = await BreachesAsync(now, firstResponse: true, cancellationToken);
        var resolution = await BreachesAsync(now, firstResponse: false, cancellationToken);
        var (warned, closed) = await AutoCloseAsync(now, cancellationToken);
        return new SlaSweepResult(first, resolution, warned, closed);
    }

    private async Task<int> BreachesAsync(DateTime now, bool firstResponse, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var due = firstResponse
                ? db.Tickets().Where(t => t.State != TicketState.Closed && t.FirstResponseAtUtc == null && t.FirstResponseBreachedAtUtc == null && t.FirstResponseDueAtUtc <= now)
                // A ticket waiting for the customer or on hold has its resolution clock paused (SlaClock): not breached.
                : db.Tickets().Where(t => (t.State == TicketState.New || t.State == TicketState.InProgress)
                    && t.ResolutionPausedAtUtc == null && t.ResolutionBreachedAtUtc == null && t.ResolutionDueAtUtc <= now);
            var tickets = await due.OrderBy(t => t.CreatedAtUtc).Take(Batch).ToListAsync(cancellationToken);
            if (tickets.Count == 0)
            {
                return count;
            }

            foreach (var ticket in tickets)
            {
                var kind = firstResponse ? "first" : "resolution";
                if (firstResponse)
                {
                    ticket.FirstResponseBreachedAtUtc = now;
                }
                else
                {
                    ticket.ResolutionBreachedAtUtc = now;
                }

                var policy = await db.SlaPolicies().AsNoTracking().FirstOrDefaultAsync(p => p.DepartmentId == ticket.DepartmentId && p.Priority == ticket.Priority, cancellationToken);
                var note = new List<SupportTextPart> { new(firstResponse ? "Sla.FirstMissed" : "Sla.ResolutionMissed") };
                if (policy?.RaisePriorityOnBreach == true && ticket.Priority < TicketPriority.Urgent)
                {
                    ticket.Priority++;
                    note.Add(new("Sla.PriorityRaised", Words: ["Priority." + ticket.Priority]));

                    // The new priority's targets, counted from now: counted from the ticket's start they would be
                    // past already and the next run would escalate again. The breach just stamped stays, so this
                    // target escalates once; a later miss of the other target is a new breach of its own. Without a
                    // policy for the new priority the old due times stay, so the queue still shows the breach.
                    var raised = ticket.Priority;
                    if (await db.SlaPolicies().AnyAsync(p => p.DepartmentId == ticket.DepartmentId && p.Priority == raised, cancellationToken))
                    {
                        var department = await db.SupportDepartments().AsNoTracking().FirstAsync(d => d.Id == ticket.DepartmentId, cancellationToken);
                        await SlaTargets.ApplyFromAsync(db, ticket, department, now, cancellationToken);
                    }
                }

                if (policy?.ReassignToUserId is { } to && ticket.AssigneeId != to)
                {
                    ticket.AssigneeId = to;
                    note.Add(new("Sla.Reassigned"));
                }

                db.TicketMessages().Add(SupportTexts.Write(TicketDesk.NewMessage(ticket, null, "SLA", true, MessageKind.Note, MessageSource.Staff, "", now), note));
                ticket.Version++;
                if (policy?.NotifyOnBreach != false)
                {
                    var waited = now - ticket.CreatedAtUtc;
                    IReadOnlyDictionary<string, string?> Values(string? language)
                    {
                        var values = TicketDesk.TicketValues(ticket);
                        values["waiting"] = SupportTexts.Text("Sla.Waiting", language, (int)waited.TotalHours, waited.Minutes);
                        return values;
                    }

                    await SupportStaffNotices.NotifyDepartmentAsync(db, notifier, ticket.DepartmentId, NotificationCatalogue.Codes.SlaBreach, Values,
                        $"sla:{kind}:{ticket.Id:N}", TicketDesk.StaffLink(ticket.Id), cancellationToken, ticket.AssigneeId);
                }

                count++;
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var ticket in tickets)
            {
                signals.Publish(ticket.Id);
            }
        }
    }

    /// <summary>The auto-close periods in force for a department: its own, or the site's default.</summary>
    public static (int AfterDays, int WarningDays) AutoCloseFor(int? departmentAfter, int? departmentWarning, SupportOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var after = departmentAfter ?? defaults.AutoCloseAfterDays;
        if (after <= 0)
        {
            return (0, 0);
        }

        return (after, Math.Clamp(departmentWarning ?? defaults.AutoCloseWarningDays, 0, after));
    }

    private async Task<(int Warned, int Closed)> AutoCloseAsync(DateTime now, CancellationToken cancellationToken)
    {
        List<(Guid Id, int? After, int? Warning)> departments;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            departments = (await db.SupportDepartments().AsNoTracking()
                .Select(d => new { d.Id, d.AutoCloseAfterDays, d.AutoCloseWarningDays })
                .ToListAsync(cancellationToken))
                .Select(d => (d.Id, d.AutoCloseAfterDays, d.AutoCloseWarningDays)).ToList();
        }

        var warned = 0;
        var closed = 0;
        foreach (var department in departments)
        {
            var (afterDays, warningDays) = AutoCloseFor(department.After, department.Warning, options.Value);
            if (afterDays <= 0)
            {
                continue;
            }

            var (w, c) = await AutoCloseAsync(department.Id, afterDays, warningDays, now, cancellationToken);
            warned += w;
            closed += c;
        }

        return (warned, closed);
    }

    private async Task<(int Warned, int Closed)> AutoCloseAsync(Guid departmentId, int afterDays, int warningDays, DateTime now, CancellationToken cancellationToken)
    {
        var warnBefore = now.AddDays(-(afterDays - warningDays));
        var closeBefore = now.AddDays(-afterDays);
        var warned = 0;
        var closed = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var tickets = await db.Tickets()
                .Where(t => t.DepartmentId == departmentId && t.State == TicketState.WaitingForCustomer && t.AutoCloseWarnedAtUtc == null && t.WaitingSinceUtc <= warnBefore)
                .OrderBy(t => t.WaitingSinceUtc).Take(Batch).ToListAsync(cancellationToken);
            if (tickets.Count == 0)
            {
                break;
            }

            foreach (var ticket in tickets)
            {
                var language = await db.Users.AsNoTracking().Where(u => u.Id == ticket.CustomerId).Select(u => u.PreferredLanguage).FirstOrDefaultAsync(cancellationToken) ?? "en";
                // The e-mail leaves now, in the customer's language; the page shows each reader their own (SupportTexts).
                SupportTextPart[] warning = [new("AutoClose.Warning", [warningDays.ToString(System.Globalization.CultureInfo.InvariantCulture)])];
                var message = SupportTexts.Write(TicketDesk.NewMessage(ticket, null, "Support", true, MessageKind.Reply, MessageSource.Staff, "", now), warning, language);
                var text = message.Body;
                db.TicketMessages().Add(message);
                ticket.AutoCloseWarnedAtUtc = now;
                ticket.Version++;
                var key = $"ticket-autoclose-warning:{ticket.Id:N}:{ticket.WaitingSinceUtc!.Value.Ticks}";
                // The warning is automatic mail: it answers to support and carries Auto-Submitted, so no responder loops.
                var replyTo = await TicketMail.ReplyToAsync(db, ticket.DepartmentId, cancellationToken);
                if (ticket.CustomerId is { } customerId)
                {
                    var values = TicketDesk.ReplyValues(ticket, "Support", text);
                    await notifier.NotifyAsync(db, new NotifyRequest(NotificationCatalogue.Codes.TicketReply, customerId, values, key, TicketDesk.CustomerLink(ticket.Id))
                    {
                        ReplyTo = replyTo,
                        Automatic = true,
                    }, cancellationToken);
                }
                else
                {
                    TicketDesk.MailGuest(db, time, ticket, "Support", text, key, replyTo, automatic: true);
                }
                warned++;
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var ticket in tickets)
            {
                signals.Publish(ticket.Id);
            }
        }

        // A ticket closes only once its warning is at least the warning period old, so nobody is closed unwarned.
        var warnedBefore = now.AddDays(-warningDays);
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var tickets = await db.Tickets()
                .Where(t => t.DepartmentId == departmentId && t.State == TicketState.WaitingForCustomer && t.WaitingSinceUtc <= closeBefore
                    && t.AutoCloseWarnedAtUtc != null && t.AutoCloseWarnedAtUtc <= warnedBefore)
                .OrderBy(t => t.WaitingSinceUtc).Take(Batch).ToListAsync(cancellationToken);
            if (tickets.Count == 0)
            {
                break;
            }

            foreach (var ticket in tickets)
            {
                TicketDesk.SetState(ticket, TicketState.Closed, now);
                db.TicketMessages().Add(SupportTexts.Write(TicketDesk.NewMessage(ticket, null, "SLA", true, MessageKind.Note, MessageSource.Staff, "", now), [new("AutoClose.Closed")]));
                ticket.Version++;
                closed++;
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var ticket in tickets)
            {
                signals.Publish(ticket.Id);
            }
        }

        return (warned, closed);
    }
}
