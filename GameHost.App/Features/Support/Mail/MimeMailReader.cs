using System.Security.Cryptography;
using GameHost.Domain.Support.Mail;
using MimeKit;

namespace GameHost.App.Features.Support.Mail;

/// <summary>
/// Reads a raw e-mail with MimeKit into the Domain's <see cref="InboundMail"/>: decoded headers, the text and HTML
/// bodies, attachments (inline images included), and the facts that tell a bounce or auto-reply apart.
/// </summary>
public static class MimeMailReader
{
    /// <summary>Headers passed on to the Domain's classifier.</summary>
    private static readonly string[] ClassifierHeaders =
        ["Auto-Submitted", "X-Autoreply", "X-Autorespond", "X-Autoresponder", "Precedence", "Return-Path", "List-Id"];

    /// <summary>Parses <paramref name="raw"/>; throws <see cref="FormatException"/> when it is not a readable message.</summary>
    public static InboundMail Read(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        MimeMessage message;
        using (var stream = new MemoryStream(raw, writable: false))
        {
            try
            {
                message = MimeMessage.Load(stream);
            }
            catch (ParseException ex)
            {
                throw new FormatException($"Not a readable e-mail: {ex.Message}", ex);
            }
        }

        return Read(message, Convert.ToHexStringLower(SHA256.HashData(raw)));
    }

    public static InboundMail Read(MimeMessage message, string rawSha256)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes)
            .Select(m => m.Address)
            .Concat(message.Headers.Where(h => h.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Value.Trim().Trim('<', '>')))
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in ClassifierHeaders)
        {
            if (message.Headers[name] is { } value)
            {
                headers[name] = value;
            }
        }

        var attachments = new List<InboundAttachment>();
        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (!IsAttachment(part, message))
            {
                continue;
            }

            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            var name = part.FileName;
            if (string.IsNullOrWhiteSpace(name))
            {
                name = "attachment-" + (attachments.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            attachments.Add(new InboundAttachment(name, part.ContentType.MimeType, content.ToArray()));
        }

        var isReport = message.Body is MultipartReport
            || (message.Body is Multipart multipart && multipart.ContentType.IsMimeType("multipart", "report"));

        return new InboundMail(
            MessageId: Clean(message.MessageId),
            InReplyTo: Clean(message.InReplyTo),
            References: message.References.Select(Clean).OfType<string>().ToList(),
            FromAddress: from?.Address,
            FromName: string.IsNullOrWhiteSpace(from?.Name) ? null : from.Name,
            Recipients: recipients,
            Subject: message.Subject ?? "",
            TextBody: message.TextBody,
            HtmlBody: message.TextBody is null ? message.HtmlBody : null,
            Attachments: attachments,
            Headers: headers,
            IsDeliveryReport: isReport,
            RawSha256: rawSha256);
    }

    private static bool IsAttachment(MimePart part, MimeMessage message)
    {
        if (part is TextPart text && !part.IsAttachment)
        {
            // The bodies themselves (and alternative bodies) are text, not files.
            return text.ContentType.MediaSubtype is not ("plain" or "html") && !ReferenceEquals(part, message.Body);
        }

        // Inline images of an HTML mail are files the customer sent too (screenshots pasted into the mail).
        return part.IsAttachment || !part.ContentType.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Clean(string? id)
    {
        var trimmed = id?.Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
