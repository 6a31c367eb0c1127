using GameHost.Domain.Support.Attachments;

namespace GameHost.Domain.Support.UseCases;

/// <summary>An e-mail from an address with no account, already read into plain text by the mail import.</summary>
/// <param name="MessageKey">The import's key for the mail (its Message-ID, or a hash): stored on the message, unique.</param>
/// <param name="RepliedTo">The message ids it answers (In-Reply-To, then References).</param>
public sealed record GuestMail(
    string MessageKey,
    string FromAddress,
    string? FromName,
    string RawSubject,
    string Subject,
    string Body,
    IReadOnlyList<AttachmentUpload> Attachments,
    IReadOnlyList<string> Recipients,
    string? InReplyTo,
    IReadOnlyList<string> RepliedTo)
{
    /// <summary>
    /// Files the import already refused (it checks them before the helpdesk does), as the sentences the message carries
    /// after the sender's words; <see cref="Body"/> holds the sender's words only.
    /// </summary>
    internal IReadOnlyList<SupportTextPart>? NotKept { get; init; }
}

/// <param name="AttachmentsNotKept">What was said of refused files (the import's and the helpdesk's), in plain English for the mailbox log.</param>
public sealed record GuestMailResult(Guid TicketId, Guid MessageId, bool Opened, string? AttachmentsNotKept);
