using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.Sla;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>A department's members are the staff its tickets are for: they are told of them, and the queue filters to them.</summary>
public sealed class DepartmentStaffTests : IDisposable
{
    private readonly SupportTestData _data = new(o => o.AutoCloseAfterDays = 0);

    public void Dispose() => _data.Dispose();

    private async Task<List<Guid>> NotifiedAsync(string eventCode)
    {
        await using var db = _data.Database.NewContext();
        return await db.Notifications().Where(n => n.EventCode == eventCode).Select(n => n.UserId).OrderBy(u => u).ToListAsync();
    }

    [Fact]
    public async Task OpenAsync_DepartmentWithMembers_OnlyItsMembersAreTold()
    {
        await _data.OpenAsync(department: _data.TechnicalId);

        Assert.Equal([_data.SupportId], await NotifiedAsync(NotificationCatalogue.Codes.TicketOpenedStaff));
    }

    [Fact]
    public async Task OpenAsync_DepartmentWithoutMembers_EveryStaffMemberIsTold()
    {
        await _data.OpenAsync(department: _data.BillingId);

        Assert.Equal(new[] { _data.AdminId, _data.SupportId, _data.SecondSupportId }.Order(), await NotifiedAsync(NotificationCatalogue.Codes.TicketOpenedStaff));
    }

    [Fact]
    public async Task SlaSweep_Breach_ToldToTheDepartmentsMembersOrEveryoneWithoutMembers()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 0);
        await _data.AddPolicyAsync(_data.BillingId, TicketPriority.Normal, 60, 0);
        var technical = await _data.OpenAsync(department: _data.TechnicalId);
        var billing = await _data.OpenAsync(department: _data.BillingId);
        _data.Time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(2, (await _data.Get<SupportSlaSweep>().RunAsync(CancellationToken.None)).FirstResponseBreaches);

        await using var db = _data.Database.NewContext();
        var breaches = await db.Notifications().Where(n => n.EventCode == NotificationCatalogue.Codes.SlaBreach).Select(n => new { n.UserId, n.Link }).ToListAsync();
        Assert.Equal([_data.SupportId], breaches.Where(b => b.Link!.Contains(technical.ToString(), StringComparison.Ordinal)).Select(b => b.UserId));
        Assert.Equal(3, breaches.Count(b => b.Link!.Contains(billing.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task QueueAsync_MyDepartments_ShowsOnlyThoseDepartmentsTickets()
    {
        var technical = await _data.OpenAsync("Technical one", department: _data.TechnicalId);
        await _data.OpenAsync("Billing one", department: _data.BillingId);
        var queries = _data.Get<TicketQueries>();

        var mine = await queries.MemberDepartmentsAsync(_data.SupportId, CancellationToken.None);
        var page = await queries.QueueAsync(new QueueFilter(DepartmentIds: mine), 0, CancellationToken.None);
        var none = await queries.QueueAsync(new QueueFilter(DepartmentIds: await queries.MemberDepartmentsAsync(_data.SecondSupportId, CancellationToken.None)), 0, CancellationToken.None);
        var both = await queries.QueueAsync(new QueueFilter(DepartmentIds: [_data.TechnicalId, _data.BillingId]), 0, CancellationToken.None);

        Assert.Equal([_data.TechnicalId], mine);
        Assert.Equal(technical, Assert.Single(page.Items).Id);
        Assert.Empty(none.Items);
        Assert.Equal(2, both.TotalCount);
    }

    [Fact]
    public async Task QueueFilter_SeveralDepartments_ReadsTheDepartmentIndex()
    {
        await using var db = _data.Database.NewContext();
        var now = _data.NowUtc;
        var filter = new QueueFilter(DepartmentIds: [_data.TechnicalId, _data.BillingId]);
        var sql = TicketQueries.WhereFilters(db, db.Tickets().AsNoTracking(), filter, now, now.AddHours(1))
            .OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Id).Take(25).Select(t => t.Id).ToQueryString();

        var plan = await PlanAsync(db, sql);

        Assert.Contains(plan, line => line.StartsWith("SEARCH t USING", StringComparison.Ordinal) && line.Contains("IX_Ticket_DepartmentId", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN t", StringComparison.Ordinal));
    }

    private static async Task<List<string>> PlanAsync(GameHost.Domain.Persistence.GameHostDbContext db, string queryString)
    {
        var sql = string.Join('\n', queryString.Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }
}
