using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Chat;

public sealed record ChatLineView(Guid Id, string AuthorName, bool IsStaff, string Body, DateTime CreatedAtUtc);

/// <summary>One chat as either side reads it.</summary>
public sealed record ChatView(
    Guid Id,
    Guid CustomerId,
    string CustomerName,
    string CustomerEmail,
    string Department,
    ChatState State,
    Guid? StaffId,
    string? StaffName,
    DateTime StartedAtUtc,
    DateTime? AnsweredAtUtc,
    DateTime? ClosedAtUtc,
    ChatEndedBy? EndedBy,
    Guid? TicketId,
    string? TicketReference,
    bool AwaitsStaff,
    IReadOnlyList<ChatLineView> Lines);

/// <summary>A row of the staff's chat list.</summary>
public sealed record ChatRow(
    Guid Id,
    string CustomerName,
    string CustomerEmail,
    string Department,
    ChatState State,
    string? StaffName,
    DateTime StartedAtUtc,
    DateTime LastMessageAtUtc,
    DateTime? LastCustomerMessageAtUtc,
    bool AwaitsStaff,
    string? LastLine);

public sealed class ChatQueries(IDbContextFactory<GameHostDbContext> dbFactory)
{
    /// <summary>How many ended chats the staff list shows under the open ones.</summary>
    public const int RecentlyEnded = 20;

    /// <summary>The customer's open chat, or else their latest one (to show how it ended); null when they never chatted.</summary>
    public async Task<ChatView?> CustomerChatAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = await db.ChatConversations().AsNoTracking().Where(c => c.CustomerId == customerId)
            .OrderBy(c => c.State == ChatState.Closed).ThenByDescending(c => c.StartedAtUtc)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        return id is { } found ? await ViewAsync(db, found, cancellationToken) : null;
    }

    public async Task<ChatView?> ChatAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ViewAsync(db, conversationId, cancellationToken);
    }

    /// <summary>Open chats (the longest-waiting question first), then the latest ended ones.</summary>
    public async Task<IReadOnlyList<ChatRow>> StaffListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await Rows(db, db.ChatConversations().Where(c => c.State != ChatState.Closed)).ToListAsync(cancellationToken);
        var ended = await Rows(db, db.ChatConversations().Where(c => c.State == ChatState.Closed).OrderByDescending(c => c.ClosedAtUtc).Take(RecentlyEnded))
            .ToListAsync(cancellationToken);
        return
        [
            .. open.OrderByDescending(r => r.AwaitsStaff).ThenBy(r => r.State).ThenBy(r => r.LastCustomerMessageAtUtc ?? r.StartedAtUtc),
            .. ended.OrderByDescending(r => r.LastMessageAtUtc),
        ];
    }

    private static IQueryable<ChatRow> Rows(GameHostDbContext db, IQueryable<ChatConversation> chats) =>
        from c in chats.AsNoTracking()
        join customer in db.Users on c.CustomerId equals customer.Id
        join department in db.SupportDepartments() on c.DepartmentId equals department.Id
        select new ChatRow(
            c.Id,
            customer.FullName == "" ? customer.Email! : customer.FullName,
            customer.Email ?? "",
            department.Name,
            c.State,
            db.Users.Where(u => u.Id == c.StaffId).Select(u => u.FullName).FirstOrDefault(),
            c.StartedAtUtc,
            c.LastMessageAtUtc,
            c.LastCustomerMessageAtUtc,
            c.LastCustomerMessageAtUtc != null && (c.LastStaffMessageAtUtc == null || c.LastStaffMessageAtUtc < c.LastCustomerMessageAtUtc),
            db.ChatLines().Where(l => l.ConversationId == c.Id).OrderByDescending(l => l.Number).Select(l => l.Body).FirstOrDefault());

    private static async Task<ChatView?> ViewAsync(GameHostDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        var chat = await (
            from c in db.ChatConversations().AsNoTracking()
            where c.Id == conversationId
            join customer in db.Users on c.CustomerId equals customer.Id
            join department in db.SupportDepartments() on c.DepartmentId equals department.Id
            select new
            {
                Chat = c,
                CustomerName = customer.FullName == "" ? customer.Email! : customer.FullName,
                CustomerEmail = customer.Email ?? "",
                Department = department.Name,
                StaffName = db.Users.Where(u => u.Id == c.StaffId).Select(u => u.FullName).FirstOrDefault(),
                TicketReference = db.Tickets().Where(t => t.Id == c.TicketId).Select(t => t.Reference).FirstOrDefault(),
            }).FirstOrDefaultAsync(cancellationToken);
        if (chat is null)
        {
            return null;
        }

        var lines = await db.ChatLines().AsNoTracking().Where(l => l.ConversationId == conversationId)
            .OrderBy(l => l.Number)
            .Select(l => new ChatLineView(l.Id, l.AuthorName, l.IsStaff, l.Body, l.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        var found = chat.Chat;
        return new ChatView(
            found.Id, found.CustomerId, chat.CustomerName, chat.CustomerEmail, chat.Department, found.State, found.StaffId, chat.StaffName, found.StartedAtUtc,
            found.AnsweredAtUtc, found.ClosedAtUtc, found.EndedBy, found.TicketId, chat.TicketReference, found.AwaitsStaff, lines);
    }
}
