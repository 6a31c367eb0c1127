namespace GameHost.Domain.Support.Mail;

/// <summary>What kind of mail arrived: only <see cref="Person"/> mail may open a ticket or be answered.</summary>
public enum InboundMailKind
{
    /// <summary>Written by a person: imported and, if need be, answered.</summary>
    Person = 0,

    /// <summary>Out-of-office, vacation responder, list or bulk mail: filed away, never answered.</summary>
    AutoReply = 1,

    /// <summary>A delivery failure report: filed away, never answered.</summary>
    Bounce = 2,
}

/// <summary>
/// Tells mail written by a person from mail written by a machine (RFC 3834 and what mail servers do in practice), so
/// the helpdesk never answers an auto-reply with an auto-reply and starts a loop.
/// </summary>
public static class MailClassifier
{
    public static InboundMailKind Classify(InboundMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (mail.IsDeliveryReport || IsDaemon(mail.FromAddress) || NullReturnPath(mail))
        {
            return InboundMailKind.Bounce;
        }

        if (Header(mail, "Auto-Submitted") is { } submitted && !submitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return InboundMailKind.AutoReply;
        }

        if (Header(mail, "X-Autoreply") is not null || Header(mail, "X-Autorespond") is not null
            || Header(mail, "X-Autoresponder") is not null)
        {
            return InboundMailKind.AutoReply;
        }

        if (Header(mail, "Precedence") is { } precedence
            && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return InboundMailKind.AutoReply;
        }

        return InboundMailKind.Person;
    }

    private static bool IsDaemon(string? from)
    {
        if (string.IsNullOrWhiteSpace(from))
        {
            return false;
        }

        var at = from.IndexOf('@', StringComparison.Ordinal);
        var local = (at < 0 ? from : from[..at]).Trim().ToLowerInvariant();
        return local is "mailer-daemon" or "postmaster" or "mail-daemon";
    }

    /// <summary><c>Return-Path: &lt;&gt;</c>: the envelope sender of bounces and (per RFC 3834) of auto-replies.</summary>
    private static bool NullReturnPath(InboundMail mail) =>
        Header(mail, "Return-Path") is { } path && path.Trim() is "<>" or "";

    private static string? Header(InboundMail mail, string name) =>
        mail.Headers.TryGetValue(name, out var value) ? value : null;
}
