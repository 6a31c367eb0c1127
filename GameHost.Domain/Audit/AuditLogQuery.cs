using System.Text.Json;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Audit;

/// <summary>One field of a snapshot that an action changed (or set, when there was no before).</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>An audit entry ready to read: the snapshots are flattened into the fields that changed.</summary>
public sealed record AuditEntryView(
    long Id,
    DateTime AtUtc,
    Guid? ActorUserId,
    string ActorName,
    string Action,
    string SubjectType,
    string SubjectId,
    string? BeforeJson,
    string? AfterJson,
    string? CorrelationId)
{
    public IReadOnlyList<AuditChange> Changes => AuditSnapshotDiff.Compare(BeforeJson, AfterJson);
}

/// <summary>Reads the audit log on a short-lived context of its own, newest entries first.</summary>
public sealed class AuditLogQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PagedList<AuditEntryView>> ForSubjectAsync(
        string subjectType, string subjectId, int page, int pageSize, CancellationToken cancellationToken)
    {
        (page, pageSize) = PagedList<AuditEntryView>.Clamp(page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.SubjectType == subjectType && a.SubjectId == subjectId);
        var total = await entries.CountAsync(cancellationToken);
        var items = await Project(entries
                .OrderByDescending(a => a.AtUtc)
                .ThenByDescending(a => a.Id)
                .Skip(page * pageSize)
                .Take(pageSize))
            .ToListAsync(cancellationToken);
        return new PagedList<AuditEntryView>(items, total, page, pageSize);
    }

    /// <summary>The latest entries across the whole system, for the staff dashboard.</summary>
    public async Task<IReadOnlyList<AuditEntryView>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Project(db.AuditEntries.AsNoTracking()
                .OrderByDescending(a => a.AtUtc)
                .ThenByDescending(a => a.Id)
                .Take(Math.Clamp(count, 1, PagedList<AuditEntryView>.MaxPageSize)))
            .ToListAsync(cancellationToken);
    }

    private static IQueryable<AuditEntryView> Project(IQueryable<AuditEntry> entries) =>
        entries.Select(a => new AuditEntryView(
            a.Id, a.AtUtc, a.ActorUserId, a.ActorName, a.Action, a.SubjectType, a.SubjectId, a.BeforeJson, a.AfterJson, a.CorrelationId));
}

/// <summary>Turns two flat JSON snapshots into the list of fields whose values differ.</summary>
public static class AuditSnapshotDiff
{
    public static IReadOnlyList<AuditChange> Compare(string? beforeJson, string? afterJson)
    {
        var before = Flatten(beforeJson);
        var after = Flatten(afterJson);
        var changes = new List<AuditChange>();
        foreach (var field in before.Keys.Concat(after.Keys).Distinct(StringComparer.Ordinal))
        {
            before.TryGetValue(field, out var b);
            after.TryGetValue(field, out var a);
            if (!string.Equals(b, a, StringComparison.Ordinal))
            {
                changes.Add(new AuditChange(field, b, a));
            }
        }

        return changes;
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                values[""] = document.RootElement.GetRawText();
                return values;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            // An entry written by hand or by an older version still shows, as raw text.
            values[""] = json;
        }

        return values;
    }
}
