using System.Security.Cryptography;
using System.Text;

namespace GameHost.Domain.Support.Mail;

/// <summary>The stable identity of an e-mail for de-duplication, and the ids it refers back to.</summary>
public static class MailKeys
{
    /// <summary>
    /// The Message-ID; for a message without one (or with an absurdly long one) a hash, so the same bytes delivered
    /// twice still count as one message.
    /// </summary>
    public static string Of(InboundMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var id = mail.MessageId?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return "sha256:" + mail.RawSha256;
        }

        return id.Length <= SupportMailImport.MaxKeyLength && id.All(c => c > ' ' && c < 127)
            ? id
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    /// <summary>The ids this mail answers: In-Reply-To first, then References newest first.</summary>
    public static IReadOnlyList<string> RepliedTo(InboundMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(mail.InReplyTo))
        {
            ids.Add(mail.InReplyTo.Trim());
        }

        ids.AddRange(mail.References.Reverse().Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()));
        return ids.Distinct(StringComparer.Ordinal).Take(20).ToList();
    }

    /// <summary>
    /// Outgoing e-mails carry the Message-ID <c>{outbox id:N}@{domain}</c>; the outbox id of such an id, if it is one.
    /// </summary>
    public static Guid? OutboxIdOf(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var at = messageId.IndexOf('@', StringComparison.Ordinal);
        var local = at < 0 ? messageId : messageId[..at];
        return local.Length == 32 && Guid.TryParseExact(local, "N", out var id) ? id : null;
    }
}
