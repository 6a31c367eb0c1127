using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GameHost.Domain.Notifications.Triggers;

/// <summary>
/// Raises a catalogue event from the save that makes it true (an invoice issued, a server ready, a payment failed),
/// whichever use case, sweep or staff action wrote the change: the feature says what "happened" looks like on its
/// entity and what to tell whom; this base finds those entries in the save, reads the recipients' languages once,
/// and hands all requests to <see cref="Notifier.NotifyManyAsync"/> — a fixed number of reads per save however many
/// entities it touches. The notifications are written by that same save, so they exist exactly when the change does,
/// and their keys make a repeated save add nothing. Features register their subclass as an
/// <see cref="ISaveChangesInterceptor"/>; the store adds every registered one to its contexts.
/// </summary>
public abstract class NotifyOnSave<TEntity>(Notifier notifier) : SaveChangesInterceptor
    where TEntity : class
{
    /// <summary>Whether this entry, as it is about to be saved, is the event (e.g. newly numbered, newly failed).</summary>
    protected abstract bool Happened(EntityEntry<TEntity> entry);

    /// <summary>Who is told about <paramref name="entity"/>.</summary>
    protected abstract Guid Recipient(TEntity entity);

    /// <summary>The request for <paramref name="entity"/>, its values formatted in the recipient's <paramref name="language"/>.</summary>
    protected abstract NotifyRequest Request(TEntity entity, string language);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is GameHostDbContext db)
        {
            await RaiseAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is GameHostDbContext db)
        {
            // SQLite's ADO.NET provider completes its "async" calls synchronously, so this does not block on I/O.
            RaiseAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    /// <summary>
    /// Raises the event for entities that a bulk writer put in the database beside the change tracker, in the same
    /// transaction (see <see cref="SaveTriggers.RaiseForWrittenAsync"/>): each of them must be the event (e.g. newly
    /// issued). The notifications are added to <paramref name="db"/> for the writer to save with its rows.
    /// </summary>
    public Task RaiseForWrittenAsync(GameHostDbContext db, IReadOnlyList<TEntity> written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(written);
        return RaiseAsync(db, written, cancellationToken);
    }

    /// <summary>
    /// Reads, once per save, what the requests need beyond the entities (e.g. the recipients' balances after the save)
    /// and returns what makes each request; by default they need nothing more: <see cref="Request"/>.
    /// </summary>
    protected virtual Task<Func<TEntity, string, NotifyRequest>> PrepareAsync(
        GameHostDbContext db, IReadOnlyList<TEntity> happened, CancellationToken cancellationToken) =>
        Task.FromResult<Func<TEntity, string, NotifyRequest>>(Request);

    private Task RaiseAsync(GameHostDbContext db, CancellationToken cancellationToken) =>
        RaiseAsync(db, db.ChangeTracker.Entries<TEntity>().Where(Happened).Select(e => e.Entity).ToList(), cancellationToken);

    private async Task RaiseAsync(GameHostDbContext db, IReadOnlyList<TEntity> happened, CancellationToken cancellationToken)
    {
        if (happened.Count == 0)
        {
            return;
        }

        var userIds = happened.Select(Recipient).Distinct().ToList();
        var languages = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.PreferredLanguage })
            .ToDictionaryAsync(u => u.Id, u => u.PreferredLanguage, cancellationToken);
        var request = await PrepareAsync(db, happened, cancellationToken);
        var requests = happened
            .Where(e => languages.ContainsKey(Recipient(e)))
            .Select(e => request(e, languages[Recipient(e)]))
            .ToList();
        await notifier.NotifyManyAsync(db, requests, cancellationToken);
    }
}

/// <summary>The save triggers a context carries, for writers that put rows in the database without a save.</summary>
public static class SaveTriggers
{
    /// <summary>
    /// Raises every <see cref="NotifyOnSave{TEntity}"/> registered on <paramref name="db"/> for rows written beside its
    /// change tracker (multi-row statements in the same transaction), exactly as a save of those rows would have: the
    /// same triggers, requests and keys. A context without triggers (a tool, a unit test) raises nothing, as its saves do.
    /// </summary>
    public static async Task RaiseForWrittenAsync<TEntity>(GameHostDbContext db, IReadOnlyList<TEntity> written, CancellationToken cancellationToken)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(written);
        if (written.Count == 0)
        {
            return;
        }

        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        foreach (var trigger in interceptors.OfType<NotifyOnSave<TEntity>>())
        {
            await trigger.RaiseForWrittenAsync(db, written, cancellationToken);
        }
    }
}
