using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

public sealed class SlaTests : IDisposable
{
    private readonly SupportTestData _data = new(o =>
    {
        o.AutoCloseAfterDays = 7;
        o.AutoCloseWarningDays = 2;
    });

    public void Dispose() => _data.Dispose();

    private SupportSlaSweep Sweep => _data.Get<SupportSlaSweep>();

    [Theory]
    [InlineData("2026-03-04T12:00:00Z", 120, "2026-03-04T14:00:00Z")] // Wednesday, inside hours
    [InlineData("2026-03-04T17:00:00Z", 120, "2026-03-05T10:00:00Z")] // runs past closing into Thursday
    [InlineData("2026-03-06T17:30:00Z", 60, "2026-03-09T09:30:00Z")] // Friday evening into Monday
    [InlineData("2026-03-07T10:00:00Z", 30, "2026-03-09T09:30:00Z")] // Saturday counts from Monday's opening
    [InlineData("2026-03-04T06:00:00Z", 60, "2026-03-04T10:00:00Z")] // before opening
    public void AddBusinessMinutes_MondayToFridayNineToSix_SkipsClosedTime(string start, int minutes, string expected)
    {
        var hours = new BusinessHours(BusinessHours.MondayToFriday, 9 * 60, 18 * 60, "UTC");

        var due = hours.AddBusinessMinutes(DateTime.Parse(start, null, System.Globalization.DateTimeStyles.AdjustToUniversal), minutes);

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), due);
    }

    [Fact]
    public async Task OpenAsync_WithPolicy_SetsDueTimesInBusinessHours()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 8 * 60);

        var ticket = await _data.TicketAsync(await _data.OpenAsync());

        Assert.Equal(new DateTime(2026, 3, 4, 13, 0, 0, DateTimeKind.Utc), ticket.FirstResponseDueAtUtc);
        Assert.Equal(new DateTime(2026, 3, 5, 11, 0, 0, DateTimeKind.Utc), ticket.ResolutionDueAtUtc);
    }

    [Fact]
    public async Task RunAsync_FirstResponseMissed_EscalatesOncePerPolicy()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 0, raise: true, reassign: _data.SecondSupportId);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(new SlaSweepResult(0, 0, 0, 0), await Sweep.RunAsync(CancellationToken.None));
        var queue = _data.Get<TicketQueries>();
        Assert.Equal(SlaState.DueSoon, Assert.Single((await queue.QueueAsync(new QueueFilter(Sla: SlaState.DueSoon), 0, CancellationToken.None)).Items).Sla);

        _data.Time.Advance(TimeSpan.FromMinutes(2));
        var first = await Sweep.RunAsync(CancellationToken.None);
        var second = await Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(1, first.FirstResponseBreaches);
        Assert.Equal(new SlaSweepResult(0, 0, 0, 0), second);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Equal(_data.SecondSupportId, ticket.AssigneeId);
        await using var db = _data.Database.NewContext();
        var breaches = await db.Notifications().Where(n => n.EventCode == NotificationCatalogue.Codes.SlaBreach).Select(n => n.UserId).ToListAsync();
        // Technical's member and the agent the ticket was handed to, once each; the admin outside the department is not told.
        Assert.Equal(new[] { _data.SupportId, _data.SecondSupportId }.Order(), breaches.Order());
        Assert.Equal(ticketId, Assert.Single((await queue.QueueAsync(new QueueFilter(Sla: SlaState.Breached), 0, CancellationToken.None)).Items).Id);
    }

    [Fact]
    public async Task RunAsync_AnsweredInTime_NoBreach()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 0);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(30));
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("On it") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromHours(5));

        Assert.Equal(0, (await Sweep.RunAsync(CancellationToken.None)).FirstResponseBreaches);
    }

    [Fact]
    public async Task RunAsync_WaitingForCustomer_WarnsThenClosesEachOnce()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Does it work now?") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        _data.Time.Advance(TimeSpan.FromDays(4.9));
        Assert.Equal(0, (await Sweep.RunAsync(CancellationToken.None)).AutoCloseWarnings);
        _data.Time.Advance(TimeSpan.FromDays(0.2));
        Assert.Equal(1, (await Sweep.RunAsync(CancellationToken.None)).AutoCloseWarnings);
        Assert.Equal(0, (await Sweep.RunAsync(CancellationToken.None)).AutoCloseWarnings);
        Assert.Equal(TicketState.WaitingForCustomer, (await _data.TicketAsync(ticketId)).State);

        _data.Time.Advance(TimeSpan.FromDays(2));
        var closing = await Sweep.RunAsync(CancellationToken.None);
        var again = await Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(1, closing.AutoClosed);
        Assert.Equal(0, again.AutoClosed);
        Assert.Equal(TicketState.Closed, (await _data.TicketAsync(ticketId)).State);
        await using var db = _data.Database.NewContext();
        Assert.Equal(2, await db.OutboundEmails.CountAsync(e => e.Category == NotificationCatalogue.Codes.TicketReply)); // the answer, then the warning
    }

    [Fact]
    public async Task RunAsync_CustomerAnswersAfterWarning_NotClosed()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Does it work now?") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(5.5));
        await Sweep.RunAsync(CancellationToken.None);

        await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Not yet") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(3));
        await Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(TicketState.InProgress, (await _data.TicketAsync(ticketId)).State);
    }
}
