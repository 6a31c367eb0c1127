using GameHost.Domain.Common;

namespace GameHost.Domain.Support;

/// <summary>
/// The in-process hub that tells open ticket pages "this ticket changed": use cases publish after their save commits
/// and each open conversation (one per Blazor circuit) re-reads. Like the notification bell's hub, one process only.
/// </summary>
public sealed class TicketSignals
{
    private readonly SignalHub _hub = new();

    /// <summary>Listens to one ticket; <see cref="Guid.Empty"/> listens to every ticket (the staff queue).</summary>
    public IDisposable Subscribe(Guid ticketId, Action onChanged) => _hub.Subscribe(ticketId, onChanged);

    public void Publish(Guid ticketId)
    {
        _hub.Signal(ticketId);
        if (ticketId != Guid.Empty)
        {
            _hub.Signal(Guid.Empty);
        }
    }

    public int ListenerCount(Guid ticketId) => _hub.Count(ticketId);
}
