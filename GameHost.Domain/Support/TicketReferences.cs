using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace GameHost.Domain.Support;

/// <summary>Short ticket references (<c>T-4F7K2</c>) and finding one in an e-mail subject.</summary>
public static partial class TicketReferences
{
    // No 0/O, 1/I/L: a reference read aloud or retyped stays right.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    [GeneratedRegex(@"\[(T-[2-9A-HJKMNP-Z]{5,8})\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex InSubject();

    public static string New(int length = 5)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "T-" + new string(chars);
    }

    /// <summary>The subject line e-mails about the ticket carry, e.g. <c>[T-4F7K2] Server will not start</c>.</summary>
    public static string Tag(string reference) => $"[{reference}]";

    public static string? FindInSubject(string? subject)
    {
        var match = InSubject().Match(subject ?? "");
        return match.Success ? match.Groups[1].Value.ToUpperInvariant() : null;
    }
}
