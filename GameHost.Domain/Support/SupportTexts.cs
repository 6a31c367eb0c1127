using System.Globalization;
using System.Resources;
using System.Text.Json;
using GameHost.Domain.Notifications.Values;

namespace GameHost.Domain.Support;

/// <summary>Marker for the sentences the helpdesk writes into tickets (<c>SupportTextsText.resx</c> and translations).</summary>
public sealed class SupportTextsText;

/// <summary>
/// One sentence the product writes into a ticket: a resource key, literal arguments (a reference, a subject, a number)
/// and, after them, words that are resource keys themselves (a priority's name).
/// </summary>
public sealed record SupportTextPart(string Key, IReadOnlyList<string>? Args = null, IReadOnlyList<string>? Words = null);

/// <summary>
/// Text the helpdesk writes into tickets, in whoever reads it's language. A note is read by staff who may each use
/// another language, and a customer may change theirs, so the message stores what to say (<see cref="TicketMessage.TextCode"/>:
/// resource keys and arguments) and each page renders it for its reader; the body keeps the English for search. Only
/// what leaves the product at once — an e-mail — is rendered at write time, in the recipient's language.
/// </summary>
public static class SupportTexts
{
    /// <summary>A part standing for the message's own body (its first <c>Args[0]</c> characters): a sender's text with a sentence of ours after it.</summary>
    public const string BodyKey = "@body";

    private static readonly ResourceManager Texts = new(typeof(SupportTextsText));

    public static string Code(IEnumerable<SupportTextPart> parts) => JsonSerializer.Serialize(parts.ToList());

    public static string Render(IEnumerable<SupportTextPart> parts, string? language) => Render(parts, "", Culture(language));

    /// <summary>The sentence saying why a mail's files were not kept, for a refusal's error code (see TicketDesk.Check).</summary>
    public static SupportTextPart NotKept(string code, string? fileName, long maxFileMegabytes) => code switch
    {
        SupportErrors.AttachmentEmpty => new("Mail.NotKept.Empty", [fileName ?? ""]),
        SupportErrors.AttachmentTooLarge => new("Mail.NotKept.TooLarge", [fileName ?? "", maxFileMegabytes.ToString(CultureInfo.InvariantCulture)]),
        SupportErrors.AttachmentType => new("Mail.NotKept.Type", [fileName ?? ""]),
        _ => new("Mail.NotKept.Limits"),
    };

    /// <summary>The sentence for a file refused because the message already carries as many files as one may.</summary>
    public static SupportTextPart TooMany(string fileName, int maxFiles) =>
        new("Mail.NotKept.TooMany", [fileName, maxFiles.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>After the reason the helpdesk refused a mail's files for: none of them was kept, not only the one named.</summary>
    public static SupportTextPart NoneKept { get; } = new("Mail.NotKept.None");

    /// <summary>Refused files named one by one at most; more are counted in one sentence, so a mail of a hundred files stays a short note.</summary>
    public const int MaxNotKeptNamed = 10;

    /// <summary>The notes of refused files, at most <see cref="MaxNotKeptNamed"/> named and the rest counted.</summary>
    public static List<SupportTextPart> Bounded(IReadOnlyList<SupportTextPart> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (notes.Count <= MaxNotKeptNamed)
        {
            return [.. notes];
        }

        return [.. notes.Take(MaxNotKeptNamed), new("Mail.NotKept.More", [(notes.Count - MaxNotKeptNamed).ToString(CultureInfo.InvariantCulture)])];
    }

    /// <summary>
    /// A sender's words with our sentences after them: the body, in English for search, and the code that renders the
    /// same for each reader (the words as written, then the sentences in the reader's language). No sentences, no code.
    /// </summary>
    public static (string Body, string? TextCode) WithNotes(string text, IReadOnlyList<SupportTextPart> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        // Trimmed here, as the helpdesk trims a body, so the length in the code still ends where the sender's words do.
        text = (text ?? "").Trim();
        if (notes.Count == 0)
        {
            return (text, null);
        }

        List<SupportTextPart> parts = text.Length == 0
            ? [.. notes]
            : [new(BodyKey, [text.Length.ToString(CultureInfo.InvariantCulture)]), .. notes];
        var code = Code(parts);
        // A code too long to store leaves the English body alone rather than failing the save.
        return (Render(parts, text, Culture("en")).TrimEnd(), code.Length <= TicketMessage.MaxTextCodeLength ? code : null);
    }

    /// <summary>Our sentences as plain English for a log line (no markdown): staff read it in the mailbox page's log.</summary>
    public static string Plain(IEnumerable<SupportTextPart> notes) =>
        string.Join(" ", notes.Select(n => Render([n], "", Culture("en")).Trim().Trim('_')));

    /// <summary>Writes the product's sentences into <paramref name="message"/>: the code for every reader, the body in <paramref name="language"/> (English by default, for search).</summary>
    public static TicketMessage Write(TicketMessage message, IReadOnlyList<SupportTextPart> parts, string? language = "en")
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(parts);
        message.Body = Render(parts, message.Body, Culture(language));
        message.TextCode = Code(parts);
        return message;
    }

    /// <summary>The message as <paramref name="culture"/> reads it; the stored body when there is no code or it cannot be read.</summary>
    public static string Render(string? code, string body, CultureInfo culture)
    {
        if (string.IsNullOrEmpty(code))
        {
            return body;
        }

        List<SupportTextPart>? parts;
        try
        {
            parts = JsonSerializer.Deserialize<List<SupportTextPart>>(code);
        }
        catch (JsonException)
        {
            return body;
        }

        return parts is null ? body : Render(parts, body, culture);
    }

    /// <summary>One word or sentence from the resources (e.g. "Sla.Waiting") in <paramref name="language"/>.</summary>
    public static string Text(string key, string? language, params object[] args)
    {
        var culture = Culture(language);
        var format = Texts.GetString(key, culture) ?? key;
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }

    public static CultureInfo Culture(string? language) => NotificationValues.Culture(language);

    private static string Render(IEnumerable<SupportTextPart> parts, string body, CultureInfo culture)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.Key == BodyKey)
            {
                var length = part.Args is [var n] && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Min(l, body.Length) : body.Length;
                text.Append(body, 0, length).Append("\n\n");
                continue;
            }

            var format = Texts.GetString(part.Key, culture) ?? part.Key;
            var args = (part.Args ?? []).Concat((part.Words ?? []).Select(w => Texts.GetString(w, culture) ?? w)).Cast<object>().ToArray();
            if (text.Length > 0 && text[^1] != '\n')
            {
                text.Append(' ');
            }

            text.Append(args.Length == 0 ? format : string.Format(culture, format, args));
        }

        return text.ToString();
    }
}
