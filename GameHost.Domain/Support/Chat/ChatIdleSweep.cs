using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Support.Chat;

public sealed record ChatSweepResult(int Ended, int TurnedIntoTickets);

/// <summary>
/// Ends chats nobody wrote in for <see cref="SupportOptions.ChatIdleMinutes"/>. A chat whose customer wrote last and
/// got no answer becomes a ticket in the customer's name first (the ticket form's request id is the chat's, so a sweep
/// interrupted between the two steps opens no second ticket when it runs again): the question is not lost when the
/// customer closes the tab and nobody was there to answer.
/// </summary>
public sealed class ChatIdleSweep(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time, ChatDesk desk, IOptions<SupportOptions> options)
{
    private const int Batch = 100;

    public async Task<ChatSweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var idleMinutes = options.Value.ChatIdleMinutes;
        if (idleMinutes <= 0)
        {
            return new ChatSweepResult(0, 0);
        }

        var idleSince = time.GetUtcNow().UtcDateTime.AddMinutes(-idleMinutes);
        var ended = 0;
        var tickets = 0;
        var kept = new List<Guid>();
        while (true)
        {
            List<ChatConversation> idle;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                idle = await db.ChatConversations().AsNoTracking()
                    .Where(c => c.State != ChatState.Closed && c.LastMessageAtUtc <= idleSince && !kept.Contains(c.Id))
                    .OrderBy(c => c.LastMessageAtUtc).Take(Batch).ToListAsync(cancellationToken);
            }

            if (idle.Count == 0)
            {
                return new ChatSweepResult(ended, tickets);
            }

            foreach (var conversation in idle)
            {
                Guid? ticketId = conversation.TicketId;
                if (ticketId is null && conversation.AwaitsStaff)
                {
                    var opened = await desk.TurnUnansweredIntoTicketAsync(conversation, cancellationToken);
                    if (!opened.IsSuccess)
                    {
                        // No ticket could be opened (no open department at all): the chat stays open for staff rather
                        // than ending with its question unanswered and nowhere else.
                        kept.Add(conversation.Id);
                        continue;
                    }

                    ticketId = opened.Value!.TicketId;
                    tickets++;
                }

                await desk.EndIdleAsync(conversation.Id, ticketId, idleSince, cancellationToken);
                ended++;
            }
        }
    }
}
