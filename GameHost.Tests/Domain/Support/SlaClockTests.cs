using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>The resolution clock: paused while the ticket is the customer's to move, restarted on reopen, recomputed on escalation.</summary>
public sealed class SlaClockTests : IDisposable
{
    // Technical works Monday to Friday, 09:00–18:00 UTC; the clock starts on Wednesday 2026-03-04 at noon.
    private static readonly BusinessHours Hours = new(BusinessHours.MondayToFriday, 9 * 60, 18 * 60, "UTC");

    private readonly SupportTestData _data = new(o => o.AutoCloseAfterDays = 0);

    public void Dispose() => _data.Dispose();

    private SupportSlaSweep Sweep => _data.Get<SupportSlaSweep>();

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData("2026-03-04T12:00:00Z", "2026-03-04T14:00:00Z", 120)]
    [InlineData("2026-03-04T17:00:00Z", "2026-03-05T10:00:00Z", 120)]
    [InlineData("2026-03-06T17:30:00Z", "2026-03-09T09:30:00Z", 60)] // over the weekend
    [InlineData("2026-03-07T10:00:00Z", "2026-03-07T20:00:00Z", 0)] // all of it closed
    [InlineData("2026-03-04T14:00:00Z", "2026-03-04T12:00:00Z", 0)] // backwards
    public void BusinessMinutesBetween_CountsOnlyOpenTime(string from, string to, int expected)
    {
        Assert.Equal(expected, Hours.BusinessMinutesBetween(Utc(from), Utc(to)));
    }

    [Fact]
    public async Task RunAsync_ResolutionMissed_BreachesRaisesAndReassignsOnce()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 0, 120, raise: true, reassign: _data.SecondSupportId);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(121));

        var first = await Sweep.RunAsync(CancellationToken.None);
        var second = await Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(1, first.ResolutionBreaches);
        Assert.Equal(new SlaSweepResult(0, 0, 0, 0), second);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Equal(_data.SecondSupportId, ticket.AssigneeId);
        Assert.NotNull(ticket.ResolutionBreachedAtUtc);
    }

    [Fact]
    public async Task RunAsync_AnsweredThenWaitingForCustomer_ResolutionClockPausedUntilTheCustomerReplies()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 120, raise: true, reassign: _data.SecondSupportId);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(10));
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Try a restart?") { RequestId = NewRequestId() }, CancellationToken.None);

        _data.Time.Advance(TimeSpan.FromDays(2)); // Friday 12:10, long past the original 14:00 due time
        Assert.Equal(new SlaSweepResult(0, 0, 0, 0), await Sweep.RunAsync(CancellationToken.None));
        var waiting = await _data.TicketAsync(ticketId);
        Assert.Equal(TicketPriority.Normal, waiting.Priority);
        Assert.Equal(_data.SupportId, waiting.AssigneeId);
        Assert.Null(waiting.ResolutionBreachedAtUtc);
        Assert.Equal(SlaState.Paused, SlaTargets.StateOf(waiting, _data.NowUtc, TimeSpan.FromMinutes(60)));

        await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Still broken") { RequestId = NewRequestId() }, CancellationToken.None);

        var resumed = await _data.TicketAsync(ticketId);
        Assert.Null(resumed.ResolutionPausedAtUtc);
        Assert.Equal(Hours.AddBusinessMinutes(_data.NowUtc, 110), resumed.ResolutionDueAtUtc); // the 110 minutes that were left
        _data.Time.Advance(TimeSpan.FromMinutes(109));
        Assert.Equal(0, (await Sweep.RunAsync(CancellationToken.None)).ResolutionBreaches);
        _data.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await Sweep.RunAsync(CancellationToken.None)).ResolutionBreaches);
    }

    [Fact]
    public async Task ChangeState_OnHoldThenInProgress_PausesAndResumesInBusinessMinutes()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 0, 120);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.True((await _data.Actions.ChangeStateAsync(_data.SupportId, ticketId, TicketState.OnHold, CancellationToken.None)).IsSuccess);
        Assert.Equal(_data.NowUtc, (await _data.TicketAsync(ticketId)).ResolutionPausedAtUtc);

        _data.Time.Advance(TimeSpan.FromHours(5.5)); // Wednesday 18:00: closed; 90 minutes were left
        Assert.Equal(0, (await Sweep.RunAsync(CancellationToken.None)).ResolutionBreaches);
        Assert.True((await _data.Actions.ChangeStateAsync(_data.SupportId, ticketId, TicketState.InProgress, CancellationToken.None)).IsSuccess);

        var ticket = await _data.TicketAsync(ticketId);
        Assert.Null(ticket.ResolutionPausedAtUtc);
        Assert.Equal(Utc("2026-03-05T10:30:00Z"), ticket.ResolutionDueAtUtc);
        var queue = await _data.Get<TicketQueries>().QueueAsync(new QueueFilter(Sla: SlaState.OnTrack), 0, CancellationToken.None);
        Assert.Equal(ticketId, Assert.Single(queue.Items).Id);
    }

    [Fact]
    public async Task Queue_WaitingTicketPastItsOldDueTime_ListedAsPausedNotBreached()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 120);
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Which version?") { RequestId = NewRequestId() }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromHours(5));
        var queries = _data.Get<TicketQueries>();

        Assert.Empty((await queries.QueueAsync(new QueueFilter(Sla: SlaState.Breached), 0, CancellationToken.None)).Items);
        var row = Assert.Single((await queries.QueueAsync(new QueueFilter(Sla: SlaState.Paused), 0, CancellationToken.None)).Items);
        Assert.Equal(SlaState.Paused, row.Sla);
        Assert.Null(row.DueAtUtc);
    }

    [Fact]
    public async Task CustomerReopen_AfterABreach_StartsTargetsAgainFromNow()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 120);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(121));
        var breaches = await Sweep.RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), (breaches.FirstResponseBreaches, breaches.ResolutionBreaches));
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Fixed.") { RequestId = NewRequestId() }, CancellationToken.None);
        Assert.True((await _data.Actions.CustomerCloseAsync(_data.CustomerId, ticketId, CancellationToken.None)).IsSuccess);
        _data.Time.Advance(TimeSpan.FromDays(1));

        Assert.True((await _data.Actions.CustomerReopenAsync(_data.CustomerId, ticketId, CancellationToken.None)).IsSuccess);

        var ticket = await _data.TicketAsync(ticketId);
        Assert.Null(ticket.FirstResponseBreachedAtUtc);
        Assert.Null(ticket.ResolutionBreachedAtUtc);
        Assert.Null(ticket.ResolutionPausedAtUtc);
        Assert.Equal(Hours.AddBusinessMinutes(_data.NowUtc, 120), ticket.ResolutionDueAtUtc);
        Assert.Equal(SlaState.OnTrack, SlaTargets.StateOf(ticket, _data.NowUtc, TimeSpan.FromMinutes(60)));
        _data.Time.Advance(TimeSpan.FromMinutes(121));
        Assert.Equal(1, (await Sweep.RunAsync(CancellationToken.None)).ResolutionBreaches); // a new breach after the reopen
    }

    [Fact]
    public async Task RunAsync_NotifyOnBreachOff_NobodyNotified()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 120, notify: false);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(121));

        var result = await Sweep.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (result.FirstResponseBreaches, result.ResolutionBreaches));
        await using var db = _data.Database.NewContext();
        Assert.False(await db.Notifications().AnyAsync(n => n.EventCode == NotificationCatalogue.Codes.SlaBreach));
        Assert.Equal(2, (await _data.MessagesAsync(ticketId)).Count(m => m.Kind == MessageKind.Note));
    }

    [Fact]
    public async Task RunAsync_RaisedPriority_TakesTheNewPrioritysTargetsFromNowAndEscalatesOnce()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 240, raise: true);
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.High, 30, 120, raise: true);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(61));

        var first = await Sweep.RunAsync(CancellationToken.None);
        var breachedAt = _data.NowUtc;
        var again = await Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(new SlaSweepResult(1, 0, 0, 0), first);
        Assert.Equal(new SlaSweepResult(0, 0, 0, 0), again);
        var raised = await _data.TicketAsync(ticketId);
        Assert.Equal(TicketPriority.High, raised.Priority);
        Assert.Equal(Hours.AddBusinessMinutes(breachedAt, 30), raised.FirstResponseDueAtUtc);
        Assert.Equal(Hours.AddBusinessMinutes(breachedAt, 120), raised.ResolutionDueAtUtc);

        // The High first-response target passes too: the same target does not escalate a second time.
        _data.Time.Advance(TimeSpan.FromMinutes(45));
        Assert.Equal(new SlaSweepResult(0, 0, 0, 0), await Sweep.RunAsync(CancellationToken.None));
        Assert.Equal(TicketPriority.High, (await _data.TicketAsync(ticketId)).Priority);
        Assert.Single(await _data.MessagesAsync(ticketId), m => m.Kind == MessageKind.Note);
    }

    private static DateTime Utc(string value) => DateTime.Parse(value, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
