using GameHost.Domain.Support;
using GameHost.Domain.Support.Chat;

namespace GameHost.Tests.Domain.Support.Chat;

public sealed class ChatTranscriptTests
{
    private static readonly DateTime At = new(2026, 3, 4, 12, 5, 0, DateTimeKind.Utc);

    private static ChatLine Line(int number, string author, string body, bool staff = false) =>
        new() { Number = number, AuthorName = author, Body = body, IsStaff = staff, CreatedAtUtc = At.AddMinutes(number) };

    [Fact]
    public void Markdown_EveryLineWithAuthorAndTime_OldestFirst_NamesEscaped()
    {
        var text = ChatTranscript.Markdown(new ChatConversation(), [Line(1, "*Alice* [admin]", "Hello"), Line(2, "Sam", "Hi!", staff: true)]);

        Assert.Equal("**\\*Alice\\* \\[admin\\]** · 2026-03-04 12:06 UTC\n\nHello\n\n**Sam** · 2026-03-04 12:07 UTC\n\nHi!", text);
    }

    [Fact]
    public void Markdown_LongerThanATicketMessage_KeepsTheLatestLinesAndMarksTheCut()
    {
        var lines = Enumerable.Range(1, 40).Select(i => Line(i, "Alice", $"line {i} " + new string('x', ChatLine.MaxBodyLength - 20))).ToList();

        var text = ChatTranscript.Markdown(new ChatConversation(), lines);

        Assert.True(text.Length <= TicketMessage.MaxBodyLength, $"{text.Length} characters");
        Assert.StartsWith("…\n\n", text, StringComparison.Ordinal);
        Assert.Contains("line 40 ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1 ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lag spikes\nevery evening", "Lag spikes")]
    [InlineData("  short  ", "short")]
    public void Subject_FirstLineOfTheFirstQuestion(string question, string subject) => Assert.Equal(subject, ChatTranscript.Subject(question));

    [Fact]
    public void Subject_LongQuestion_IsCutAtAWord()
    {
        var subject = ChatTranscript.Subject(string.Join(' ', Enumerable.Repeat("word", 60)));

        Assert.True(subject.Length <= 101);
        Assert.EndsWith("word…", subject, StringComparison.Ordinal);
    }
}
