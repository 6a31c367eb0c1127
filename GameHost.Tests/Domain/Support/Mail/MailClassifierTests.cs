using GameHost.Domain.Support.Mail;

namespace GameHost.Tests.Domain.Support.Mail;

public class MailClassifierTests
{
    [Fact]
    public void Classify_PlainMail_IsPerson() =>
        Assert.Equal(InboundMailKind.Person, MailClassifier.Classify(MailTextTests.Mail()));

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated")]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "Vacation")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "junk")]
    [InlineData("Precedence", "list")]
    public void Classify_AutoReplyHeader_IsAutoReply(string header, string value) =>
        Assert.Equal(InboundMailKind.AutoReply, MailClassifier.Classify(MailTextTests.Mail(headers: Headers(header, value))));

    [Fact]
    public void Classify_AutoSubmittedNo_IsPerson() =>
        Assert.Equal(InboundMailKind.Person, MailClassifier.Classify(MailTextTests.Mail(headers: Headers("Auto-Submitted", "no"))));

    [Fact]
    public void Classify_PrecedenceFirstClass_IsPerson() =>
        Assert.Equal(InboundMailKind.Person, MailClassifier.Classify(MailTextTests.Mail(headers: Headers("Precedence", "first-class"))));

    [Theory]
    [InlineData("MAILER-DAEMON@mx.example.com")]
    [InlineData("postmaster@example.com")]
    public void Classify_DaemonSender_IsBounce(string from) =>
        Assert.Equal(InboundMailKind.Bounce, MailClassifier.Classify(MailTextTests.Mail(from: from)));

    [Fact]
    public void Classify_NullReturnPath_IsBounce() =>
        Assert.Equal(InboundMailKind.Bounce, MailClassifier.Classify(MailTextTests.Mail(headers: Headers("Return-Path", "<>"))));

    [Fact]
    public void Classify_DeliveryReport_IsBounce() =>
        Assert.Equal(InboundMailKind.Bounce, MailClassifier.Classify(MailTextTests.Mail(report: true)));

    private static Dictionary<string, string> Headers(string name, string value) =>
        new(StringComparer.OrdinalIgnoreCase) { [name] = value };
}

public class MailKeysAndSubjectsTests
{
    [Fact]
    public void Of_MessageId_IsTheKey() =>
        Assert.Equal("m1@example.com", MailKeys.Of(MailTextTests.Mail(messageId: "m1@example.com")));

    [Fact]
    public void Of_NoMessageId_IsTheRawHash() =>
        Assert.Equal("sha256:00", MailKeys.Of(MailTextTests.Mail(messageId: null)));

    [Fact]
    public void Of_OverlongMessageId_IsHashedToAStableKey()
    {
        var id = new string('x', 400) + "@example.com";

        var key = MailKeys.Of(MailTextTests.Mail(messageId: id));

        Assert.StartsWith("sha256:", key, StringComparison.Ordinal);
        Assert.Equal(key, MailKeys.Of(MailTextTests.Mail(messageId: id)));
        Assert.True(key.Length <= SupportMailImport.MaxKeyLength);
    }

    [Fact]
    public void RepliedTo_InReplyToThenReferencesNewestFirst_Distinct()
    {
        var mail = MailTextTests.Mail() with { InReplyTo = "b@x", References = ["a@x", "b@x"] };

        Assert.Equal(["b@x", "a@x"], MailKeys.RepliedTo(mail));
    }

    [Fact]
    public void OutboxIdOf_OutgoingMessageId_GivesTheOutboxId()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, MailKeys.OutboxIdOf($"{id:N}@host.example"));
        Assert.Null(MailKeys.OutboxIdOf("CAF=abc@mail.gmail.com"));
    }

    [Theory]
    [InlineData("Re: [T-4F7K2] Server down", "Server down")]
    [InlineData("RE: Fwd: RV: Lag spikes", "Lag spikes")]
    [InlineData("  ", MailSubjects.Empty)]
    [InlineData("[T-4F7K2]", MailSubjects.Empty)]
    public void ForTicket_PrefixesAndTags_AreRemoved(string subject, string expected) =>
        Assert.Equal(expected, MailSubjects.ForTicket(subject, 200));

    [Fact]
    public void ForTicket_LongSubject_IsCut() =>
        Assert.Equal(10, MailSubjects.ForTicket(new string('a', 50), 10).Length);
}
