using System.Text.Json;
using GameHost.Domain.Persistence;

namespace GameHost.Domain.Audit;

/// <summary>Who performed a staff action; the name is kept on the entry so it reads right after the actor changes.</summary>
public sealed record AuditActor(Guid? UserId, string Name);

/// <summary>
/// Writes audit entries. <see cref="Record"/> only adds the entry to the caller's context: it is saved by the same
/// SaveChanges as the change it describes, so there is never a change without its entry or an entry without its change.
/// </summary>
public sealed class AuditLog(TimeProvider time)
{
    internal static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    public AuditEntry Record(
        GameHostDbContext db,
        AuditActor actor,
        string action,
        string subjectType,
        string subjectId,
        object? before,
        object? after,
        string? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectType);
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectId);

        var entry = new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            BeforeJson = Serialize(before),
            AfterJson = Serialize(after),
            CorrelationId = correlationId,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    private static string? Serialize(object? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, snapshot.GetType(), SnapshotJson);
}
