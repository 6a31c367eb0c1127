using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

public sealed class TicketDeskTests : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private readonly SupportTestData _data = new(o =>
    {
        o.MaxFileBytes = 1024;
        o.MaxTicketBytes = 2048;
    });

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task OpenAsync_ValidRequest_CreatesNewTicketWithReferenceMessageAndNotifications()
    {
        var serviceId = Guid.NewGuid();
        _data.Services.Services[(_data.CustomerId, serviceId)] = "Survival SMP";

        var result = await _data.Desk.OpenAsync(_data.CustomerId, new OpenTicketRequest(_data.TechnicalId, "  Lag spikes  ", "Every evening **at 8pm**.", TicketPriority.High, serviceId) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Matches("^T-[2-9A-HJKMNP-Z]{5}$", result.Value!.Reference);
        var ticket = await _data.TicketAsync(result.Value.TicketId);
        Assert.Equal("Lag spikes", ticket.Subject);
        Assert.Equal(TicketState.New, ticket.State);
        Assert.Equal(CustomerTicketStatus.Open, ticket.CustomerStatus);
        Assert.Equal("Survival SMP", ticket.ServiceLabel);
        var message = Assert.Single(await _data.MessagesAsync(ticket.Id));
        Assert.Equal(MessageSource.Web, message.Source);
        Assert.False(message.IsStaff);
        await using var db = _data.Database.NewContext();
        var events = await db.Notifications().Select(n => new { n.EventCode, n.UserId }).ToListAsync();
        Assert.Contains(events, e => e.EventCode == NotificationCatalogue.Codes.TicketOpened && e.UserId == _data.CustomerId);
        // Technical's one member hears of it; staff outside the department do not.
        Assert.Equal([_data.SupportId], events.Where(e => e.EventCode == NotificationCatalogue.Codes.TicketOpenedStaff).Select(e => e.UserId));
    }

    [Fact]
    public async Task OpenAsync_EmptySubjectAndBody_ReportsBothFieldsAndSavesNothing()
    {
        var result = await _data.Desk.OpenAsync(_data.CustomerId, new OpenTicketRequest(_data.TechnicalId, " ", "") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.SubjectRequired, result.Error!.Code);
        Assert.Contains(result.Error.Related, e => e.Code == SupportErrors.BodyRequired && e.Field == "Body");
        await using var db = _data.Database.NewContext();
        Assert.False(await db.Tickets().AnyAsync());
    }

    [Fact]
    public async Task OpenAsync_NoDepartmentAndEmptySubject_ReportsBothAtOnceAndSavesNothing()
    {
        var result = await _data.Desk.OpenAsync(_data.CustomerId, new OpenTicketRequest(Guid.Empty, "", "It stops at night.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(
            [("DepartmentId", SupportErrors.DepartmentUnknown), ("Subject", SupportErrors.SubjectRequired)],
            result.Error!.Related.Select(e => (e.Field, e.Code)).ToList());
        await using var db = _data.Database.NewContext();
        Assert.False(await db.Tickets().AnyAsync());
    }

    [Fact]
    public async Task OpenAsync_ServiceOfAnotherCustomer_IsRefused()
    {
        var serviceId = Guid.NewGuid();
        _data.Services.Services[(_data.OtherCustomerId, serviceId)] = "Bruno's server";

        var result = await _data.Desk.OpenAsync(_data.CustomerId, new OpenTicketRequest(_data.TechnicalId, "Help", "Body", ServiceId: serviceId) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.ServiceNotYours, result.Error!.Code);
    }

    [Fact]
    public async Task OpenAsync_InactiveOrUnknownDepartment_IsRefused()
    {
        var result = await _data.Desk.OpenAsync(_data.CustomerId, new OpenTicketRequest(Guid.NewGuid(), "Help", "Body") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.DepartmentUnknown, result.Error!.Code);
    }

    [Fact]
    public async Task StaffReplyAsync_FirstReply_WaitsForCustomerAndMailsReplyWithReferenceInSubject()
    {
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(30));

        var reply = await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Could you send the latest log?") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.True(reply.IsSuccess);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal(TicketState.WaitingForCustomer, ticket.State);
        Assert.Equal(CustomerTicketStatus.AwaitingYourReply, ticket.CustomerStatus);
        Assert.Equal(_data.NowUtc, ticket.FirstResponseAtUtc);
        Assert.Equal(_data.SupportId, ticket.AssigneeId);
        await using var db = _data.Database.NewContext();
        var email = await db.OutboundEmails.SingleAsync(e => e.Category == NotificationCatalogue.Codes.TicketReply);
        Assert.Equal("alice@players.test", email.ToAddress);
        Assert.Contains($"[{ticket.Reference}]", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Could you send the latest log?", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffReplyAsync_InProgressChosen_CustomerSeesAnswered()
    {
        var ticketId = await _data.OpenAsync();

        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Looking into it.", NewState: TicketState.InProgress) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(CustomerTicketStatus.Answered, (await _data.TicketAsync(ticketId)).CustomerStatus);
    }

    [Fact]
    public async Task StaffReplyAsync_ByCustomer_IsRefused()
    {
        var ticketId = await _data.OpenAsync();

        var result = await _data.Desk.StaffReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("I am staff, honest") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.NotStaff, result.Error!.Code);
    }

    [Fact]
    public async Task AddNoteAsync_Note_HiddenFromCustomerAndNeverMailed()
    {
        var ticketId = await _data.OpenAsync();

        await _data.Desk.AddNoteAsync(_data.SupportId, ticketId, new ReplyRequest("Customer is on the old node.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        var queries = _data.Get<TicketQueries>();
        var customerView = await queries.TicketAsync(_data.CustomerId, ticketId, CancellationToken.None);
        var staffView = await queries.TicketAsync(_data.SupportId, ticketId, CancellationToken.None);
        Assert.Single(customerView!.Messages);
        Assert.Contains(staffView!.Messages, m => m.Kind == MessageKind.Note);
        Assert.Equal(TicketState.New, (await _data.TicketAsync(ticketId)).State);
        await using var db = _data.Database.NewContext();
        Assert.False(await db.OutboundEmails.AnyAsync(e => e.Category == NotificationCatalogue.Codes.TicketReply));
    }

    [Fact]
    public async Task TicketAsync_OtherCustomer_SeesNothing()
    {
        var ticketId = await _data.OpenAsync();

        Assert.Null(await _data.Get<TicketQueries>().TicketAsync(_data.OtherCustomerId, ticketId, CancellationToken.None));
    }

    [Fact]
    public async Task CustomerReplyAsync_AfterStaffReply_BackInProgressAndOpen()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Send the log.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Here it is.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.True(result.IsSuccess);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal(TicketState.InProgress, ticket.State);
        Assert.Equal(CustomerTicketStatus.Open, ticket.CustomerStatus);
        Assert.Null(ticket.WaitingSinceUtc);
    }

    [Fact]
    public async Task CustomerReplyAsync_ClosedTicket_IsRefused()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Actions.CustomerCloseAsync(_data.CustomerId, ticketId, CancellationToken.None);

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("One more thing") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.Closed, result.Error!.Code);
    }

    [Fact]
    public async Task CustomerReplyAsync_ImageAttachment_StoredOutsideUnderGeneratedNameWithSniffedType()
    {
        var ticketId = await _data.OpenAsync();

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Screenshot", [new AttachmentUpload("../../etc/shot.txt", Png)]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.True(result.IsSuccess);
        var attachment = Assert.Single((await _data.MessagesAsync(ticketId)).SelectMany(m => m.Attachments));
        Assert.Equal("image/png", attachment.ContentType);
        Assert.Equal("shot.txt", attachment.FileName);
        Assert.Matches("^[0-9a-f]{32}\\.png$", attachment.StoredName);
        Assert.True(File.Exists(Path.Combine(_data.AttachmentFolder, attachment.StoredName)));
    }

    [Fact]
    public async Task CustomerReplyAsync_ExecutableDisguisedAsImage_IsRefusedAndNothingWritten()
    {
        var ticketId = await _data.OpenAsync();
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Look", [new AttachmentUpload("cat.png", exe)]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.AttachmentType, result.Error!.Code);
        Assert.Single(await _data.MessagesAsync(ticketId));
        Assert.False(Directory.Exists(_data.AttachmentFolder) && Directory.EnumerateFiles(_data.AttachmentFolder).Any());
    }

    [Fact]
    public async Task CustomerReplyAsync_FileOverLimit_IsRefused()
    {
        var ticketId = await _data.OpenAsync();
        var big = Enumerable.Repeat((byte)'a', 1025).ToArray();

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Log", [new AttachmentUpload("server.log", big)]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.AttachmentTooLarge, result.Error!.Code);
    }

    [Fact]
    public async Task CustomerReplyAsync_TicketTotalOverLimit_IsRefused()
    {
        var ticketId = await _data.OpenAsync();
        var file = Enumerable.Repeat((byte)'a', 1000).ToArray();
        Assert.True((await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("1", [new AttachmentUpload("a.log", file), new AttachmentUpload("b.log", file)]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None)).IsSuccess);

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("2", [new AttachmentUpload("c.log", file)]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.Equal(SupportErrors.AttachmentsTooLarge, result.Error!.Code);
    }

    [Fact]
    public async Task AttachmentForAsync_OnlyTicketOwnerAndStaff_MayDownload()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Log", [new AttachmentUpload("server.log", "[INFO] started\n"u8.ToArray())]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var id = (await _data.MessagesAsync(ticketId)).SelectMany(m => m.Attachments).Single().Id;
        var queries = _data.Get<TicketQueries>();

        Assert.NotNull(await queries.AttachmentForAsync(_data.CustomerId, id, CancellationToken.None));
        Assert.NotNull(await queries.AttachmentForAsync(_data.SupportId, id, CancellationToken.None));
        Assert.Null(await queries.AttachmentForAsync(_data.OtherCustomerId, id, CancellationToken.None));
    }
}
