namespace GameHost.Domain.Support;

/// <summary>Support settings (section <c>Support</c>).</summary>
public sealed class SupportOptions
{
    public const string Section = "Support";

    /// <summary>Folder (outside the web root) the attachment bytes are written to.</summary>
    public string AttachmentFolder { get; set; } = "data/support-attachments";

    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    public long MaxTicketBytes { get; set; } = 50 * 1024 * 1024;

    public int MaxFilesPerMessage { get; set; } = 5;

    /// <summary>Days a ticket may wait for the customer before it is closed; 0 turns auto-close off.</summary>
    public int AutoCloseAfterDays { get; set; } = 7;

    /// <summary>Days before the auto-close that the customer is warned.</summary>
    public int AutoCloseWarningDays { get; set; } = 2;

    /// <summary>
    /// New tickets one address may open by e-mail in an hour; mail past it is filed as refused, unanswered (a
    /// misbehaving script or a loop cannot flood the queue). 0 turns the limit off.
    /// </summary>
    public int MaxNewMailTicketsPerSenderPerHour { get; set; } = 5;

    /// <summary>How long before a target the queue shows "due soon".</summary>
    public int DueSoonMinutes { get; set; } = 60;

    /// <summary>
    /// Minutes a live chat may go without a message before it ends; a question nobody answered becomes a ticket
    /// first. 0 keeps chats open until someone ends them.
    /// </summary>
    public int ChatIdleMinutes { get; set; } = 30;
}
