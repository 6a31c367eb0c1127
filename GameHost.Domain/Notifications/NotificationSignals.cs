using GameHost.Domain.Common;

namespace GameHost.Domain.Notifications;

/// <summary>
/// The in-process hub that tells open pages "this user's notifications changed": the <see cref="Notifier"/> signals
/// after the save that wrote a notification commits, mark-read signals too, and each open bell (one per Blazor
/// circuit) subscribes for its user and re-reads its count. One process only; several nodes would put a backplane
/// behind this class.
/// </summary>
public sealed class NotificationSignals
{
    private readonly SignalHub _hub = new();

    public IDisposable Subscribe(Guid userId, Action onChanged) => _hub.Subscribe(userId, onChanged);

    public void Publish(Guid userId) => _hub.Signal(userId);

    /// <summary>How many subscriptions a user has (for tests and diagnostics).</summary>
    public int SubscriberCount(Guid userId) => _hub.Count(userId);
}
