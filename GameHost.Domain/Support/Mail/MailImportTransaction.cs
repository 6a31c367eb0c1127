using System.Data.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Support.Mail;

/// <summary>
/// One database transaction for everything one e-mail causes: the ticket or reply the helpdesk's use case writes (with
/// its attachments rows, notifications and SLA clock), the e-mail marks on the message and the import log row keyed by
/// the Message-ID. The use cases open their own short-lived contexts; here every context they open shares the
/// import's connection and transaction, so their saves become part of one commit. Nothing is visible to anyone until
/// that commit, and a failure anywhere before it leaves no row behind (the attachment files written for it are
/// deleted), so the message can stay in the inbox and be imported again.
/// </summary>
/// <remarks>
/// Open ticket pages and the staff queue are told about the change only after the commit (<see cref="PublishCommitted"/>):
/// the use cases' own ticket signals go right after their save, which then reads nothing new and does no harm. Bells
/// need nothing here: the notifier holds their signals until this transaction commits (<see cref="SignalsOnCommit"/>).
/// </remarks>
internal sealed class MailImportTransaction : IDbContextFactory<GameHostDbContext>, IAsyncDisposable
{
    /// <summary>The desk's constructor, resolved once per process instead of once per message.</summary>
    private static readonly ObjectFactory DeskFactory = ActivatorUtilities.CreateFactory(typeof(TicketDesk), [typeof(IDbContextFactory<GameHostDbContext>)]);

    private readonly IDbContextFactory<GameHostDbContext> _inner;
    private readonly DbConnection _connection;
    private readonly IDbContextTransaction _transaction;
    private readonly HashSet<Guid> _tickets = [];
    private readonly List<string> _storedFiles = [];
    private bool _committed;

    private MailImportTransaction(IDbContextFactory<GameHostDbContext> inner, GameHostDbContext owner, IDbContextTransaction transaction)
    {
        _inner = inner;
        _connection = owner.Database.GetDbConnection();
        _transaction = transaction;
    }

    /// <summary>Starts the transaction on <paramref name="owner"/>, the import's own context.</summary>
    public static async Task<MailImportTransaction> BeginAsync(
        IDbContextFactory<GameHostDbContext> inner, GameHostDbContext owner, CancellationToken cancellationToken)
    {
        var transaction = await owner.Database.BeginTransactionAsync(cancellationToken);
        var scope = new MailImportTransaction(inner, owner, transaction);
        scope.Watch(owner);
        return scope;
    }

    /// <summary>The helpdesk's use cases, built as the host builds them but saving into this transaction.</summary>
    public TicketDesk DeskFrom(IServiceProvider services) => (TicketDesk)DeskFactory(services, [this]);

    public GameHostDbContext CreateDbContext()
    {
        var db = _inner.CreateDbContext();
        db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
        db.Database.UseTransaction(_transaction.GetDbTransaction());
        Watch(db);
        return db;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    /// <summary>Tells open ticket pages and the staff queue what the committed transaction changed.</summary>
    public void PublishCommitted(TicketSignals tickets)
    {
        if (!_committed)
        {
            return;
        }

        foreach (var ticket in _tickets)
        {
            tickets.Publish(ticket);
        }
    }

    /// <summary>Rolls back unless committed, and deletes the attachment files written for rows that never committed.</summary>
    public async Task AbandonAsync(AttachmentStore store)
    {
        if (_committed)
        {
            return;
        }

        try
        {
            await _transaction.RollbackAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // The connection may be gone already; nothing was committed either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        foreach (var name in _storedFiles)
        {
            store.Delete(name);
        }

        _storedFiles.Clear();
    }

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();

    private void Watch(GameHostDbContext db) => db.SavingChanges += (sender, _) =>
    {
        var tracker = ((GameHostDbContext)sender!).ChangeTracker;
        foreach (var entry in tracker.Entries<TicketMessage>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            _tickets.Add(entry.Entity.TicketId);
        }

        foreach (var entry in tracker.Entries<Ticket>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            _tickets.Add(entry.Entity.Id);
        }

        foreach (var entry in tracker.Entries<TicketAttachment>().Where(e => e.State == EntityState.Added))
        {
            _storedFiles.Add(entry.Entity.StoredName);
        }
    };
}
