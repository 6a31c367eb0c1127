using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace GameHost.Domain.Support.Mail;

/// <summary>
/// Turns an e-mail body into the text of a ticket message: HTML to plain text (markup dropped, never interpreted),
/// then the quoted history and the signature cut off, so a reply by e-mail reads like a reply on the site.
/// </summary>
public static partial class MailText
{
    /// <summary>Longest text kept from one e-mail; the rest is cut with a note (the raw mail stays in the mailbox).</summary>
    public const int MaxLength = 50_000;

    private const int Timeout = 1000;

    /// <summary>Plain text of an HTML body. Scripts, styles and comments vanish with their content; tags go; entities are decoded.</summary>
    public static string FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = Comments().Replace(html, "");
        text = Invisible().Replace(text, "");
        text = QuoteBlocks().Replace(text, "\n");
        text = LineBreaks().Replace(text, "\n");
        text = BlockEnds().Replace(text, "\n");
        text = ListItems().Replace(text, "\n- ");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => Spaces().Replace(l, " ").Trim());
        return CollapseBlankLines(lines);
    }

    /// <summary>
    /// What the sender wrote in this e-mail: everything from the first quoted-history marker on is cut ("On … wrote:",
    /// "El … escribió:", "-----Original Message-----", an Outlook "From: … Sent: …" header block, an underscore
    /// separator followed by such a block), lines quoted with "&gt;" are dropped, and a signature after "-- " goes.
    /// When nothing would be left (the whole mail is a quote), the text is kept whole rather than lost.
    /// </summary>
    public static string StripQuotedHistory(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (line is "-- " or "--" or "—" || trimmed == "-- ")
            {
                break; // signature
            }

            if (IsHistoryStart(lines, i))
            {
                break;
            }

            if (trimmed.StartsWith('>'))
            {
                continue;
            }

            kept.Add(line.TrimEnd());
        }

        var result = CollapseBlankLines(kept);
        return result.Length == 0 ? CollapseBlankLines(lines.Select(l => l.TrimEnd())) : result;
    }

    /// <summary>The body a ticket message gets: text (or HTML made text), history stripped, bounded in length.</summary>
    public static string BodyOf(InboundMail mail) => BodyOf(mail, MaxLength);

    /// <summary>As <see cref="BodyOf(InboundMail)"/>, at most about <paramref name="maxLength"/> characters.</summary>
    public static string BodyOf(InboundMail mail, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var text = !string.IsNullOrWhiteSpace(mail.TextBody) ? mail.TextBody
            : !string.IsNullOrWhiteSpace(mail.HtmlBody) ? FromHtml(mail.HtmlBody)
            : "";
        text = StripQuotedHistory(text);
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "\n\n[…]");
    }

    private static bool IsHistoryStart(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (line.Length == 0)
        {
            return false;
        }

        if (OriginalMessage().IsMatch(line) || Wrote().IsMatch(line))
        {
            return true;
        }

        // "On Mon, 3 Mar 2026 at 10:00, Ana <ana@example.com>" / "wrote:" wrapped over two lines by the client.
        if (i + 1 < lines.Length && Wrote().IsMatch(line + " " + lines[i + 1].Trim()) && WroteStart().IsMatch(line))
        {
            return true;
        }

        if (Underscores().IsMatch(line))
        {
            return NextNonBlank(lines, i + 1) is { } next && HeaderFrom().IsMatch(lines[next].Trim());
        }

        // Outlook's header block: "From: …" followed within a few lines by "Sent:"/"Date:" (English or Spanish).
        if (HeaderFrom().IsMatch(line))
        {
            for (var j = i + 1; j < Math.Min(lines.Length, i + 5); j++)
            {
                if (HeaderSent().IsMatch(lines[j].Trim()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int? NextNonBlank(string[] lines, int from)
    {
        for (var j = from; j < lines.Length; j++)
        {
            if (lines[j].Trim().Length > 0)
            {
                return j;
            }
        }

        return null;
    }

    private static string CollapseBlankLines(IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n', blank > 0 ? 2 : 1);
            }

            blank = 0;
            builder.Append(line);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline, Timeout)]
    private static partial Regex Comments();

    [GeneratedRegex(@"<(script|style|head|title|template|noscript)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<blockquote\b[^>]*>.*</blockquote\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex QuoteBlocks();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"</(p|div|tr|h[1-6]|ul|ol|table|pre)\s*>|<(p|div|tr|h[1-6]|hr|table|pre)\b[^>]*>", RegexOptions.IgnoreCase, Timeout)]
    // </li> is left out: the next <li> already starts its own line, and a closing one would leave a blank line between items.
    private static partial Regex BlockEnds();

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex ListItems();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline, Timeout)]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\f\v]+", RegexOptions.None, Timeout)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Mensaje original|Forwarded message|Mensaje reenviado)\s*-{2,}", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(On|El)\s.{1,300}\s(wrote|escribió)\s*:$", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Wrote();

    [GeneratedRegex(@"^(On|El)\s", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex WroteStart();

    [GeneratedRegex(@"^_{10,}$", RegexOptions.None, Timeout)]
    private static partial Regex Underscores();

    [GeneratedRegex(@"^\*?(From|De)\s*:\*?\s+\S", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\*?(Sent|Date|Enviado|Fecha|Enviado el)\s*:\*?\s+\S", RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex HeaderSent();
}
