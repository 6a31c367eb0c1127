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
