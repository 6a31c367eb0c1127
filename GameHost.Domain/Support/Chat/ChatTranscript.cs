using System.Globalization;
using System.Text;

namespace GameHost.Domain.Support.Chat;

/// <summary>How a chat reads once it becomes a ticket: a subject from the customer's first question, and the transcript.</summary>
public static class ChatTranscript
{
    private const int SubjectLength = 100;

    /// <summary>The first line of the customer's first message, cut at a word near <see cref="SubjectLength"/> characters.</summary>
    public static string Subject(string firstQuestion)
    {
        var line = (firstQuestion ?? "").Trim().Split('\n', 2)[0].Trim();
        if (line.Length <= SubjectLength)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', SubjectLength - 1);
        return line[..(cut > SubjectLength / 2 ? cut : SubjectLength - 1)].TrimEnd() + "…";
    }

    /// <summary>
    /// Every line as "**Author** · time" followed by its text, oldest first. A chat longer than a ticket message may be
    /// keeps its latest lines and says "…" where the earlier ones were cut.
    /// </summary>
    public static string Markdown(ChatConversation conversation, IReadOnlyList<ChatLine> lines)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(lines);
        var budget = TicketMessage.MaxBodyLength - 10;
        var blocks = new List<string>();
        var length = 0;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var line = lines[i];
            var block = $"**{Escape(line.AuthorName)}** · {line.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC\n\n{line.Body}";
            if (length + block.Length + 2 > budget)
            {
                blocks.Add("…");
                break;
            }

            blocks.Add(block);
            length += block.Length + 2;
        }

        blocks.Reverse();
        return new StringBuilder().AppendJoin("\n\n", blocks).ToString();
    }

    /// <summary>A name is shown as written: markdown's emphasis and link characters in it are escaped.</summary>
    private static string Escape(string name) =>
        new StringBuilder(name.Length).AppendJoin("", name.Select(c => c is '*' or '_' or '[' or ']' or '`' or '\\' or '<' or '>' ? "\\" + c : c.ToString())).ToString();
}
