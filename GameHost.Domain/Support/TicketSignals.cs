using System.Collections.Concurrent;

namespace GameHost.Domain.Support;

/// <summary>
/// The in-process hub that tells open ticket pages "this ticket changed": use cases publish after their save commits
/// and each open conversation (one per Blazor circuit) re-reads. Like the notification bell's hub, one process only.
/// </summary>
public sealed class TicketSignals
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Listener, byte>> _listeners = new();

    /// <summary>Listens to one ticket; <see cref="Guid.Empty"/> listens to every ticket (the staff queue).</summary>
    public IDisposable Subscribe(Guid ticketId, Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var listener = new Listener(this, ticketId, onChanged);
        _listeners.GetOrAdd(ticketId, _ => new ConcurrentDictionary<Listener, byte>())[listener] = 0;
        return listener;
    }

    public void Publish(Guid ticketId)
    {
        Notify(ticketId);
        if (ticketId != Guid.Empty)
        {
            Notify(Guid.Empty);
        }
    }

    public int ListenerCount(Guid ticketId) => _listeners.TryGetValue(ticketId, out var l) ? l.Count : 0;

    private void Notify(Guid key)
    {
        if (_listeners.TryGetValue(key, out var listeners))
        {
            foreach (var listener in listeners.Keys)
            {
                listener.Notify();
            }
        }
    }

    private sealed class Listener(TicketSignals hub, Guid ticketId, Action onChanged) : IDisposable
    {
        public void Notify()
        {
            try
            {
                onChanged();
            }
#pragma warning disable CA1031 // One broken listener (a circuit going away) must not stop the others.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        public void Dispose()
        {
            if (hub._listeners.TryGetValue(ticketId, out var listeners))
            {
                listeners.TryRemove(this, out _);
            }
        }
    }
}
