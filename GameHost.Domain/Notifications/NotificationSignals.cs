using System.Collections.Concurrent;

namespace GameHost.Domain.Notifications;

/// <summary>
/// The in-process hub that tells open pages "this user's notifications changed": the <see cref="Notifier"/> signals
/// after the save that wrote a notification commits, mark-read signals too, and each open bell (one per Blazor
/// circuit) subscribes for its user and re-reads its count. One process only; several nodes would put a backplane
/// behind this class.
/// </summary>
public sealed class NotificationSignals
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _subscribers = new();

    public IDisposable Subscribe(Guid userId, Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var subscription = new Subscription(this, userId, onChanged);
        _subscribers.GetOrAdd(userId, _ => new ConcurrentDictionary<Subscription, byte>())[subscription] = 0;
        return subscription;
    }

    public void Publish(Guid userId)
    {
        if (!_subscribers.TryGetValue(userId, out var subscriptions))
        {
            return;
        }

        foreach (var subscription in subscriptions.Keys)
        {
            subscription.Notify();
        }
    }

    /// <summary>How many subscriptions a user has (for tests and diagnostics).</summary>
    public int SubscriberCount(Guid userId) => _subscribers.TryGetValue(userId, out var s) ? s.Count : 0;

    private sealed class Subscription(NotificationSignals hub, Guid userId, Action onChanged) : IDisposable
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
            if (hub._subscribers.TryGetValue(userId, out var subscriptions))
            {
                subscriptions.TryRemove(this, out _);
            }
        }
    }
}
