using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Support.Mail;

/// <summary>
/// Inbox messages whose import is committed, waiting to be moved to their folders. The import adds a message only
/// after its transaction commits, and moves the queue every few messages in one command per folder: a run that stops
/// before a move leaves committed mail in the inbox, which the next run recognises by its Message-ID and only moves.
/// </summary>
internal sealed class CommittedMoves(IMailboxSession session)
{
    private readonly List<(uint Uid, string Folder)> _queued = [];

    public int Count => _queued.Count;

    public void Add(uint uid, string folder) => _queued.Add((uid, folder));

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // Folders in the order their first message came; within a folder, in UID order.
        foreach (var group in _queued.GroupBy(m => m.Folder, StringComparer.Ordinal).ToList())
        {
            var uids = group.Select(m => m.Uid).Order().ToList();
            await session.MoveAsync(uids, group.Key, cancellationToken);
            _queued.RemoveAll(m => string.Equals(m.Folder, group.Key, StringComparison.Ordinal));
        }
    }

    /// <summary>After a failure: moves what it can, and leaves the rest for the next run.</summary>
    public async Task TryFlushAsync(ILogger logger)
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await FlushAsync(limit.Token);
        }
#pragma warning disable CA1031 // The run is failing already; its own error is the one to report.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Imported support mail could not be moved out of the inbox; the next run moves it");
        }
    }
}
