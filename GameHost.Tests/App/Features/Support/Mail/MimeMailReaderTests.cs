using System.Text;
using GameHost.App.Features.Support.Mail;
using GameHost.Domain.Support.Mail;
using MimeKit;

namespace GameHost.Tests.App.Features.Support.Mail;

public class MimeMailReaderTests
{
    [Fact]
    public void Read_ReplyWithThreadingHeaders_CarriesIdsSenderAndRecipients()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Ana García", "ana@example.com"));
        message.To.Add(new MailboxAddress("Billing", "billing@host.example"));
        message.Cc.Add(MailboxAddress.Parse("boss@example.com"));
        message.Subject = "Re: [T-4F7K2] Server down";
        message.MessageId = "reply-1@example.com";
        message.InReplyTo = "ticket-T-4F7K2-1@host.example";
        message.References.Add("ticket-T-4F7K2-0@host.example");
        message.References.Add("ticket-T-4F7K2-1@host.example");
        message.Body = new TextPart("plain") { Text = "It works" };

        var mail = MimeMailReader.Read(Raw(message));

        Assert.Equal("reply-1@example.com", mail.MessageId);
        Assert.Equal("ticket-T-4F7K2-1@host.example", mail.InReplyTo);
        Assert.Equal(["ticket-T-4F7K2-0@host.example", "ticket-T-4F7K2-1@host.example"], mail.References);
        Assert.Equal("ana@example.com", mail.FromAddress);
        Assert.Equal("Ana García", mail.FromName);
        Assert.Equal(["billing@host.example", "boss@example.com"], mail.Recipients);
        Assert.Equal("Re: [T-4F7K2] Server down", mail.Subject);
        Assert.Equal("It works", mail.TextBody?.Trim());
        Assert.Empty(mail.Attachments);
        Assert.Equal(64, mail.RawSha256.Length);
    }

    [Fact]
    public void Read_AttachmentsAndInlineImage_AreKeptWithNamesTypesAndBytes()
    {
        var builder = new BodyBuilder { TextBody = "log attached", HtmlBody = "<p>log attached <img src=\"cid:shot\"></p>" };
        builder.Attachments.Add("server.log", Encoding.UTF8.GetBytes("line 1\nline 2\n"), new ContentType("text", "plain"));
        var image = builder.LinkedResources.Add("shot.png", PngBytes, new ContentType("image", "png"));
        image.ContentId = "shot";
        var message = Message(builder.ToMessageBody());

        var mail = MimeMailReader.Read(Raw(message));

        Assert.Equal("log attached", mail.TextBody?.Trim());
        Assert.Null(mail.HtmlBody);
        Assert.Equal(2, mail.Attachments.Count);
        var log = Assert.Single(mail.Attachments, a => a.FileName == "server.log");
        Assert.Equal("text/plain", log.ContentType);
        Assert.Equal("line 1\nline 2\n", Encoding.UTF8.GetString(log.Content));
        var png = Assert.Single(mail.Attachments, a => a.FileName == "shot.png");
        Assert.Equal(PngBytes, png.Content);
    }

    [Fact]
    public void Read_HtmlOnly_GivesHtmlBody()
    {
        var mail = MimeMailReader.Read(Raw(Message(new TextPart("html") { Text = "<p>Hi</p>" })));

        Assert.Null(mail.TextBody);
        Assert.Equal("<p>Hi</p>", mail.HtmlBody?.TrimEnd());
    }

    [Fact]
    public void Read_DeliveryStatusReport_IsMarkedAsReport()
    {
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "Delivery failed" },
            new MessageDeliveryStatus(),
        };
        var message = Message(report);
        message.From.Clear();
        message.From.Add(MailboxAddress.Parse("MAILER-DAEMON@mx.example.com"));

        var mail = MimeMailReader.Read(Raw(message));

        Assert.True(mail.IsDeliveryReport);
        Assert.Equal(InboundMailKind.Bounce, MailClassifier.Classify(mail));
    }

    [Fact]
    public void Read_AutoReplyHeaders_ArePassedToTheClassifier()
    {
        var message = Message(new TextPart("plain") { Text = "I am away" });
        message.Headers.Add("Auto-Submitted", "auto-replied");
        message.Headers.Add("Return-Path", "<ana@example.com>");

        var mail = MimeMailReader.Read(Raw(message));

        Assert.Equal("auto-replied", mail.Headers["auto-submitted"]);
        Assert.Equal(InboundMailKind.AutoReply, MailClassifier.Classify(mail));
    }

    [Fact]
    public void Read_NoMessageId_HashIsStableForTheSameBytes()
    {
        var message = Message(new TextPart("plain") { Text = "no id" });
        message.Headers.Remove(HeaderId.MessageId);
        var raw = Raw(message);

        var first = MimeMailReader.Read(raw);
        var second = MimeMailReader.Read(raw.ToArray());

        Assert.Null(first.MessageId);
        Assert.Equal(first.RawSha256, second.RawSha256);
    }

    [Fact]
    public void Read_GarbageWithoutHeaders_ThrowsFormatExceptionForTheImportToFileAsFailed()
    {
        Assert.Throws<FormatException>(() => MimeMailReader.Read(Encoding.ASCII.GetBytes("\u0001\u0002 this is not an e-mail at all")));
    }

    internal static readonly byte[] PngBytes =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01];

    private static MimeMessage Message(MimeEntity body)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Ana", "ana@example.com"));
        message.To.Add(MailboxAddress.Parse("support@host.example"));
        message.Subject = "Help";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");
        message.Body = body;
        return message;
    }

    private static byte[] Raw(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }
}
