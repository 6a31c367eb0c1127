using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.Domain.Support;

/// <summary>
/// A ticket, reply or note sent twice with the same form's request id is written once: the repeat answers with what
/// the first wrote (no second ticket, message or stored file), also when both arrive at once on two connections.
/// </summary>
public sealed class TicketRequestIdTests : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    private static string NewId() => Guid.NewGuid().ToString("N");

    private OpenTicketRequest Ticket(string requestId, string subject = "Server will not start") =>
        new(_data.TechnicalId, subject, "It crashes on boot.", Attachments: [new AttachmentUpload("boot.png", Png)]) { RequestId = requestId };

    private static async Task<(int Tickets, int Messages, int Attachments)> CountAsync(SupportTestData data, Guid customerId)
    {
        await using var db = data.NewContext();
        var tickets = await db.Tickets().Where(t => t.CustomerId == customerId).Select(t => t.Id).ToListAsync();
        return (tickets.Count,
            await db.TicketMessages().CountAsync(m => tickets.Contains(m.TicketId)),
            await db.TicketAttachments().CountAsync(a => tickets.Contains(a.TicketId)));
    }

    private static int StoredFiles(SupportTestData data) =>
        Directory.Exists(data.AttachmentFolder) ? Directory.GetFiles(data.AttachmentFolder).Length : 0;

    [Fact]
    public async Task OpenAsync_SameRequestIdTwice_OneTicketOneMessageFilesStoredOnce()
    {
        var requestId = NewId();

        var first = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId), CancellationToken.None);
        var again = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId), CancellationToken.None);

        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.True(again.IsSuccess, again.Error?.Code);
        Assert.Equal(first.Value, again.Value);
        Assert.Equal((1, 1, 1), await CountAsync(_data, _data.CustomerId));
        Assert.Equal(1, StoredFiles(_data));
        Assert.Equal(requestId, Assert.Single(await _data.MessagesAsync(first.Value!.TicketId)).RequestId);
    }

    [Fact]
    public async Task OpenAsync_DifferentRequestId_OpensASecondTicket()
    {
        var first = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(NewId()), CancellationToken.None);
        var second = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(NewId()), CancellationToken.None);

        Assert.True(second.IsSuccess, second.Error?.Code);
        Assert.NotEqual(first.Value!.TicketId, second.Value!.TicketId);
        Assert.Equal((2, 2, 2), await CountAsync(_data, _data.CustomerId));
        Assert.Equal(2, StoredFiles(_data));
    }

    [Fact]
    public async Task OpenAsync_SameRequestIdOnTwoConnectionsAtOnce_OneTicketAndFilesStoredOnce()
    {
        using var file = new SqliteFileTestDatabase();
        var rendezvous = SaveRendezvous.Adding<TicketMessage>(m => m.RequestId != null);
        using var data = new SupportTestData(contexts: new InterceptedFileContexts(file, rendezvous));
        var requestId = NewId();
        var request = new OpenTicketRequest(data.TechnicalId, "Server will not start", "It crashes on boot.", Attachments: [new AttachmentUpload("boot.png", Png)]) { RequestId = requestId };
        rendezvous.Armed = true;

        // Both sendings pass the look-up for an earlier one before either saves: the unique index decides.
        var results = await Task.WhenAll(
            Task.Run(() => data.Desk.OpenAsync(data.CustomerId, request, CancellationToken.None)),
            Task.Run(() => data.Desk.OpenAsync(data.CustomerId, request, CancellationToken.None)));

        Assert.Equal(2, rendezvous.Arrived);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Equal(results[0].Value, results[1].Value);
        Assert.Equal((1, 1, 1), await CountAsync(data, data.CustomerId));
        Assert.Equal(1, StoredFiles(data));
    }

    [Fact]
    public async Task CustomerReplyAsync_SameRequestIdOnTwoConnectionsAtOnce_OneMessage()
    {
        using var file = new SqliteFileTestDatabase();
        var rendezvous = SaveRendezvous.Adding<TicketMessage>(m => m.RequestId != null);
        using var data = new SupportTestData(contexts: new InterceptedFileContexts(file, rendezvous));
        var ticketId = await data.OpenAsync();
        rendezvous.Armed = true;
        var reply = new ReplyRequest("Here is the log.", [new AttachmentUpload("log.png", Png)]) { RequestId = NewId() };

        var results = await Task.WhenAll(
            Task.Run(() => data.Desk.CustomerReplyAsync(data.CustomerId, ticketId, reply, CancellationToken.None)),
            Task.Run(() => data.Desk.CustomerReplyAsync(data.CustomerId, ticketId, reply, CancellationToken.None)));

        Assert.Equal(2, rendezvous.Arrived);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Equal(results[0].Value, results[1].Value);
        Assert.Equal((1, 2, 1), await CountAsync(data, data.CustomerId));
        Assert.Equal(1, StoredFiles(data));
    }

    [Theory]
    [InlineData(null, SupportErrors.RequestIdMissing)]
    [InlineData("", SupportErrors.RequestIdMissing)]
    [InlineData("   ", SupportErrors.RequestIdMissing)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123x", SupportErrors.RequestIdInvalid)]
    [InlineData("id with spaces", SupportErrors.RequestIdInvalid)]
    [InlineData("<script>", SupportErrors.RequestIdInvalid)]
    public async Task OpenAsync_MissingOrMalformedRequestId_RefusedAndNothingWritten(string? requestId, string code)
    {
        var result = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId!), CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal("RequestId", result.Error.Field);
        Assert.Equal((0, 0, 0), await CountAsync(_data, _data.CustomerId));
        Assert.Equal(0, StoredFiles(_data));
    }

    [Fact]
    public async Task OpenAsync_RequestIdAnotherCustomerUsed_RefusedNotTheirTicket()
    {
        var requestId = NewId();
        await _data.Desk.OpenAsync(_data.OtherCustomerId, Ticket(requestId), CancellationToken.None);

        var result = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId), CancellationToken.None);

        Assert.Equal(SupportErrors.RequestIdInvalid, result.Error?.Code);
        Assert.Equal((0, 0, 0), await CountAsync(_data, _data.CustomerId));
    }

    [Fact]
    public async Task OpenAsync_RepeatAfterItUsedTheLastPrepaidIncident_ReturnsTheTicketAndUsesNoMore()
    {
        await using (var db = _data.NewContext())
        {
            var technical = await db.SupportDepartments().SingleAsync(d => d.Id == _data.TechnicalId);
            technical.PaidMode = PaidSupportMode.IncidentPack;
            technical.IncidentsPerPack = 5;
            technical.PriceMinor = 2500;
            db.SupportIncidentBalances().Add(new SupportIncidentBalance { CustomerId = _data.CustomerId, DepartmentId = _data.TechnicalId, Remaining = 1 });
            await db.SaveChangesAsync();
        }

        var requestId = NewId();
        var first = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId), CancellationToken.None);
        var again = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId), CancellationToken.None);

        Assert.True(again.IsSuccess, again.Error?.Code);
        Assert.Equal(first.Value, again.Value);
        await using var check = _data.NewContext();
        Assert.Equal(0, (await check.SupportIncidentBalances().SingleAsync(b => b.CustomerId == _data.CustomerId)).Remaining);
    }

    [Fact]
    public async Task OpenAsync_RepeatAfterTheTicketWasMerged_ReturnsTheTicketItWasMergedInto()
    {
        var target = await _data.OpenAsync("Lag", "Lag spikes");
        var requestId = NewId();
        var first = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId), CancellationToken.None);
        Assert.True((await _data.Actions.MergeAsync(_data.SupportId, first.Value!.TicketId, target, CancellationToken.None)).IsSuccess);

        var again = await _data.Desk.OpenAsync(_data.CustomerId, Ticket(requestId), CancellationToken.None);

        Assert.Equal(target, again.Value?.TicketId);
        Assert.Equal(2, (await CountAsync(_data, _data.CustomerId)).Tickets);
    }

    [Fact]
    public async Task CustomerReplyAsync_SameRequestIdTwice_OneMessageFilesStoredOnce()
    {
        var ticketId = await _data.OpenAsync();
        var reply = new ReplyRequest("Here is the log.", [new AttachmentUpload("log.png", Png)]) { RequestId = NewId() };

        var first = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, reply, CancellationToken.None);
        var again = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, reply, CancellationToken.None);

        Assert.True(again.IsSuccess, again.Error?.Code);
        Assert.Equal(first.Value, again.Value);
        Assert.Equal(2, (await _data.MessagesAsync(ticketId)).Count);
        Assert.Equal(1, StoredFiles(_data));
    }

    [Fact]
    public async Task StaffReplyAsync_SameRequestIdTwice_OneMessageAndOneNotice()
    {
        var ticketId = await _data.OpenAsync();
        var reply = new ReplyRequest("Restarted it.") { RequestId = NewId() };

        var first = await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, reply, CancellationToken.None);
        var again = await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, reply, CancellationToken.None);

        Assert.True(again.IsSuccess, again.Error?.Code);
        Assert.Equal(first.Value, again.Value);
        Assert.Equal(2, (await _data.MessagesAsync(ticketId)).Count);
        await using var db = _data.NewContext();
        Assert.Equal(1, await db.Notifications().CountAsync(n => n.IdempotencyKey.StartsWith("ticket-reply:")));
    }

    [Fact]
    public async Task StaffReplyAsync_RequestIdOfANoteAlreadySaved_RefusedNotPassedOffAsAReply()
    {
        var ticketId = await _data.OpenAsync();
        var requestId = NewId();
        await _data.Desk.AddNoteAsync(_data.SupportId, ticketId, new ReplyRequest("Node 7 again") { RequestId = requestId }, CancellationToken.None);

        var reply = await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Node 7 again") { RequestId = requestId }, CancellationToken.None);

        Assert.Equal(SupportErrors.RequestIdInvalid, reply.Error?.Code);
        Assert.Equal(2, (await _data.MessagesAsync(ticketId)).Count);
    }

    [Fact]
    public async Task CustomerReplyAsync_RequestIdUsedInAnotherTicket_Refused()
    {
        var one = await _data.OpenAsync();
        var other = await _data.OpenAsync("Billing question");
        var requestId = NewId();
        await _data.Desk.CustomerReplyAsync(_data.CustomerId, one, new ReplyRequest("More detail") { RequestId = requestId }, CancellationToken.None);

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, other, new ReplyRequest("More detail") { RequestId = requestId }, CancellationToken.None);

        Assert.Equal(SupportErrors.RequestIdInvalid, result.Error?.Code);
        Assert.Single(await _data.MessagesAsync(other));
    }

    [Fact]
    public async Task CustomerReplyAsync_WithoutRequestId_Refused()
    {
        var ticketId = await _data.OpenAsync();

        var result = await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Hello?"), CancellationToken.None);

        Assert.Equal(SupportErrors.RequestIdMissing, result.Error?.Code);
        Assert.Single(await _data.MessagesAsync(ticketId));
    }
}
