using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>
/// What the helpdesk e-mails: answers go to support (the department's address, else the mailbox's), a staff reply is
/// mailed whole with its files, a ticket staff open for a customer mails its first message, and the product's own
/// automatic mail is marked as such.
/// </summary>
public sealed class TicketMailTests : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private readonly SupportTestData _data = new(o =>
    {
        o.AutoCloseAfterDays = 7;
        o.AutoCloseWarningDays = 2;
    });

    public void Dispose() => _data.Dispose();

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task OpenAsync_Receipt_IsAutomaticAndAnswersToTheDepartmentAddress()
    {
        await _data.OpenAsync();

        await using var db = _data.NewContext();
        var receipt = await db.OutboundEmails.SingleAsync(e => e.Category == NotificationCatalogue.Codes.TicketOpened);
        Assert.True(receipt.IsAutomatic);
        Assert.Equal("tech@gamehost.test", receipt.ReplyTo);
    }

    [Fact]
    public async Task OpenAsync_DepartmentWithoutAddress_AnswersToTheSupportMailbox()
    {
        await using (var db = _data.NewContext())
        {
            db.SupportMailSettings().Add(new SupportMailSettings { Host = "imap.gamehost.test", UserName = "help@gamehost.test", ProtectedPassword = "x" });
            await db.SaveChangesAsync();
        }

        await _data.OpenAsync(department: _data.BillingId);

        await using var check = _data.NewContext();
        Assert.Equal("help@gamehost.test", (await check.OutboundEmails.SingleAsync(e => e.Category == NotificationCatalogue.Codes.TicketOpened)).ReplyTo);
    }

    [Theory]
    [InlineData("tech@gamehost.test", "replies@gamehost.test", "help@gamehost.test", "tech@gamehost.test")]
    [InlineData(null, "replies@gamehost.test", "help@gamehost.test", "replies@gamehost.test")]
    [InlineData(null, null, "help@gamehost.test", "help@gamehost.test")]
    [InlineData(null, "replies@gamehost.test", "helpdesk", "replies@gamehost.test")]
    [InlineData(null, null, "helpdesk", null)]
    public async Task ReplyToAsync_DepartmentAddressThenMailboxReplyAddressThenLoginWhenItIsAnAddress(
        string? departmentEmail, string? replyAddress, string login, string? expected)
    {
        await using (var db = _data.NewContext())
        {
            (await db.SupportDepartments().SingleAsync(d => d.Id == _data.BillingId)).Email = departmentEmail;
            db.SupportMailSettings().Add(new SupportMailSettings { Host = "imap.gamehost.test", UserName = login, ReplyAddress = replyAddress, ProtectedPassword = "x" });
            await db.SaveChangesAsync();
        }

        await using var check = _data.NewContext();
        Assert.Equal(expected, await TicketMail.ReplyToAsync(check, _data.BillingId, CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_NoDepartmentAddressAndALoginThatIsNoAddress_ReceiptAnswersToTheReplyAddress()
    {
        await using (var db = _data.NewContext())
        {
            db.SupportMailSettings().Add(new SupportMailSettings { Host = "imap.gamehost.test", UserName = "helpdesk", ReplyAddress = "replies@gamehost.test", ProtectedPassword = "x" });
            await db.SaveChangesAsync();
        }

        await _data.OpenAsync(department: _data.BillingId);

        await using var check = _data.NewContext();
        Assert.Equal("replies@gamehost.test", (await check.OutboundEmails.SingleAsync(e => e.Category == NotificationCatalogue.Codes.TicketOpened)).ReplyTo);
    }

    [Fact]
    public async Task StaffReplyAsync_LongReplyWithFiles_MailsTheWholeTextAndTheFilesToTheCustomer()
    {
        var ticketId = await _data.OpenAsync();
        var body = "Here is what we found.\n\n" + string.Join(' ', Enumerable.Repeat("The world save was corrupted by the crash.", 12)) + "\n\nThe end of the reply.";

        var reply = await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId,
            new ReplyRequest(body, [new AttachmentUpload("fix.png", Png)]) { RequestId = NewRequestId() }, CancellationToken.None);

        Assert.True(reply.IsSuccess);
        await using var db = _data.NewContext();
        var email = await db.OutboundEmails.Include(e => e.Attachments).SingleAsync(e => e.Category == NotificationCatalogue.Codes.TicketReply);
        Assert.Contains(body, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("The end of the reply.", email.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("tech@gamehost.test", email.ReplyTo);
        Assert.False(email.IsAutomatic);
        Assert.Null(email.UnsubscribeUrl);
        var file = Assert.Single(email.Attachments);
        var stored = await db.TicketAttachments().SingleAsync();
        Assert.Equal(("fix.png", "image/png", (long)Png.Length), (file.FileName, file.ContentType, file.SizeBytes));
        Assert.Equal(Png, await _data.Get<IEmailAttachmentSource>().ReadAsync(file.Source, CancellationToken.None));
        Assert.Equal(TicketMail.AttachmentSourcePrefix + stored.StoredName, file.Source);
        // The bell keeps the short excerpt.
        var bell = await db.Notifications().SingleAsync(n => n.EventCode == NotificationCatalogue.Codes.TicketReply);
        Assert.DoesNotContain("The end of the reply.", bell.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenForCustomerAsync_StaffFirstMessage_IsMailedAsAReplyWithTheReference()
    {
        var opened = await _data.Desk.OpenForCustomerAsync(_data.SupportId, _data.CustomerId,
            new OpenTicketRequest(_data.TechnicalId, "Your call about lag", "As promised on the phone: we moved your server to a quieter node.",
                Attachments: [new AttachmentUpload("route.png", Png)]) { RequestId = NewRequestId() },
            CancellationToken.None);

        Assert.True(opened.IsSuccess);
        await using var db = _data.NewContext();
        var email = await db.OutboundEmails.Include(e => e.Attachments).SingleAsync(e => e.ToAddress == "alice@players.test");
        Assert.Equal(NotificationCatalogue.Codes.TicketReply, email.Category);
        Assert.Contains($"[{opened.Value!.Reference}]", email.Subject, StringComparison.Ordinal);
        Assert.Contains("As promised on the phone: we moved your server to a quieter node.", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("tech@gamehost.test", email.ReplyTo);
        Assert.Equal("route.png", Assert.Single(email.Attachments).FileName);
    }

    [Fact]
    public async Task SlaSweep_AutoCloseWarning_IsAutomaticTicketMailThatAnswersToSupport()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Does it work now?") { RequestId = NewRequestId() }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(5.1));

        Assert.Equal(1, (await _data.Get<SupportSlaSweep>().RunAsync(CancellationToken.None)).AutoCloseWarnings);

        await using var db = _data.NewContext();
        var warning = await db.OutboundEmails.Where(e => e.Category == NotificationCatalogue.Codes.TicketReply).OrderBy(e => e.CreatedAtUtc).LastAsync();
        Assert.Contains("will close automatically", warning.TextBody, StringComparison.Ordinal);
        Assert.True(warning.IsAutomatic);
        Assert.Equal("tech@gamehost.test", warning.ReplyTo);
    }

    [Fact]
    public async Task StaffReplyAsync_GuestTicket_MailsTheGuestWithReplyToAndFiles()
    {
        var guest = await _data.Desk.GuestMailAsync(
            new GuestMail("g1@elsewhere.test", "visitor@elsewhere.test", "Vic", "Hosting?", "Hosting?", "Do you host Rust?", [], ["tech@gamehost.test"], null, []),
            CancellationToken.None);
        Assert.True(guest.IsSuccess);

        await _data.Desk.StaffReplyAsync(_data.SupportId, guest.Value!.TicketId,
            new ReplyRequest("Yes, we do.", [new AttachmentUpload("prices.png", Png)]) { RequestId = NewRequestId() }, CancellationToken.None);

        await using var db = _data.NewContext();
        var email = await db.OutboundEmails.Include(e => e.Attachments).SingleAsync(e => e.ToAddress == "visitor@elsewhere.test");
        Assert.Equal("tech@gamehost.test", email.ReplyTo);
        Assert.False(email.IsAutomatic);
        Assert.Equal("prices.png", Assert.Single(email.Attachments).FileName);
    }
}
