using GameHost.Domain.Notifications.Delivery;

namespace GameHost.Domain.Notifications.Email;

public enum OutboundEmailStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>Gave up after the maximum number of attempts; staff can resend.</summary>
    Failed = 2,
}

/// <summary>
/// An e-mail waiting in the outbox. Written in the same save as whatever caused it; a job delivers it
/// with retries (<see cref="RetriedSend"/>), so a slow or broken mail server never fails the user's request.
/// </summary>
public sealed class OutboundEmail : RetriedSend
{
    public Guid Id { get; set; }

    /// <summary>Optional de-duplication key (unique): enqueueing the same key twice keeps one message.</summary>
    public string? IdempotencyKey { get; set; }

    public string ToAddress { get; set; } = "";

    public string? ToName { get; set; }

    public string Subject { get; set; } = "";

    public string TextBody { get; set; } = "";

    public string? HtmlBody { get; set; }

    /// <summary>What raised it, e.g. <c>account.confirm_email</c>; the notifications feature keys templates by it.</summary>
    public string Category { get; set; } = "";

    public Guid? UserId { get; set; }

    /// <summary>One-click unsubscribe address of an optional notification; sent as the List-Unsubscribe header.</summary>
    public string? UnsubscribeUrl { get; set; }

    /// <summary>
    /// Where the recipient's answer should go when it is not the sender address (ticket mail answers to the
    /// department's or the support mailbox's address, never to the no-reply sender); sent as the Reply-To header.
    /// </summary>
    public string? ReplyTo { get; set; }

    /// <summary>
    /// Written by the product without a person (a receipt, a refusal, a warning): sent with <c>Auto-Submitted</c> so
    /// responders stay quiet, and an answer to it never opens a ticket (RFC 3834).
    /// </summary>
    public bool IsAutomatic { get; set; }

    /// <summary>Files sent with the message, read from their owner's store when the message goes out.</summary>
    public List<OutboundEmailAttachment> Attachments { get; set; } = [];

    public OutboundEmailStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public bool IsDue(DateTime nowUtc) => Status == OutboundEmailStatus.Pending && NextAttemptAtUtc <= nowUtc;

    protected override void SetState(SendState state) => Status = state switch
    {
        SendState.Sent => OutboundEmailStatus.Sent,
        SendState.Failed => OutboundEmailStatus.Failed,
        _ => OutboundEmailStatus.Pending,
    };
}

/// <summary>
/// A file to attach to an outbox message, by reference: <see cref="Source"/> is a key the owning feature's
/// <see cref="IEmailAttachmentSource"/> resolves to the bytes at send time, so the outbox never holds a second copy.
/// </summary>
public sealed class OutboundEmailAttachment
{
    public const int MaxFileNameLength = 255;

    public const int MaxSourceLength = 300;

    public Guid Id { get; set; }

    public Guid OutboundEmailId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "application/octet-stream";

    public long SizeBytes { get; set; }

    public string Source { get; set; } = "";
}
