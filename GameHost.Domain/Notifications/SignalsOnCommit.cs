using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Domain.Notifications;

/// <summary>
/// Holds the bell signals of notifications saved inside an explicit transaction (<c>BeginTransaction</c>) until that
/// transaction commits, and forgets them when it rolls back. A save inside a transaction is not yet visible to the
/// bell's own context, so a signal sent on the save would make the bell re-read the old count and nothing would tell
/// it again once the rows are really there. The store adds this interceptor to every context it hands out
/// (<see cref="NotificationsRegistration"/>), so every use case, sweep and job that wraps its saves in a transaction
/// is covered without doing anything itself.
/// </summary>
/// <remarks>
/// Transactions are watched from the moment this interceptor sees them start, keyed by the connection's transaction
/// object: a context that joins it (<c>UseTransaction</c>, as the mail import's use cases do) holds its signals on
/// the same entry, and the commit of the context that started it releases them all. A transaction this interceptor
/// did not see start (a context built without it, or one handed a raw transaction) is unknown here, and
/// <see cref="Notifier"/> then signals on the save as it always did. The table is weak, so a transaction that is
/// dropped without a commit takes its held signals with it.
/// </remarks>
public sealed class SignalsOnCommit : DbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, Held> Watched = new();

    /// <summary>
    /// Holds <paramref name="users"/>' signals on <paramref name="transaction"/> until it commits; false when the
    /// transaction is not watched (the caller then signals at once).
    /// </summary>
    internal static bool TryHold(DbTransaction transaction, NotificationSignals signals, IReadOnlyCollection<Guid> users)
    {
        if (!Watched.TryGetValue(transaction, out var held))
        {
            return false;
        }

        held.Add(signals, users);
        return true;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Watch(result);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Watch(result);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Watched.Remove(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Watched.Remove(transaction);
        return Task.CompletedTask;
    }

    private static void Watch(DbTransaction transaction) => Watched.GetValue(transaction, _ => new Held());

    private static void Release(DbTransaction transaction)
    {
        if (Watched.TryGetValue(transaction, out var held))
        {
            Watched.Remove(transaction);
            held.Publish();
        }
    }

    private sealed class Held
    {
        private readonly HashSet<(NotificationSignals Signals, Guid User)> _users = [];

        public void Add(NotificationSignals signals, IReadOnlyCollection<Guid> users)
        {
            lock (_users)
            {
                foreach (var user in users)
                {
                    _users.Add((signals, user));
                }
            }
        }

        public void Publish()
        {
            List<(NotificationSignals Signals, Guid User)> users;
            lock (_users)
            {
                users = [.. _users];
                _users.Clear();
            }

            foreach (var (signals, user) in users)
            {
                signals.Publish(user);
            }
        }
    }
}
