using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Notifications.Telegram;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Notifications.Jobs;

/// <summary>Reads what people sent the company's bot and links chats whose one-time code matches.</summary>
[DisallowConcurrentExecution]
public sealed class PollTelegramJob(TelegramLinking linking, JobRunRecorder recorder, ILogger<PollTelegramJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "telegram-poll";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await linking.PollAsync(cancellationToken);
        return new JobOutcome(result.ToSummary(), IsIdle: result.Updates == 0);
    }
}
