namespace GameHost.Domain.Support.Chat;

/// <summary>Where a live chat stands: nobody from staff has answered yet, someone is chatting, or it ended.</summary>
public enum ChatState
{
    Waiting = 0,
    Active = 1,
    Closed = 2,
}

/// <summary>Who or what ended a chat.</summary>
public enum ChatEndedBy
{
    Customer = 1,
    Staff = 2,

    /// <summary>Nobody wrote for the idle time; an unanswered question was turned into a ticket first.</summary>
    Idle = 3,
}

/// <summary>
/// One live chat between a customer and support. A customer has at most one open chat (waiting or active) at a time;
/// writing after it ended starts a new one. A chat staff turn into a ticket (or that ends unanswered) keeps the ticket's
/// id, so the transcript and the ticket point at each other.
/// </summary>
public sealed class ChatConversation
{
    public Guid Id { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The department the customer chose; tickets made from the chat go there.</summary>
    public Guid DepartmentId { get; set; }

    public ChatState State { get; set; }

    /// <summary>The staff member chatting; set by the first staff message or by "take".</summary>
    public Guid? StaffId { get; set; }

    public DateTime StartedAtUtc { get; set; }

    /// <summary>When the first staff message was written (the customer's wait ends).</summary>
    public DateTime? AnsweredAtUtc { get; set; }

    /// <summary>Last message from either side; the idle sweep counts from here.</summary>
    public DateTime LastMessageAtUtc { get; set; }

    /// <summary>The customer's last message, so the staff list can say who is waiting for an answer.</summary>
    public DateTime? LastCustomerMessageAtUtc { get; set; }

    public DateTime? LastStaffMessageAtUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    public ChatEndedBy? EndedBy { get; set; }

    /// <summary>The ticket the chat became, if any.</summary>
    public Guid? TicketId { get; set; }

    /// <summary>How many lines the chat has; each new line takes the next number, so the order never depends on the clock.</summary>
    public int LineCount { get; set; }

    public int Version { get; set; }

    public List<ChatLine> Lines { get; set; } = [];

    public bool IsOpen => State != ChatState.Closed;

    /// <summary>True when the customer wrote last and nobody from staff has written since.</summary>
    public bool AwaitsStaff => LastCustomerMessageAtUtc is { } customer && (LastStaffMessageAtUtc is not { } staff || staff < customer);
}

/// <summary>One message in a live chat: plain text (rendered through the same sanitizer as ticket messages).</summary>
public sealed class ChatLine
{
    public const int MaxBodyLength = 2000;
    public const int MaxRequestIdLength = 64;

    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>1, 2, 3… within the chat (unique): the order both sides read, and how a "turn" is named.</summary>
    public int Number { get; set; }

    public Guid AuthorId { get; set; }

    public string AuthorName { get; set; } = "";

    public bool IsStaff { get; set; }

    public string Body { get; set; } = "";

    /// <summary>
    /// The id the message box generated for this message; unique, so the same message sent twice (a double press of
    /// Enter, a resend after a lost connection) is written once.
    /// </summary>
    public string RequestId { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
}
