using System.Globalization;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Support;

/// <summary>
/// The staff queue's capped total and its two ways of reading search results (decision 0029), over tickets inserted in
/// bulk on the migrated SQLite database (the full-text triggers index them as the app's writes would).
/// </summary>
public sealed class TicketQueueCountAndSearchTests : IDisposable
{
    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    private TicketQueries Queries(int? searchWalkThreshold = null, int? narrowQueueLimit = -1, bool weighMatches = true) => new(
        _data.Get<IDbContextFactory<GameHostDbContext>>(), _data.Time, _data.Get<IOptions<SupportOptions>>())
    {
        SearchWalkThreshold = searchWalkThreshold,
        NarrowQueueLimit = narrowQueueLimit,
        WeighMatches = weighMatches,
    };

    private TicketQueries Walking => Queries(0);

    private TicketQueries FromIndex => Queries(int.MaxValue);

    /// <summary>Walks the filtered queue whenever the filter names a department or an agent, however few the matches (decision 0036).</summary>
    private TicketQueries WalkingFiltered => Queries(narrowQueueLimit: int.MaxValue - 1, weighMatches: false);

    /// <summary>As the host has it: every threshold at its default.</summary>
    private TicketQueries AsShipped => Queries(narrowQueueLimit: null);

    /// <summary>
    /// Inserts <paramref name="count"/> tickets; ticket i is updated i minutes before now (so the queue lists them in
    /// index order) unless <paramref name="updatedMinutesAgo"/> says otherwise.
    /// </summary>
    private async Task<List<Ticket>> SeedAsync(int count, Func<int, string> text, Func<int, Guid>? department = null,
        Func<int, TicketState>? state = null, Func<int, int>? updatedMinutesAgo = null, Func<int, Guid?>? assignee = null, Func<int, TicketPriority>? priority = null)
    {
        var now = _data.NowUtc;
        var tickets = new List<Ticket>(count);
        await using var db = _data.Database.NewContext();
        for (var i = 0; i < count; i++)
        {
            var updated = now.AddMinutes(-(updatedMinutesAgo?.Invoke(i) ?? i));
            var subject = $"Ticket {i}";
            tickets.Add(new Ticket
            {
                Id = Guid.NewGuid(), Reference = "T-" + i.ToString("X6", CultureInfo.InvariantCulture), CustomerId = _data.CustomerId,
                DepartmentId = department?.Invoke(i) ?? _data.TechnicalId, Subject = subject, State = state?.Invoke(i) ?? TicketState.New,
                CreatedAtUtc = updated.AddDays(-1), UpdatedAtUtc = updated, SearchText = (subject + "\n" + text(i)).ToLowerInvariant(),
                AssigneeId = assignee?.Invoke(i), Priority = priority?.Invoke(i) ?? TicketPriority.Normal,
            });
        }

        db.Tickets().AddRange(tickets);
        await db.SaveChangesAsync();
        return tickets;
    }

    private static List<Guid> Ids(GameHost.Domain.Common.PagedList<QueueRow> page) => page.Items.Select(r => r.Id).ToList();

    [Fact]
    public async Task QueueAsync_MoreMatchesThanTheCap_CountsToTheCapAndSaysThereAreMore()
    {
        await SeedAsync(1001, i => i < 1001 ? "crash on boot" : "", department: i => i < 999 ? _data.TechnicalId : _data.BillingId);

        var all = await Walking.QueueAsync(new QueueFilter(), 0, CancellationToken.None);
        var search = await Walking.QueueAsync(new QueueFilter(Search: "crash"), 0, CancellationToken.None);
        var searchFromIndex = await FromIndex.QueueAsync(new QueueFilter(Search: "crash"), 0, CancellationToken.None);
        var technical = await Walking.QueueAsync(new QueueFilter(DepartmentId: _data.TechnicalId), 0, CancellationToken.None);
        var technicalSearch = await Walking.QueueAsync(new QueueFilter(Search: "crash", DepartmentId: _data.TechnicalId), 0, CancellationToken.None);

        Assert.Equal((TicketQueries.QueueCountCap, true), (all.TotalCount, all.TotalIsAtLeast));
        Assert.Equal((TicketQueries.QueueCountCap, true), (search.TotalCount, search.TotalIsAtLeast));
        Assert.Equal((TicketQueries.QueueCountCap, true), (searchFromIndex.TotalCount, searchFromIndex.TotalIsAtLeast));
        Assert.Equal((999, false), (technical.TotalCount, technical.TotalIsAtLeast));
        Assert.Equal((999, false), (technicalSearch.TotalCount, technicalSearch.TotalIsAtLeast));
        Assert.Equal(TicketQueries.QueuePageSize, all.Items.Count);
    }

    [Fact]
    public async Task QueueAsync_ExactlyTheCap_IsAnExactTotal()
    {
        await SeedAsync(TicketQueries.QueueCountCap, _ => "lag spikes");

        var page = await Walking.QueueAsync(new QueueFilter(Search: "lag"), 0, CancellationToken.None);

        Assert.Equal((TicketQueries.QueueCountCap, false), (page.TotalCount, page.TotalIsAtLeast));
    }

    [Fact]
    public async Task QueueAsync_PagingPastACappedTotal_ReachesTheLastRows()
    {
        var tickets = await SeedAsync(1060, i => i % 2 == 0 ? "crash report" : "crash dump");
        var expected = tickets.OrderByDescending(t => t.UpdatedAtUtc).Select(t => t.Id).ToList();
        var size = TicketQueries.QueuePageSize;

        var first = await Walking.QueueAsync(new QueueFilter(Search: "crash"), 0, CancellationToken.None);
        var beyondCap = await Walking.QueueAsync(new QueueFilter(Search: "crash"), TicketQueries.QueueCountCap / size, CancellationToken.None);
        var lastPage = (1060 - 1) / size;
        var last = await Walking.QueueAsync(new QueueFilter(Search: "crash"), lastPage, CancellationToken.None);

        Assert.True(first.TotalIsAtLeast);
        Assert.Equal(expected.Take(size), Ids(first));
        Assert.Equal((1060, false), (beyondCap.TotalCount, beyondCap.TotalIsAtLeast));
        Assert.Equal(expected.Skip(TicketQueries.QueueCountCap).Take(size), Ids(beyondCap));
        Assert.Equal(expected.Skip(lastPage * size), Ids(last));
        Assert.Equal(1060 - (lastPage * size), last.Items.Count);
    }

    [Fact]
    public async Task QueueAsync_CapSlidesWithThePage_NextPageStaysReachable()
    {
        await SeedAsync(2100, _ => "refund");
        var size = TicketQueries.QueuePageSize;

        // On the last page the first count allowed, the total counts a cap further, so the pager offers more pages.
        var page = await Walking.QueueAsync(new QueueFilter(), (TicketQueries.QueueCountCap / size) - 1, CancellationToken.None);

        Assert.True(page.TotalIsAtLeast);
        Assert.Equal(TicketQueries.QueueCountCap - size + TicketQueries.QueueCountCap, page.TotalCount);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(1300)]
    public async Task QueueAsync_WalkAndIndexStrategies_SameIdsInSameOrder(int matching)
    {
        // Ties on the update time on purpose: the order then rests on the id, which both ways must apply alike.
        var random = new Random(7);
        var words = new[] { "lag", "refund", "backup" };
        await SeedAsync(1500, i => i < matching ? $"crash after {words[i % 3]}" : $"{words[i % 3]} question",
            department: i => i % 3 == 0 ? _data.BillingId : _data.TechnicalId,
            state: i => (TicketState)(i % 5), updatedMinutesAgo: _ => random.Next(0, 400));
        var filters = new[]
        {
            new QueueFilter(Search: "crash"),
            new QueueFilter(Search: "crash", OpenOnly: false),
            new QueueFilter(Search: "crash lag"),
            new QueueFilter(Search: "crash", DepartmentId: _data.TechnicalId, State: TicketState.InProgress),
        };

        foreach (var filter in filters)
        {
            foreach (var page in new[] { 0, 1, 7 })
            {
                var walked = await Walking.QueueAsync(filter, page, CancellationToken.None);
                var driven = await FromIndex.QueueAsync(filter, page, CancellationToken.None);
                Assert.Equal(Ids(driven), Ids(walked));
                Assert.Equal((driven.TotalCount, driven.TotalIsAtLeast), (walked.TotalCount, walked.TotalIsAtLeast));
            }
        }

        Assert.NotEmpty((await Walking.QueueAsync(filters[0], 0, CancellationToken.None)).Items);
        Assert.Equal(QueueSearchStrategy.WalkQueueOrder, await Walking.SearchStrategyAsync("crash", CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.DriveFromIndex, await FromIndex.SearchStrategyAsync("crash", CancellationToken.None));
    }

    [Fact]
    public async Task SearchStrategyAsync_ByNumberOfMatches_WalksOnlyForManyMatches()
    {
        await SeedAsync(300, i => i < 250 ? "crash" : "zeppelin");
        var queries = Queries(searchWalkThreshold: 100);

        Assert.Equal(QueueSearchStrategy.WalkQueueOrder, await queries.SearchStrategyAsync("crash", CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.DriveFromIndex, await queries.SearchStrategyAsync("zeppelin", CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.DriveFromIndex, await queries.SearchStrategyAsync("T-000001", CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.ReferenceOnly, await queries.SearchStrategyAsync("--", CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue)]
    public async Task QueueAsync_SearchDepartmentAndState_SameTicketsAndTotalAsTheFilterSays(int searchWalkThreshold)
    {
        var tickets = await SeedAsync(600, i => i % 4 == 0 ? "zeppelin crash in the logs" : "crash on boot",
            department: i => i % 3 == 0 ? _data.BillingId : _data.TechnicalId, state: i => (TicketState)(i % 5));
        var queries = Queries(searchWalkThreshold);

        var page = await queries.QueueAsync(new QueueFilter(Search: "crash zeppelin", DepartmentId: _data.TechnicalId, State: TicketState.New), 0, CancellationToken.None);
        var expected = tickets
            .Where(t => t.SearchText.Contains("zeppelin", StringComparison.Ordinal) && t.DepartmentId == _data.TechnicalId && t.State == TicketState.New)
            .OrderByDescending(t => t.UpdatedAtUtc).Select(t => t.Id).ToList();

        Assert.Equal(expected.Count, page.TotalCount);
        Assert.False(page.TotalIsAtLeast);
        Assert.Equal(expected.Take(TicketQueries.QueuePageSize), Ids(page));
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task QueueAsync_ReferenceThatIsAlsoAWord_FindsTheTicketWithEitherStrategy()
    {
        var tickets = await SeedAsync(50, i => "crash");

        foreach (var queries in new[] { Walking, FromIndex })
        {
            var page = await queries.QueueAsync(new QueueFilter(Search: tickets[17].Reference.ToLowerInvariant()), 0, CancellationToken.None);
            Assert.Equal([tickets[17].Id], Ids(page));
            Assert.Equal(1, page.TotalCount);
        }
    }

    [Theory]
    [InlineData(40)]
    [InlineData(1300)]
    public async Task QueueAsync_NarrowFilterEveryStrategy_SameIdsOrderAndTotal(int matching)
    {
        // Ties on the update time on purpose: the order then rests on the id, which every way must apply alike.
        var random = new Random(11);
        var words = new[] { "lag", "refund", "backup" };
        var tickets = await SeedAsync(1500, i => i < matching ? $"crash after {words[i % 3]}" : $"{words[i % 3]} question",
            department: i => i % 3 == 0 ? _data.BillingId : _data.TechnicalId, state: i => (TicketState)(i % 5),
            updatedMinutesAgo: _ => random.Next(0, 400), assignee: i => i % 7 == 0 ? _data.SupportId : i % 7 == 1 ? _data.SecondSupportId : null,
            priority: i => (TicketPriority)(i % 4));
        var filters = new[]
        {
            new QueueFilter(Search: "crash", AssigneeId: _data.SupportId),
            new QueueFilter(Search: "crash", AssigneeId: _data.SupportId, OpenOnly: false),
            new QueueFilter(Search: "crash refund", DepartmentId: _data.TechnicalId, Priority: TicketPriority.Urgent),
            new QueueFilter(Search: "crash", DepartmentId: _data.BillingId, UnassignedOnly: true, State: TicketState.New),
            new QueueFilter(Search: "crash", AssigneeId: _data.SecondSupportId, Sla: SlaState.None),
            new QueueFilter(Search: "question", State: TicketState.OnHold, DepartmentId: _data.BillingId),
            new QueueFilter(Search: "crash", DepartmentId: _data.TechnicalId, AssigneeId: _data.SupportId, State: TicketState.New, Priority: TicketPriority.Urgent),
            new QueueFilter(Search: "lag", DepartmentId: _data.TechnicalId, AssigneeId: _data.SecondSupportId, Priority: TicketPriority.High, Tag: "none"),
            new QueueFilter(Search: "backup", AssigneeId: _data.SupportId, Priority: TicketPriority.Low, OpenOnly: false),
        };

        foreach (var filter in filters)
        {
            var expectedTotal = tickets.Count(t => filter.Search!.Split(' ').All(w => t.SearchText.Contains(w, StringComparison.Ordinal))
                && (filter.State is { } st ? t.State == st : !filter.OpenOnly || t.State != TicketState.Closed)
                && (filter.DepartmentId is null || t.DepartmentId == filter.DepartmentId)
                && (filter.UnassignedOnly ? t.AssigneeId == null : filter.AssigneeId is null || t.AssigneeId == filter.AssigneeId)
                && (filter.Priority is null || t.Priority == filter.Priority)
                && filter.Tag is null);
            Assert.Equal(QueueSearchStrategy.WalkFilteredQueue, await WalkingFiltered.SearchStrategyAsync(filter, CancellationToken.None));
            Assert.NotEqual(QueueSearchStrategy.WalkFilteredQueue, await Walking.SearchStrategyAsync(filter, CancellationToken.None));
            foreach (var page in new[] { 0, 1, 3 })
            {
                var filtered = await WalkingFiltered.QueueAsync(filter, page, CancellationToken.None);
                var walked = await Walking.QueueAsync(filter, page, CancellationToken.None);
                var driven = await FromIndex.QueueAsync(filter, page, CancellationToken.None);
                var shipped = await AsShipped.QueueAsync(filter, page, CancellationToken.None);
                Assert.Equal(Ids(driven), Ids(walked));
                Assert.Equal(Ids(driven), Ids(filtered));
                Assert.Equal(Ids(driven), Ids(shipped));
                Assert.Equal((driven.TotalCount, driven.TotalIsAtLeast), (shipped.TotalCount, shipped.TotalIsAtLeast));
                Assert.Equal((expectedTotal, false), (filtered.TotalCount, filtered.TotalIsAtLeast));
                Assert.Equal((driven.TotalCount, driven.TotalIsAtLeast), (walked.TotalCount, walked.TotalIsAtLeast));
                Assert.Equal((driven.TotalCount, driven.TotalIsAtLeast), (filtered.TotalCount, filtered.TotalIsAtLeast));
            }

            Assert.Equal(filter.Tag is null, (await WalkingFiltered.QueueAsync(filter, 0, CancellationToken.None)).Items.Count > 0);
        }
    }

    [Fact]
    public async Task SearchStrategyAsync_CommonWordWithNarrowFilter_WalksOnlyTheFilteredQueue()
    {
        // Every ticket holds the word; one agent has a handful of them, the department all of them.
        await SeedAsync(1200, i => i % 2 == 0 ? "crash on boot" : "crash after update", assignee: i => i % 100 == 0 ? _data.SupportId : null,
            priority: i => i % 150 == 0 ? TicketPriority.Urgent : TicketPriority.Normal);

        Assert.Equal(QueueSearchStrategy.WalkFilteredQueue, await AsShipped.SearchStrategyAsync(new QueueFilter(Search: "crash", AssigneeId: _data.SupportId), CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.WalkFilteredQueue, await AsShipped.SearchStrategyAsync(
            new QueueFilter(Search: "crash", AssigneeId: _data.SupportId, Priority: TicketPriority.Urgent, State: TicketState.New), CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.WalkFilteredQueue, await AsShipped.SearchStrategyAsync(
            new QueueFilter(Search: "crash", DepartmentId: _data.TechnicalId, AssigneeId: _data.SupportId, Priority: TicketPriority.Urgent), CancellationToken.None));

        // Priority, state or "unassigned" alone: a quarter or more of a real queue, never walked ticket by ticket;
        // decision 0029 decides from the filtered matches (here 8, so from the index).
        Assert.Equal(QueueSearchStrategy.DriveFromIndex, await AsShipped.SearchStrategyAsync(new QueueFilter(Search: "crash", Priority: TicketPriority.Urgent), CancellationToken.None));

        // A word with fewer matches than the filter leaves tickets reads its matches, as before decision 0036.
        Assert.Equal(QueueSearchStrategy.DriveFromIndex, await AsShipped.SearchStrategyAsync(new QueueFilter(Search: "zeppelin", AssigneeId: _data.SupportId), CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.WalkQueueOrder, await AsShipped.SearchStrategyAsync(new QueueFilter(Search: "crash", DepartmentId: _data.TechnicalId), CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.WalkQueueOrder, await AsShipped.SearchStrategyAsync(new QueueFilter(Search: "crash", UnassignedOnly: true), CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.WalkQueueOrder, await AsShipped.SearchStrategyAsync(new QueueFilter(Search: "crash"), CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.DriveFromIndex, await AsShipped.SearchStrategyAsync(new QueueFilter(Search: "zeppelin"), CancellationToken.None));

        var page = await AsShipped.QueueAsync(new QueueFilter(Search: "crash boot", AssigneeId: _data.SupportId), 0, CancellationToken.None);
        Assert.Equal((12, false), (page.TotalCount, page.TotalIsAtLeast));
        Assert.All(page.Items, r => Assert.Equal("Sam Support", r.AssigneeName));
    }

    [Fact]
    public async Task SearchStrategyAsync_RareWordWithinNarrowFilter_TakesTheSmallerSide()
    {
        // The agent has 60 tickets; "zeppelin" is in 10 of all tickets, "crash" in every one.
        await SeedAsync(600, i => i % 60 == 0 ? "zeppelin crash" : "crash", assignee: i => i % 10 == 0 ? _data.SupportId : null);
        var agent = new QueueFilter(AssigneeId: _data.SupportId);

        Assert.Equal(QueueSearchStrategy.DriveFromIndex, await AsShipped.SearchStrategyAsync(agent with { Search = "zeppelin" }, CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.WalkFilteredQueue, await AsShipped.SearchStrategyAsync(agent with { Search = "crash" }, CancellationToken.None));
        Assert.Equal(QueueSearchStrategy.WalkFilteredQueue, await WalkingFiltered.SearchStrategyAsync(agent with { Search = "zeppelin" }, CancellationToken.None));
        Assert.Equal(10, (await AsShipped.QueueAsync(agent with { Search = "zeppelin" }, 0, CancellationToken.None)).TotalCount);
        Assert.Equal(60, (await AsShipped.QueueAsync(agent with { Search = "crash" }, 0, CancellationToken.None)).TotalCount);
    }

    [Theory]
    [InlineData(TicketQueueSearch.DepartmentAssigneeIndex, true, true)]
    [InlineData(TicketQueueSearch.DepartmentIndex, true, false)]
    [InlineData(TicketQueueSearch.AssigneeIndex, false, true)]
    public async Task TicketQueueSearch_NarrowWalkWithPriorityAndState_ReadsTheSelectiveIndex(string index, bool byDepartment, bool byAssignee)
    {
        // With a priority in the filter SQLite (no statistics) would read the priority index, a quarter of all tickets.
        await using var db = _data.Database.NewContext();
        var department = _data.TechnicalId;
        var assignee = _data.SupportId;
        IQueryable<Ticket> Narrow(IQueryable<Ticket> q)
        {
            q = q.Where(t => t.State == TicketState.New && t.Priority == TicketPriority.Urgent);
            q = byDepartment ? q.Where(t => t.DepartmentId == department) : q;
            return byAssignee ? q.Where(t => t.AssigneeId == assignee) : q;
        }

        var count = Narrow(TicketQueueSearch.Tickets(db, index)).Take(501).Select(t => t.Id).ToQueryString();
        var page = Narrow(TicketQueueSearch.TestEachTicket(db, "\"crash\"*", index))
            .OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Id).Take(25).Select(t => t.Id).ToQueryString();

        Assert.Contains(await PlanAsync(db, count), line => line.StartsWith("SEARCH t USING", StringComparison.Ordinal) && line.Contains("INDEX " + index + " (", StringComparison.Ordinal));
        Assert.Contains(await PlanAsync(db, page), line => line.StartsWith("SEARCH t USING", StringComparison.Ordinal) && line.Contains("INDEX " + index + " (", StringComparison.Ordinal));
    }

    /// <summary>SQLite's plan for a statement from <c>ToQueryString</c> (its parameters left unbound: the plan does not depend on them).</summary>
    private static async Task<List<string>> PlanAsync(GameHostDbContext db, string queryString)
    {
        var sql = string.Join('\n', queryString.Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
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
