using GameHost.Domain.Notifications.Email;
using MimeKit;

namespace GameHost.App.Features.Notifications.Email;

/// <summary>Turns an outbox message into MIME, the same way for every transport.</summary>
internal static class MimeMessageFactory
{
    /// <summary>
    /// The Message-ID is derived from the outbox id, so every attempt of one message carries the same id: a retry
    /// after an unknown outcome (the connection dropped after the data was sent) is recognisable as a duplicate.
    /// </summary>
    public static string MessageIdFor(Guid outboxId, string fromAddress)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "gamehost.local";
        return $"{outboxId:N}@{domain}";
    }

    /// <summary>Builds the message, or returns null when the recipient is not a deliverable address.</summary>
    public static MimeMessage? TryBuild(EmailEnvelope email, EmailSettings settings, DateTimeOffset now)
    {
        // A bare local part ("nobody") parses, but no relay can deliver it.
        if (!MailboxAddress.TryParse(email.ToAddress, out var to) || string.IsNullOrEmpty(to.Domain))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(email.ToName))
        {
            to.Name = email.ToName;
        }

        var body = new BodyBuilder { TextBody = email.TextBody };
        if (!string.IsNullOrEmpty(email.HtmlBody))
        {
            body.HtmlBody = email.HtmlBody;
        }

        foreach (var file in email.Attachments)
        {
            body.Attachments.Add(file.FileName, file.Content, ContentType.TryParse(file.ContentType, out var type) ? type : new ContentType("application", "octet-stream"));
        }

        var message = new MimeMessage
        {
            Subject = email.Subject,
            Date = now,
            MessageId = MessageIdFor(email.OutboxId, settings.FromAddress),
            Body = body.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(to);
        if (!string.IsNullOrWhiteSpace(email.ReplyTo) && MailboxAddress.TryParse(email.ReplyTo, out var replyTo) && !string.IsNullOrEmpty(replyTo.Domain))
        {
            // Ticket mail goes out from the no-reply sender but is answered to the support mailbox, so the answer
            // lands where the import reads it.
            message.ReplyTo.Add(replyTo);
        }

        if (email.IsAutomatic)
        {
            // RFC 3834: responders must not answer it; Exchange's own header keeps Outlook's out-of-office quiet.
            message.Headers.Add("Auto-Submitted", "auto-replied");
            message.Headers.Add("X-Auto-Response-Suppress", "All");
        }
        if (!string.IsNullOrEmpty(email.UnsubscribeUrl))
        {
            // RFC 2369 and RFC 8058: mail clients offer their own "unsubscribe" button, one click, no login.
            message.Headers.Add("List-Unsubscribe", $"<{email.UnsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        return message;
    }
}
