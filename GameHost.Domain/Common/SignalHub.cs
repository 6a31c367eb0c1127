using System.Collections.Concurrent;

namespace GameHost.Domain.Common;

/// <summary>
/// An in-process "something changed" hub keyed by id: open pages (one per Blazor circuit) subscribe to a key and re-read
/// when it is signalled; use cases signal after their save commits. One process only — several nodes would put a
/// backplane behind the feature classes that use it (<c>TicketSignals</c>, <c>NotificationSignals</c>, <c>ChatSignals</c>).
/// </summary>
public sealed class SignalHub
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _subscriptions = new();

    public IDisposable Subscribe(Guid key, Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var subscription = new Subscription(this, key, onChanged);
        _subscriptions.GetOrAdd(key, _ => new ConcurrentDictionary<Subscription, byte>())[subscription] = 0;
        return subscription;
    }

    public void Signal(Guid key)
    {
        if (_subscriptions.TryGetValue(key, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Keys)
            {
                subscription.Notify();
            }
        }
    }

    /// <summary>How many open subscriptions a key has.</summary>
    public int Count(Guid key) => _subscriptions.TryGetValue(key, out var s) ? s.Count : 0;

    private sealed class Subscription(SignalHub hub, Guid key, Action onChanged) : IDisposable
    {
        public void Notify()
        {
            try
            {
                onChanged();
            }
#pragma warning disable CA1031 // One broken subscriber (a circuit going away) must not stop the others.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        public void Dispose()
        {
            if (hub._subscriptions.TryGetValue(key, out var subscriptions))
            {
                subscriptions.TryRemove(this, out _);
            }
        }
    }
}
