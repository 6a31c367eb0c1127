using GameHost.Domain.Audit;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

public sealed class TicketActionsTests : IDisposable
{
    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AssignAsync_ToStaff_AssignsAndAudits_ToCustomer_IsRefused()
    {
        var ticketId = await _data.OpenAsync();

        Assert.True((await _data.Actions.AssignAsync(_data.AdminId, ticketId, _data.SecondSupportId, CancellationToken.None)).IsSuccess);
        var refused = await _data.Actions.AssignAsync(_data.AdminId, ticketId, _data.CustomerId, CancellationToken.None);

        Assert.Equal(SupportErrors.AssigneeNotStaff, refused.Error!.Code);
        Assert.Equal(_data.SecondSupportId, (await _data.TicketAsync(ticketId)).AssigneeId);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "support.ticket_changed"));
    }

    [Fact]
    public async Task AddTagAsync_SameTagTwice_KeptOnceNormalized()
    {
        var ticketId = await _data.OpenAsync();

        await _data.Actions.AddTagAsync(_data.SupportId, ticketId, "Minecraft", CancellationToken.None);
        await _data.Actions.AddTagAsync(_data.SupportId, ticketId, "minecraft", CancellationToken.None);
        var bad = await _data.Actions.AddTagAsync(_data.SupportId, ticketId, "<script>", CancellationToken.None);

        Assert.Equal(SupportErrors.TagInvalid, bad.Error!.Code);
        Assert.Equal(["minecraft"], (await _data.TicketAsync(ticketId)).Tags.Select(t => t.Tag));
    }

    [Fact]
    public async Task MergeAsync_SameCustomer_MovesMessagesClosesSourceAndRepeatChangesNothing()
    {
        var target = await _data.OpenAsync("Lag");
        var source = await _data.OpenAsync("More lag");
        await _data.Actions.AddTagAsync(_data.SupportId, source, "lag", CancellationToken.None);

        var first = await _data.Actions.MergeAsync(_data.SupportId, source, target, CancellationToken.None);
        var again = await _data.Actions.MergeAsync(_data.SupportId, source, target, CancellationToken.None);

        Assert.True(first.IsSuccess);
        Assert.True(again.IsSuccess);
        var merged = await _data.TicketAsync(source);
        Assert.Equal(TicketState.Closed, merged.State);
        Assert.Equal(target, merged.MergedIntoTicketId);
        Assert.Empty(await _data.MessagesAsync(source));
        var messages = await _data.MessagesAsync(target);
        Assert.Equal(3, messages.Count);
        Assert.Single(messages, m => m.Kind == MessageKind.Note);
        Assert.Contains((await _data.TicketAsync(target)).Tags, t => t.Tag == "lag");
    }

    [Fact]
    public async Task MergeAsync_DifferentCustomers_IsRefused()
    {
        var mine = await _data.OpenAsync();
        var theirs = await _data.OpenAsync(customer: _data.OtherCustomerId);

        var result = await _data.Actions.MergeAsync(_data.SupportId, theirs, mine, CancellationToken.None);

        Assert.Equal(SupportErrors.MergeOtherCustomer, result.Error!.Code);
    }

    [Fact]
    public async Task BulkAsync_CloseAndTagMany_AppliesToEveryTicket()
    {
        var a = await _data.OpenAsync("A");
        var b = await _data.OpenAsync("B");
        var untouched = await _data.OpenAsync("C");

        var result = await _data.Actions.BulkAsync(_data.SupportId, [a, b], new BulkTicketAction(State: TicketState.Closed, AddTag: "spam"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        foreach (var id in new[] { a, b })
        {
            var ticket = await _data.TicketAsync(id);
            Assert.Equal(TicketState.Closed, ticket.State);
            Assert.Equal(_data.NowUtc, ticket.ClosedAtUtc);
            Assert.Contains(ticket.Tags, t => t.Tag == "spam");
        }

        Assert.Equal(TicketState.New, (await _data.TicketAsync(untouched)).State);
    }

    [Fact]
    public async Task BulkAsync_UnknownTicketAmongThem_ChangesNone()
    {
        var a = await _data.OpenAsync("A");

        var result = await _data.Actions.BulkAsync(_data.SupportId, [a, Guid.NewGuid()], new BulkTicketAction(Priority: TicketPriority.Urgent), CancellationToken.None);

        Assert.Equal(SupportErrors.NotFound, result.Error!.Code);
        Assert.Equal(TicketPriority.Normal, (await _data.TicketAsync(a)).Priority);
    }

    [Fact]
    public async Task CustomerCloseThenReopen_AfterStaffAnswer_GoesBackInProgress()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Fixed.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        await _data.Actions.CustomerCloseAsync(_data.CustomerId, ticketId, CancellationToken.None);
        Assert.Equal(CustomerTicketStatus.Closed, (await _data.TicketAsync(ticketId)).CustomerStatus);
        var reopened = await _data.Actions.CustomerReopenAsync(_data.CustomerId, ticketId, CancellationToken.None);

        Assert.True(reopened.IsSuccess);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal(TicketState.InProgress, ticket.State);
        Assert.Null(ticket.ClosedAtUtc);
    }

    [Fact]
    public async Task CustomerCloseAsync_AnotherCustomersTicket_NotFound()
    {
        var ticketId = await _data.OpenAsync();

        var result = await _data.Actions.CustomerCloseAsync(_data.OtherCustomerId, ticketId, CancellationToken.None);

        Assert.Equal(SupportErrors.NotFound, result.Error!.Code);
        Assert.Equal(TicketState.New, (await _data.TicketAsync(ticketId)).State);
    }

    [Fact]
    public async Task RateReplyAsync_StaffReply_RatedAndCountedInSatisfaction()
    {
        var ticketId = await _data.OpenAsync();
        var good = (await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Restarted it.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None)).Value;
        var bad = (await _data.Desk.StaffReplyAsync(_data.SecondSupportId, ticketId, new ReplyRequest("Try again later.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None)).Value;

        Assert.True((await _data.Actions.RateReplyAsync(_data.CustomerId, good, ReplyRating.Good, "Quick!", CancellationToken.None)).IsSuccess);
        Assert.True((await _data.Actions.RateReplyAsync(_data.CustomerId, bad, ReplyRating.Bad, null, CancellationToken.None)).IsSuccess);
        Assert.True((await _data.Actions.RateReplyAsync(_data.CustomerId, bad, ReplyRating.Bad, null, CancellationToken.None)).IsSuccess);

        var report = await _data.Get<TicketQueries>().SatisfactionAsync(null, CancellationToken.None);
        var sam = Assert.Single(report.ByStaff, r => r.Id == _data.SupportId);
        Assert.Equal((1, 0, 100), (sam.Good, sam.Bad, sam.Percent!.Value));
        var tess = Assert.Single(report.ByStaff, r => r.Id == _data.SecondSupportId);
        Assert.Equal((0, 1), (tess.Good, tess.Bad));
        var technical = Assert.Single(report.ByDepartment);
        Assert.Equal(("Technical", 1, 1, 50), (technical.Name, technical.Good, technical.Bad, technical.Percent!.Value));
    }

    [Fact]
    public async Task RateReplyAsync_OwnMessageOrOtherCustomer_IsRefused()
    {
        var ticketId = await _data.OpenAsync();
        var own = (await _data.MessagesAsync(ticketId)).Single().Id;
        var staff = (await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Hi") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None)).Value;

        Assert.Equal(SupportErrors.NotRatable, (await _data.Actions.RateReplyAsync(_data.CustomerId, own, ReplyRating.Good, null, CancellationToken.None)).Error!.Code);
        Assert.Equal(SupportErrors.NotFound, (await _data.Actions.RateReplyAsync(_data.OtherCustomerId, staff, ReplyRating.Bad, null, CancellationToken.None)).Error!.Code);
    }

    [Fact]
    public async Task QueueAsync_FiltersAndSearch_FindTheRightTickets()
    {
        var lag = await _data.OpenAsync("Lag spikes", "TPS drops every evening");
        var refund = await _data.OpenAsync("Refund please", "Charged twice", department: _data.BillingId, priority: TicketPriority.High);
        await _data.Actions.AssignAsync(_data.SupportId, lag, _data.SupportId, CancellationToken.None);
        await _data.Desk.AddNoteAsync(_data.SupportId, refund, new ReplyRequest("Check the Stripe dashboard") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var queries = _data.Get<TicketQueries>();

        Assert.Equal(2, (await queries.QueueAsync(new QueueFilter(), 0, CancellationToken.None)).TotalCount);
        Assert.Equal(refund, Assert.Single((await queries.QueueAsync(new QueueFilter(DepartmentId: _data.BillingId), 0, CancellationToken.None)).Items).Id);
        Assert.Equal(lag, Assert.Single((await queries.QueueAsync(new QueueFilter(AssigneeId: _data.SupportId), 0, CancellationToken.None)).Items).Id);
        Assert.Equal(refund, Assert.Single((await queries.QueueAsync(new QueueFilter(UnassignedOnly: true), 0, CancellationToken.None)).Items).Id);
        Assert.Equal(refund, Assert.Single((await queries.QueueAsync(new QueueFilter(Priority: TicketPriority.High), 0, CancellationToken.None)).Items).Id);
        Assert.Equal(lag, Assert.Single((await queries.QueueAsync(new QueueFilter(Search: "tps DROPS"), 0, CancellationToken.None)).Items).Id);
        Assert.Equal(refund, Assert.Single((await queries.QueueAsync(new QueueFilter(Search: "stripe"), 0, CancellationToken.None)).Items).Id);
        var reference = (await _data.TicketAsync(refund)).Reference;
        Assert.Equal(refund, Assert.Single((await queries.QueueAsync(new QueueFilter(Search: reference.ToLowerInvariant()), 0, CancellationToken.None)).Items).Id);
    }
}
