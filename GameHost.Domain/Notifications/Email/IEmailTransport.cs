namespace GameHost.Domain.Notifications.Email;

/// <summary>
/// Port: hands one message to the outside world (an SMTP relay, a pickup folder). Adapters map every outside failure
/// to an <see cref="EmailSendResult"/>; the dispatcher decides what to do about it.
/// </summary>
public interface IEmailTransport
{
    /// <summary>A short name for logs and the admin page, e.g. <c>smtp</c> or <c>pickup-directory</c>.</summary>
    string Name { get; }

    Task<EmailSendResult> SendAsync(EmailEnvelope email, CancellationToken cancellationToken);
}

/// <summary>What a transport needs to send one outbox message. <see cref="OutboxId"/> is stable across retries.</summary>
public sealed record EmailEnvelope(
    Guid OutboxId,
    string ToAddress,
    string? ToName,
    string Subject,
    string TextBody,
    string? HtmlBody,
    string? UnsubscribeUrl = null)
{
    /// <summary>Sent as the Reply-To header: where the recipient's answer goes.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>Sent with <c>Auto-Submitted: auto-replied</c> and <c>X-Auto-Response-Suppress: All</c>.</summary>
    public bool IsAutomatic { get; init; }

    public IReadOnlyList<EmailFile> Attachments { get; init; } = [];

    public static EmailEnvelope From(OutboundEmail email, IReadOnlyList<EmailFile>? files = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new(email.Id, email.ToAddress, email.ToName, email.Subject, email.TextBody, email.HtmlBody, email.UnsubscribeUrl)
        {
            ReplyTo = email.ReplyTo,
            IsAutomatic = email.IsAutomatic,
            Attachments = files ?? [],
        };
    }
}

/// <summary>One attached file with its bytes, as a transport sends it.</summary>
public sealed record EmailFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Port: reads the bytes of a file an outbox message refers to (<see cref="OutboundEmailAttachment.Source"/>). The
/// feature that owns the files implements it; null when the file is gone.
/// </summary>
public interface IEmailAttachmentSource
{
    Task<byte[]?> ReadAsync(string source, CancellationToken cancellationToken);
}

public enum EmailSendOutcome
{
    Sent = 0,

    /// <summary>Worth trying again later: the server is down, busy, or said "4xx".</summary>
    TransientFailure = 1,

    /// <summary>Trying again will not help: the server said "5xx" to this message, or the address is malformed.</summary>
    PermanentFailure = 2,
}

public sealed record EmailSendResult(EmailSendOutcome Outcome, string? Message)
{
    public static EmailSendResult Sent() => new(EmailSendOutcome.Sent, null);

    public static EmailSendResult Transient(string message) => new(EmailSendOutcome.TransientFailure, message);

    public static EmailSendResult Permanent(string message) => new(EmailSendOutcome.PermanentFailure, message);
}
