using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

    private async Task RaiseAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        var happened = db.ChangeTracker.Entries<TEntity>().Where(Happened).Select(e => e.Entity).ToList();
        if (happened.Count == 0)
        {
            return;
        }

        var userIds = happened.Select(Recipient).Distinct().ToList();
        var languages = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.PreferredLanguage })
            .ToDictionaryAsync(u => u.Id, u => u.PreferredLanguage, cancellationToken);
        var requests = happened
            .Where(e => languages.ContainsKey(Recipient(e)))
            .Select(e => Request(e, languages[Recipient(e)]))
            .ToList();
        await notifier.NotifyManyAsync(db, requests, cancellationToken);
    }
}
