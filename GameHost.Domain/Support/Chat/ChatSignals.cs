using GameHost.Domain.Common;

namespace GameHost.Domain.Support.Chat;

/// <summary>
/// Tells open chat pages that a customer's chat changed: the customer's own chat page listens by the customer's id,
/// the staff console by <see cref="Guid.Empty"/> (every chat). A customer with a chat page open is "watching", and is
/// not also sent a notification for each staff message (<see cref="ChatDesk"/>).
/// </summary>
public sealed class ChatSignals
{
    private readonly SignalHub _hub = new();

    /// <summary>The customer's chat page: every change to that customer's chats.</summary>
    public IDisposable SubscribeCustomer(Guid customerId, Action onChanged) => _hub.Subscribe(customerId, onChanged);

    /// <summary>The staff console: every change to any chat.</summary>
    public IDisposable SubscribeStaff(Action onChanged) => _hub.Subscribe(Guid.Empty, onChanged);

    public void Publish(Guid customerId)
    {
        _hub.Signal(customerId);
        _hub.Signal(Guid.Empty);
    }

    public bool IsCustomerWatching(Guid customerId) => customerId != Guid.Empty && _hub.Count(customerId) > 0;

    /// <summary>How many staff consoles are open (for the customer's "an agent is online" hint and for tests).</summary>
    public int StaffWatching => _hub.Count(Guid.Empty);
}
