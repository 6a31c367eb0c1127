using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Sla;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support;

/// <summary>
/// Demo support data: two departments with SLA targets, a few canned replies and two tickets of the demo customer
/// (one answered, one new), so the queue and the cabinet do not start empty. Does nothing when departments exist.
/// </summary>
public sealed class SupportDemoSeeder(GameHostDbContext db, TimeProvider time)
{
    public async Task<bool> SeedAsync(Guid customerId, Guid supportId, CancellationToken cancellationToken)
    {
        if (await db.SupportDepartments().AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var technical = new SupportDepartment
        {
            Id = Guid.NewGuid(), Name = "Technical support", Description = "Servers, mods, performance and the panel.", Email = "tech@demo.gamehost.test",
            SortOrder = 0, BusinessDays = BusinessHours.EveryDay, OpensAtMinute = 8 * 60, ClosesAtMinute = 22 * 60,
        };
        technical.Members.Add(new SupportDepartmentMember { DepartmentId = technical.Id, UserId = supportId });
        var billing = new SupportDepartment
        {
            Id = Guid.NewGuid(), Name = "Billing", Description = "Invoices, payments and refunds.", Email = "billing@demo.gamehost.test", SortOrder = 1,
        };
        db.SupportDepartments().AddRange(technical, billing);
        foreach (var (priority, firstMinutes, resolutionMinutes) in new[] { (TicketPriority.Normal, 240, 3 * 24 * 60), (TicketPriority.High, 60, 24 * 60), (TicketPriority.Urgent, 30, 8 * 60) })
        {
            db.SlaPolicies().Add(new SlaPolicy
            {
                Id = Guid.NewGuid(), DepartmentId = technical.Id, Priority = priority, FirstResponseMinutes = firstMinutes, ResolutionMinutes = resolutionMinutes,
                RaisePriorityOnBreach = priority != TicketPriority.Urgent,
            });
        }

        db.CannedReplies().AddRange(
            new CannedReply { Id = Guid.NewGuid(), Title = "Greeting", Body = "Hi {{customer_name}},\n\nthanks for getting in touch! ", Scope = CannedReplyScope.Global, CreatedAtUtc = now },
            new CannedReply
            {
                Id = Guid.NewGuid(), Title = "Send the latest log", Scope = CannedReplyScope.Department, DepartmentId = technical.Id, CreatedAtUtc = now,
                Body = "Hi {{customer_name}},\n\ncould you attach `logs/latest.log` from **{{service}}**? You find it in the panel's file manager.\n\n{{staff_name}}",
            },
            new CannedReply
            {
                Id = Guid.NewGuid(), Title = "Restarted the server", Scope = CannedReplyScope.Department, DepartmentId = technical.Id, CreatedAtUtc = now,
                Body = "Hi {{customer_name}},\n\nI restarted {{service}} and it is running again. Let us know if it happens again.\n\n{{staff_name}}",
            },
            new CannedReply { Id = Guid.NewGuid(), Title = "Refund on its way", Scope = CannedReplyScope.Department, DepartmentId = billing.Id, CreatedAtUtc = now, Body = "Hi {{customer_name}},\n\nthe refund is on your balance now." });

        var answered = NewTicket(customerId, technical.Id, "Server lags every evening", TicketPriority.High, now.AddHours(-26));
        var first = Message(answered, customerId, "Carlos Customer", false, "Around 20:00 the TPS drops to ~12. Here is what `/tps` says:\n\n```\nTPS from last 1m, 5m, 15m: 12.1, 14.8, 19.2\n```", now.AddHours(-26));
        var reply = Message(answered, supportId, "Sam Support", true, "Thanks Carlos! That looks like chunk generation. Could you pre-generate the world border with **Chunky**?\n\n```\n/chunky radius 3000\n/chunky start\n```", now.AddHours(-25));
        answered.FirstResponseAtUtc = reply.CreatedAtUtc;
        answered.AssigneeId = supportId;
        answered.State = TicketState.WaitingForCustomer;
        answered.WaitingSinceUtc = reply.CreatedAtUtc;
        answered.LastPublicByStaff = true;
        answered.UpdatedAtUtc = reply.CreatedAtUtc;
        answered.SearchText = UseCases.TicketDesk.SearchTextOf(answered.Subject, first.Body + "\n" + reply.Body);
        answered.Tags.Add(new TicketTag { TicketId = answered.Id, Tag = "performance" });
        await SlaTargets.ApplyAsync(db, answered, technical, now, cancellationToken);

        var fresh = NewTicket(customerId, billing.Id, "Invoice shows the wrong company name", TicketPriority.Normal, now.AddMinutes(-40));
        var question = Message(fresh, customerId, "Carlos Customer", false, "Could you change it to *Creeper Crew (Pty) Ltd*? Thanks!", now.AddMinutes(-40));
        fresh.SearchText = UseCases.TicketDesk.SearchTextOf(fresh.Subject, question.Body);
        db.Tickets().AddRange(answered, fresh);
        db.TicketMessages().AddRange(first, reply, question);
        return true;
    }

    private static Ticket NewTicket(Guid customerId, Guid departmentId, string subject, TicketPriority priority, DateTime at) => new()
    {
        Id = Guid.NewGuid(), Reference = TicketReferences.New(), CustomerId = customerId, DepartmentId = departmentId, Subject = subject,
        Priority = priority, State = TicketState.New, CreatedAtUtc = at, UpdatedAtUtc = at,
    };

    private static TicketMessage Message(Ticket ticket, Guid author, string name, bool staff, string body, DateTime at) =>
        UseCases.TicketDesk.NewMessage(ticket, author, name, staff, MessageKind.Reply, staff ? MessageSource.Staff : MessageSource.Web, body, at);
}
