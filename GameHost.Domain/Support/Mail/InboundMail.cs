namespace GameHost.Domain.Support.Mail;

/// <summary>
/// One e-mail as the mailbox adapter read it, in plain terms the helpdesk understands (no MIME library types):
/// the adapter decodes headers, picks the text and HTML bodies and collects attachments; everything else —
/// threading, quote stripping, auto-reply detection — is decided here in the Domain.
/// </summary>
/// <param name="MessageId">The Message-ID without angle brackets; null when the message has none.</param>
/// <param name="InReplyTo">The In-Reply-To message id without angle brackets.</param>
/// <param name="References">The References message ids, oldest first, without angle brackets.</param>
/// <param name="FromAddress">The sender's address as written (may be malformed; the parser checks it).</param>
/// <param name="Recipients">To, Cc and Delivered-To addresses: the department is chosen by one of them.</param>
/// <param name="Headers">The headers that tell an auto-reply or bounce apart (names case-insensitive).</param>
/// <param name="IsDeliveryReport">A <c>multipart/report</c> (delivery-status, disposition-notification) message.</param>
/// <param name="RawSha256">Hex SHA-256 of the raw message: the stable id of a message without a Message-ID.</param>
public sealed record InboundMail(
    string? MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string? FromAddress,
    string? FromName,
    IReadOnlyList<string> Recipients,
    string Subject,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyList<InboundAttachment> Attachments,
    IReadOnlyDictionary<string, string> Headers,
    bool IsDeliveryReport,
    string RawSha256);

/// <summary>A file attached to an inbound e-mail, with the type the sender claimed (the helpdesk checks the bytes).</summary>
public sealed record InboundAttachment(string FileName, string ContentType, byte[] Content);
