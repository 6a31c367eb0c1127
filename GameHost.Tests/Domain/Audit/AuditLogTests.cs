using GameHost.Domain.Audit;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Audit;

public class AuditLogTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 30, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Record_BeforeTheCallerSaves_WritesNothing_AndAfterwardsStoresSnapshotsAsJson()
    {
        var actor = new AuditActor(Guid.NewGuid(), "olivia@gamehost.test");
        await using var db = _database.NewContext();

        new AuditLog(_time).Record(db, actor, "tariff.changed", "Tariff", "42", new { Price = 100, Name = "Small" }, new { Price = 150, Name = "Small" }, "trace-1");

        await using (var other = _database.NewContext())
        {
            Assert.Equal(0, await other.AuditEntries.CountAsync());
        }

        await db.SaveChangesAsync();
        await using var check = _database.NewContext();
        var entry = await check.AuditEntries.SingleAsync();
        Assert.Equal((actor.UserId, actor.Name, "tariff.changed", "Tariff", "42"), (entry.ActorUserId, entry.ActorName, entry.Action, entry.SubjectType, entry.SubjectId));
        Assert.Equal(_time.GetUtcNow().UtcDateTime, entry.AtUtc);
        Assert.Equal(DateTimeKind.Utc, entry.AtUtc.Kind);
        Assert.Equal("""{"price":100,"name":"Small"}""", entry.BeforeJson);
        Assert.Equal("""{"price":150,"name":"Small"}""", entry.AfterJson);
        Assert.Equal("trace-1", entry.CorrelationId);
    }

    [Fact]
    public async Task ForSubjectAsync_ManyEntries_ReturnsThatSubjectsNewestFirstInPages()
    {
        await using (var db = _database.NewContext())
        {
            var log = new AuditLog(_time);
            var actor = new AuditActor(null, "system");
            for (var i = 1; i <= 5; i++)
            {
                log.Record(db, actor, $"a{i}", "Customer", "c1", null, new { Step = i });
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            log.Record(db, actor, "other", "Customer", "c2", null, null);
            await db.SaveChangesAsync();
        }

        var query = new AuditLogQuery(new SqliteTestContextFactory(_database));
        var first = await query.ForSubjectAsync("Customer", "c1", 0, 2, CancellationToken.None);
        var last = await query.ForSubjectAsync("Customer", "c1", 2, 2, CancellationToken.None);
        var latest = await query.LatestAsync(1, CancellationToken.None);

        Assert.Equal(["a5", "a4"], first.Items.Select(e => e.Action));
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(["a1"], last.Items.Select(e => e.Action));
        Assert.Equal("other", Assert.Single(latest).Action);
    }

    [Fact]
    public void Compare_TwoSnapshots_ListsOnlyTheFieldsThatDiffer()
    {
        var changes = AuditSnapshotDiff.Compare(
            """{"lockedByStaff":false,"failedSignIns":2,"reason":null,"same":"x"}""",
            """{"lockedByStaff":true,"failedSignIns":2,"reason":"Fraud","same":"x"}""");

        Assert.Equal(
            [new AuditChange("lockedByStaff", "false", "true"), new AuditChange("reason", null, "Fraud")],
            changes);
    }

    [Fact]
    public void Compare_NoBeforeAndBrokenAfter_StillShowsSomething()
    {
        Assert.Equal([new AuditChange("a", null, "1")], AuditSnapshotDiff.Compare(null, """{"a":1}"""));
        Assert.Equal([new AuditChange("", null, "not json")], AuditSnapshotDiff.Compare(null, "not json"));
    }
}
