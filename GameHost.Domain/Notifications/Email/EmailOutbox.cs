using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Email;

/// <summary>What to send: the outbox turns it into an <see cref="OutboundEmail"/> row.</summary>
public sealed record EmailMessage(
    string ToAddress,
    string? ToName,
    string Subject,
    string TextBody,
    string? HtmlBody,
    string Category,
    Guid? UserId = null,
    string? UnsubscribeUrl = null)
{
    /// <summary>The address answers should go to (the Reply-To header); null: to the sender.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>Written by the product, not a person: sent with <c>Auto-Submitted: auto-replied</c>.</summary>
    public bool IsAutomatic { get; init; }

    /// <summary>Files to attach, by reference into their owner's store.</summary>
    public IReadOnlyList<EmailAttachmentRef> Attachments { get; init; } = [];
}

/// <summary>A file to attach: <paramref name="Source"/> is a key an <see cref="IEmailAttachmentSource"/> reads the bytes by.</summary>
public sealed record EmailAttachmentRef(string FileName, string ContentType, long SizeBytes, string Source);

/// <summary>
/// Puts e-mails into the outbox table. <see cref="Add"/> joins the caller's unit of work (the e-mail is saved with
/// the change that caused it); <see cref="EnqueueAsync"/> saves on its own for callers outside a unit of work.
/// Delivery is the dispatcher job's business, never the request's.
/// </summary>
public sealed class EmailOutbox(GameHostDbContext db, TimeProvider time)
{
    public OutboundEmail Add(EmailMessage message, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow().UtcDateTime;
        var email = new OutboundEmail
        {
            Id = TimeOrderedId.New(now),
            IdempotencyKey = idempotencyKey,
            ToAddress = message.ToAddress,
            ToName = message.ToName,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Category = message.Category,
            UserId = message.UserId,
            UnsubscribeUrl = message.UnsubscribeUrl,
            ReplyTo = string.IsNullOrWhiteSpace(message.ReplyTo) ? null : message.ReplyTo.Trim(),
            IsAutomatic = message.IsAutomatic,
            Status = OutboundEmailStatus.Pending,
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
        };
        foreach (var file in message.Attachments)
        {
            email.Attachments.Add(new OutboundEmailAttachment
            {
                Id = TimeOrderedId.New(now),
                OutboundEmailId = email.Id,
                FileName = file.FileName.Length <= OutboundEmailAttachment.MaxFileNameLength ? file.FileName : file.FileName[..OutboundEmailAttachment.MaxFileNameLength],
                ContentType = file.ContentType,
                SizeBytes = file.SizeBytes,
                Source = file.Source,
            });
        }

        db.OutboundEmails.Add(email);
        return email;
    }

    /// <summary>Saves the message at once. With a key already used, keeps the first message and returns it.</summary>
    public async Task<OutboundEmail> EnqueueAsync(EmailMessage message, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null)
        {
            var existing = await db.OutboundEmails.FirstOrDefaultAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken);
            if (existing is not null)
            {
                return existing;
            }
        }

        var email = Add(message, idempotencyKey);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent enqueue with the same key won the race: answer with its message.
            db.Entry(email).State = EntityState.Detached;
            return await db.OutboundEmails.AsNoTracking().FirstAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken);
        }

        return email;
    }
}
