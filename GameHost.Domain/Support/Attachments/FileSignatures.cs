using System.Text;

namespace GameHost.Domain.Support.Attachments;

/// <summary>
/// Decides a file's type from its first bytes (magic numbers), never from its name or the browser's claim. Only the
/// allow-list is accepted: PNG, JPEG, GIF, WebP, PDF, ZIP and plain text (logs). Everything else is null.
/// </summary>
public static class FileSignatures
{
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Png))
        {
            return "image/png";
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return "application/zip";
        }

        return IsPlainText(head) ? "text/plain" : null;
    }

    /// <summary>Text: valid UTF-8 (a BOM allowed) with no NUL and no control characters other than tab, CR, LF, FF, ESC.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return false;
        }

        if (head.StartsWith(Utf8Bom))
        {
            head = head[3..];
        }

        // The sample may cut a multi-byte character in half: ignore up to three trailing bytes of one.
        var end = head.Length;
        for (var back = 1; back <= Math.Min(3, head.Length); back++)
        {
            var b = head[head.Length - back];
            if ((b & 0xC0) == 0xC0)
            {
                end = head.Length - back;
                break;
            }

            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        var sample = head[..end];
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C or 0x1B))
            {
                return false;
            }

            if (b == 0x7F)
            {
                return false;
            }
        }

        try
        {
            _ = new UTF8Encoding(false, true).GetCharCount(sample);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
