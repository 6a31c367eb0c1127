using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Operations;
using GameHost.Domain.Support.Chat;
using Quartz;

namespace GameHost.App.Features.Support.Jobs;

/// <summary>Ends idle live chats; an unanswered question becomes a ticket first.</summary>
[DisallowConcurrentExecution]
public sealed class SupportChatIdleJob(ChatIdleSweep sweep, JobRunRecorder recorder, ILogger<SupportChatIdleJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "support-chat-idle";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(cancellationToken);
        return new JobOutcome($"ended {result.Ended}, turned into tickets {result.TurnedIntoTickets}", result.Ended == 0);
    }
}
