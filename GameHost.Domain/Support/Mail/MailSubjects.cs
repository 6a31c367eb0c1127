using System.Text.RegularExpressions;

namespace GameHost.Domain.Support.Mail;

/// <summary>The subject a ticket opened from an e-mail gets: reply/forward prefixes and ticket tags removed.</summary>
public static partial class MailSubjects
{
    public const string Empty = "(no subject)";

    public static string ForTicket(string? subject, int maxLength)
    {
        var text = TicketTag().Replace(subject ?? "", " ");
        string before;
        do
        {
            before = text;
            text = Prefix().Replace(text.Trim(), "");
        }
        while (text != before);

        text = Spaces().Replace(text, " ").Trim();
        if (text.Length == 0)
        {
            return Empty;
        }

        return text.Length <= maxLength ? text : text[..maxLength].TrimEnd();
    }

    [GeneratedRegex(@"^(re|fw|fwd|rv|aw|wg|sv|vs|res|enc)\s*(\[\d+\])?\s*:\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\[T-[0-9A-Z]{5,8}\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TicketTag();

    [GeneratedRegex(@"\s+", RegexOptions.None, 1000)]
    private static partial Regex Spaces();
}
