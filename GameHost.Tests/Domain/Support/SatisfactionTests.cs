using GameHost.Domain.Support;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;

namespace GameHost.Tests.Domain.Support;

/// <summary>Ratings count people: the product's own warning cannot be rated, and what customers wrote can be read back.</summary>
public sealed class SatisfactionTests : IDisposable
{
    private readonly SupportTestData _data = new(o =>
    {
        o.AutoCloseAfterDays = 7;
        o.AutoCloseWarningDays = 2;
    });

    public void Dispose() => _data.Dispose();

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task RateReplyAsync_AutoCloseWarning_NotRatableAndNotOfferedForRating()
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Does it work now?") { RequestId = NewRequestId() }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(5.5));
        Assert.Equal(1, (await _data.Get<SupportSlaSweep>().RunAsync(CancellationToken.None)).AutoCloseWarnings);
        var warning = (await _data.MessagesAsync(ticketId)).Last();
        Assert.Null(warning.AuthorId);

        var result = await _data.Actions.RateReplyAsync(_data.CustomerId, warning.Id, ReplyRating.Bad, "Stop nagging", CancellationToken.None);

        Assert.Equal(SupportErrors.NotRatable, result.Error?.Code);
        var view = await _data.Get<TicketQueries>().TicketAsync(_data.CustomerId, ticketId, CancellationToken.None);
        Assert.Equal([true, false], view!.Messages.Where(m => m.IsStaff).Select(m => m.Ratable));
    }

    [Fact]
    public async Task RatingCommentsAsync_NewestFirst_FilteredByRatingStaffAndDepartment()
    {
        var technical = await _data.OpenAsync("Lag");
        var billing = await _data.OpenAsync("Invoice", department: _data.BillingId);
        var samReply = (await _data.Desk.StaffReplyAsync(_data.SupportId, technical, new ReplyRequest("Restarted it.") { RequestId = NewRequestId() }, CancellationToken.None)).Value;
        var tessReply = (await _data.Desk.StaffReplyAsync(_data.SecondSupportId, billing, new ReplyRequest("Refunded.") { RequestId = NewRequestId() }, CancellationToken.None)).Value;
        await _data.Actions.RateReplyAsync(_data.CustomerId, samReply, ReplyRating.Bad, "Still lagging", CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromMinutes(5));
        await _data.Actions.RateReplyAsync(_data.CustomerId, tessReply, ReplyRating.Good, "Quick, thanks", CancellationToken.None);
        var queries = _data.Get<TicketQueries>();

        var all = await queries.RatingCommentsAsync(new RatingCommentFilter(), 50, CancellationToken.None);
        var bad = await queries.RatingCommentsAsync(new RatingCommentFilter(Rating: ReplyRating.Bad), 50, CancellationToken.None);
        var tess = await queries.RatingCommentsAsync(new RatingCommentFilter(StaffId: _data.SecondSupportId), 50, CancellationToken.None);
        var technicalOnly = await queries.RatingCommentsAsync(new RatingCommentFilter(DepartmentId: _data.TechnicalId), 50, CancellationToken.None);

        Assert.Equal(["Quick, thanks", "Still lagging"], all.Select(c => c.Comment));
        Assert.Equal(("Sam Support", "Technical"), (Assert.Single(bad).StaffName, bad[0].Department));
        Assert.Equal("Quick, thanks", Assert.Single(tess).Comment);
        Assert.Equal("Still lagging", Assert.Single(technicalOnly).Comment);
    }
}
