using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Mail;

/// <summary>
/// What every e-mail about a ticket shares: the answer goes back to support, never to the no-reply sender, and a
/// staff reply's files travel with it. The Reply-To is the ticket's department's own address (so the answer opens in
/// the same department), else the support mailbox's reply address, else the mailbox's login when that is an address.
/// </summary>
public static class TicketMail
{
    /// <summary>Outbox attachment sources that point into the helpdesk's <see cref="AttachmentStore"/>.</summary>
    public const string AttachmentSourcePrefix = "support-attachment:";

    public static async Task<string?> ReplyToAsync(GameHostDbContext db, Guid departmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var department = await db.SupportDepartments().AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Email).FirstOrDefaultAsync(cancellationToken);
        if (AddressOrNull(department) is { } own)
        {
            return own;
        }

        var mailbox = await db.SupportMailSettings().AsNoTracking().Select(s => new { s.ReplyAddress, s.UserName }).FirstOrDefaultAsync(cancellationToken);
        return MailboxAddress(mailbox?.ReplyAddress, mailbox?.UserName);
    }

    /// <summary>
    /// The support mailbox's address: the reply address set for it, else its login when the login is an address (as it
    /// is with almost every provider). A login that is not an address and no reply address give none: no Reply-To, and
    /// the mail answers to the sender.
    /// </summary>
    public static string? MailboxAddress(string? replyAddress, string? userName) => AddressOrNull(replyAddress) ?? AddressOrNull(userName);

    /// <summary>The message's files as the outbox carries them: by reference into the attachment store.</summary>
    public static IReadOnlyList<EmailAttachmentRef> Attachments(IEnumerable<TicketAttachment> files) =>
        files.Select(f => new EmailAttachmentRef(f.FileName, f.ContentType, f.SizeBytes, AttachmentSourcePrefix + f.StoredName)).ToList();

    internal static string? AddressOrNull(string? value)
    {
        var address = value?.Trim();
        return SupportMailImportSweep.SenderAddress(address) is null ? null : address;
    }
}

/// <summary>Reads a staff reply's files for the e-mail dispatcher, from the helpdesk's attachment store.</summary>
public sealed class SupportEmailAttachments(AttachmentStore store) : IEmailAttachmentSource
{
    public async Task<byte[]?> ReadAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.StartsWith(TicketMail.AttachmentSourcePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        await using var stream = store.Open(source[TicketMail.AttachmentSourcePrefix.Length..]);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }
}
