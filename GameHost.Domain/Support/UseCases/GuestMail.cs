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
    IReadOnlyList<string> RepliedTo);

public sealed record GuestMailResult(Guid TicketId, Guid MessageId, bool Opened, string? AttachmentsNotKept);
