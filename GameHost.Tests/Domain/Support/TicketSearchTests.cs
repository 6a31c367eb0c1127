using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>The staff queue's full-text search over the real migrations: what it finds, when, and what it survives.</summary>
public sealed class TicketSearchTests : IDisposable
{
    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    private TicketQueries Queries => _data.Get<TicketQueries>();

    private async Task<List<Guid>> SearchAsync(string search, bool openOnly = true, Guid? department = null) =>
        (await Queries.QueueAsync(new QueueFilter(Search: search, OpenOnly: openOnly, DepartmentId: department), 0, CancellationToken.None)).Items.Select(r => r.Id).ToList();

    [Fact]
    public async Task QueueAsync_WordOnlyInMessageBody_FindsTheTicket()
    {
        var crash = await _data.OpenAsync("Server will not start", "The console shows a zeppelin exception on boot.");
        await _data.OpenAsync("Refund please", "Charged twice for the same month.");

        Assert.Equal([crash], await SearchAsync("zeppelin"));
        Assert.Equal([crash], await SearchAsync("ZEPPELIN exception"));
    }

    [Fact]
    public async Task QueueAsync_WordOnlyInSubject_FindsTheTicket()
    {
        var whitelist = await _data.OpenAsync("Whitelist broken after update", "Please help.");
        await _data.OpenAsync("Refund please", "Please help.");

        Assert.Equal([whitelist], await SearchAsync("whitelist"));
        Assert.Empty(await SearchAsync("blacklist"));
    }

    [Fact]
    public async Task QueueAsync_AllWords_MustAppear_AnywhereInTheTicket()
    {
        var both = await _data.OpenAsync("Lag spikes", "TPS drops every evening");
        await _data.OpenAsync("Lag on login", "Nothing else");

        Assert.Equal([both], await SearchAsync("lag evening"));
        Assert.Equal([both], await SearchAsync("evening lag"));
        Assert.Empty(await SearchAsync("lag refund"));
    }

    [Fact]
    public async Task QueueAsync_WordInLaterReplyOrNote_FoundOnceSaved()
    {
        var ticket = await _data.OpenAsync("Mods", "Which mods are allowed?");
        Assert.Empty(await SearchAsync("optifine"));
        Assert.Empty(await SearchAsync("sodium"));

        Assert.True((await _data.Desk.CustomerReplyAsync(_data.CustomerId, ticket, new ReplyRequest("I would like OptiFine.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None)).IsSuccess);
        Assert.True((await _data.Desk.AddNoteAsync(_data.SupportId, ticket, new ReplyRequest("Suggest Sodium instead") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None)).IsSuccess);

        Assert.Equal([ticket], await SearchAsync("optifine"));
        Assert.Equal([ticket], await SearchAsync("sodium")); // internal notes are searchable: the queue is staff-only
        Assert.Equal([ticket], await SearchAsync("which optifine sodium"));
    }

    [Fact]
    public async Task QueueAsync_PrefixCaseAndAccents_MatchLikeStaffExpect()
    {
        var minecraft = await _data.OpenAsync("Minecraft crashes", "The café plugin fails.");

        Assert.Equal([minecraft], await SearchAsync("MINEC"));   // three or more letters: a word start
        Assert.Equal([minecraft], await SearchAsync("crash"));   // finds "crashes"
        Assert.Equal([minecraft], await SearchAsync("cafe"));    // accents folded
        Assert.Empty(await SearchAsync("mi"));                   // two letters: whole words only
        Assert.Empty(await SearchAsync("craft"));                // words, not substrings
    }

    [Fact]
    public async Task QueueAsync_Reference_StillFindsTheTicketExactly()
    {
        var ticket = await _data.OpenAsync("Anything", "Body");
        var reference = (await _data.TicketAsync(ticket)).Reference;

        Assert.Equal([ticket], await SearchAsync(reference.ToLowerInvariant()));
        Assert.Equal([ticket], await SearchAsync($"  {reference}  "));
    }

    [Fact]
    public async Task MergeAsync_MovedMessages_FoundInTheTargetOnly()
    {
        var target = await _data.OpenAsync("Server down", "It is down.");
        var source = await _data.OpenAsync("Still down", "The zeppelin error is back.");
        Assert.Equal([source], await SearchAsync("zeppelin"));

        Assert.True((await _data.Actions.MergeAsync(_data.AdminId, source, target, CancellationToken.None)).IsSuccess);

        Assert.Equal([target], await SearchAsync("zeppelin", openOnly: false));
        Assert.Contains(source, await SearchAsync("still", openOnly: false)); // the source keeps its own subject
    }

    [Fact]
    public async Task TicketDeleted_LeavesTheIndex()
    {
        var gone = await _data.OpenAsync("Temporary", "zeppelin");
        var kept = await _data.OpenAsync("Permanent", "zeppelin");
        await using (var db = _data.Database.NewContext())
        {
            await db.TicketMessages().Where(m => m.TicketId == gone).ExecuteDeleteAsync();
            await db.Tickets().Where(t => t.Id == gone).ExecuteDeleteAsync();
        }

        Assert.Equal([kept], await SearchAsync("zeppelin"));
        await using var check = _data.Database.NewContext();
        Assert.Equal(1, await check.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"TicketSearchRow\"").SingleAsync());
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"lag")]
    [InlineData("lag\"")]
    [InlineData("*")]
    [InlineData("lag*")]
    [InlineData("NEAR(")]
    [InlineData("NEAR(lag drops)")]
    [InlineData("a OR")]
    [InlineData("OR")]
    [InlineData("AND NOT")]
    [InlineData("-x")]
    [InlineData("-")]
    [InlineData("a-b")]
    [InlineData("Text:lag")]
    [InlineData("{Text}: lag")]
    [InlineData("^lag")]
    [InlineData("(lag")]
    [InlineData("lag)")]
    [InlineData("''")]
    [InlineData("\\")]
    [InlineData("lag\0drops")]
    [InlineData("%_")]
    [InlineData("🙂")]
    [InlineData("€5")]
    public async Task QueueAsync_HostileSearch_AnswersWithoutThrowing(string search)
    {
        var lag = await _data.OpenAsync("Lag spikes", "TPS drops every evening");
        await _data.OpenAsync("Refund please", "Charged twice");

        var found = await SearchAsync(search);

        Assert.True(found.Count == 0 || found.SequenceEqual([lag]), $"'{search}' found {found.Count}");
    }

    [Fact]
    public async Task QueueAsync_HostileSearchWithAWord_StillFindsTheWord()
    {
        var lag = await _data.OpenAsync("Lag spikes", "TPS drops every evening, near the end");
        await _data.OpenAsync("Refund please", "Charged twice");

        Assert.Equal([lag], await SearchAsync("\"lag"));
        Assert.Equal([lag], await SearchAsync("NEAR( lag"));
        Assert.Equal([lag], await SearchAsync("-drops"));
        Assert.Equal([lag], await SearchAsync("lag*"));
        Assert.Equal([lag], await SearchAsync("evening, NEAR"));
    }

    [Fact]
    public async Task QueueAsync_EmptyOrHugeSearch_AnswersWithoutThrowing()
    {
        var ticket = await _data.OpenAsync("Lag spikes", "TPS drops");

        Assert.Equal([ticket], (await Queries.QueueAsync(new QueueFilter(Search: ""), 0, CancellationToken.None)).Items.Select(r => r.Id));
        Assert.Equal([ticket], (await Queries.QueueAsync(new QueueFilter(Search: "   "), 0, CancellationToken.None)).Items.Select(r => r.Id));
        Assert.Empty(await SearchAsync(new string('a', 500)));
        Assert.Empty(await SearchAsync(string.Join(' ', Enumerable.Repeat("\"x* OR NEAR(", 100))));
        Assert.Equal([ticket], await SearchAsync("lag " + string.Join(' ', Enumerable.Repeat("-", 400))));
    }

    [Fact]
    public async Task QueueAsync_SearchWithFilters_CountsOnlyMatchingTickets()
    {
        var technical = await _data.OpenAsync("Crash on start", "zeppelin");
        await _data.OpenAsync("Crash on invoice page", "zeppelin", department: _data.BillingId);
        await _data.OpenAsync("Other", "nothing");

        var page = await Queries.QueueAsync(new QueueFilter(Search: "crash zeppelin", DepartmentId: _data.TechnicalId), 0, CancellationToken.None);

        Assert.Equal(1, page.TotalCount);
        Assert.Equal(technical, Assert.Single(page.Items).Id);
        Assert.Equal(2, (await Queries.QueueAsync(new QueueFilter(Search: "crash"), 0, CancellationToken.None)).TotalCount);
    }

    [Fact]
    public async Task QueueAsync_DepartmentAndAssignee_SameTicketsInQueueOrder()
    {
        var agents = new Guid?[] { null, _data.SupportId, _data.SecondSupportId };
        for (var i = 0; i < 24; i++)
        {
            _data.Time.Advance(TimeSpan.FromMinutes(7));
            var id = await _data.OpenAsync($"Ticket {i}", "Body", department: i % 2 == 0 ? _data.TechnicalId : _data.BillingId);
            if (agents[i % 3] is { } agent)
            {
                Assert.True((await _data.Actions.AssignAsync(_data.AdminId, id, agent, CancellationToken.None)).IsSuccess);
            }

            if (i % 5 == 0)
            {
                Assert.True((await _data.Actions.CustomerCloseAsync(_data.CustomerId, id, CancellationToken.None)).IsSuccess);
            }
        }

        await using var db = _data.Database.NewContext();
        var all = await db.Tickets().AsNoTracking().ToListAsync();
        foreach (var department in new[] { _data.TechnicalId, _data.BillingId })
        {
            foreach (var agent in agents.OfType<Guid>())
            {
                var expected = all.Where(t => t.DepartmentId == department && t.AssigneeId == agent && t.State != TicketState.Closed)
                    .OrderByDescending(t => t.UpdatedAtUtc).Select(t => t.Id).ToList();
                var page = await Queries.QueueAsync(new QueueFilter(DepartmentId: department, AssigneeId: agent), 0, CancellationToken.None);
                Assert.NotEmpty(expected);
                Assert.Equal(expected, page.Items.Select(r => r.Id));
                Assert.Equal(expected.Count, page.TotalCount);
            }
        }
    }

    [Fact]
    public async Task Migrations_TicketTable_HasTheSearchTriggers()
    {
        // A migration that rebuilds the Ticket table drops its triggers: it must call TicketFullText.Recreate.
        await using var db = _data.Database.NewContext();
        var triggers = await db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Ticket'").ToListAsync();

        Assert.All(TicketFullText.Triggers, t => Assert.Contains(t, triggers));
    }

    [Fact]
    public async Task Migration_TicketsThatExistedBefore_AreIndexed()
    {
        var before = await _data.OpenAsync("Old ticket", "zeppelin from before the index");
        await using (var db = _data.Database.NewContext())
        {
            // Back to the state before the migration: no index, no triggers, the migration not applied.
            foreach (var trigger in TicketFullText.Triggers)
            {
                var drop = "DROP TRIGGER \"" + trigger + "\"";
                await db.Database.ExecuteSqlRawAsync(drop);
            }

            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"TicketSearch\"");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"TicketSearchRow\"");
            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_Ticket_DepartmentId_AssigneeId_UpdatedAtUtc_State\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE '%_TicketSearchIndex'");
        }

        _data.Time.Advance(TimeSpan.FromMinutes(1));
        var added = await _data.OpenAsync("New ticket", "made while the index was missing zeppelin");
        await using (var db = _data.Database.NewContext())
        {
            Assert.Single(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
        }

        Assert.Equal([added, before], await SearchAsync("zeppelin"));
        var reply = await _data.Desk.CustomerReplyAsync(_data.CustomerId, before, new ReplyRequest("and a gondola") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        Assert.True(reply.IsSuccess);
        Assert.Equal([before], await SearchAsync("gondola"));
    }
}

public sealed class TicketSearchTermsTests
{
    [Theory]
    [InlineData("crash", "\"crash\"*")]
    [InlineData("  Crash   LAG ", "\"Crash\"* \"LAG\"*")]
    [InlineData("ab", "\"ab\"")]
    [InlineData("\"foo", "\"\"\"foo\"*")]
    [InlineData("a OR", "\"a\" \"OR\"")]
    [InlineData("NEAR(", "\"NEAR(\"")]
    [InlineData("-x", "\"-x\"")]
    [InlineData("a-b", "\"a-b\"")]
    [InlineData("x:lag", "\"x:lag\"*")]
    [InlineData("lag*", "\"lag*\"")]
    [InlineData("* - \" ()", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ToMatch_UserInput_QuotedWordsOnly(string? search, string? expected) =>
        Assert.Equal(expected, TicketSearchTerms.ToMatch(search));

    [Fact]
    public void ToMatch_ManyWords_KeepsTheFirstSixteen()
    {
        var match = TicketSearchTerms.ToMatch(string.Join(' ', Enumerable.Range(0, 40).Select(i => $"word{i}")))!;

        Assert.Equal(TicketSearchTerms.MaxTerms, match.Split(' ').Length);
        Assert.StartsWith("\"word0\"* \"word1\"*", match, StringComparison.Ordinal);
    }
}
