using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>How the webhook inbox writes acknowledged events (configuration section <c>Payments:Inbox</c>).</summary>
public sealed class GatewayInboxOptions
{
    public const string Section = "Payments:Inbox";

    /// <summary>Verified events waiting for the writer; past this the endpoint answers 503 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 2048;

    /// <summary>Bytes of event bodies waiting for the writer; past this the endpoint answers 503 with Retry-After.</summary>
    public long QueueBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>At most this many events are written in one transaction.</summary>
    public int MaxGroup { get; set; } = 256;

    /// <summary>What the gateway is told to wait before retrying when the queue is full or a write failed.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}

/// <summary>One verified event on its way into the inbox, and the answer its request is waiting for.</summary>
public sealed class PendingInboxEvent(GatewayEvent row)
{
    private readonly TaskCompletionSource<InboxWrite> _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatewayEvent Row { get; } = row;

    /// <summary>Completes after the event's group committed, or fails when it did not.</summary>
    public Task<InboxWrite> Written => _written.Task;

    internal void Complete(InboxWrite write) => _written.TrySetResult(write);

    internal void Fail(Exception exception) => _written.TrySetException(exception);
}

/// <summary>What the writer did with an event: the inbox row's id and whether that row was there already.</summary>
public readonly record struct InboxWrite(Guid EventId, bool Duplicate);

/// <summary>Why an event was not taken: the queue is full (back-pressure) or the writer has stopped.</summary>
public enum InboxRefusal
{
    None = 0,
    QueueFull = 1,
    Stopped = 2,
}

/// <summary>
/// The single writer of the gateway event inbox. Webhook requests hand it their verified event and wait; it takes every
/// event waiting (up to <see cref="GatewayInboxOptions.MaxGroup"/>), inserts them in one transaction with one prepared
/// statement (<c>ON CONFLICT DO NOTHING</c> on the unique account + event id index, so a redelivery — even two copies
/// in the same group — is stored once), commits, and only then completes each request. A group that fails is tried
/// once more, one event per transaction; an event that fails again fails its request (the endpoint answers 5xx, the
/// gateway retries), so nothing is acknowledged that was not committed. The queue is bounded by count and bytes: past either, events are refused
/// at once (503 with Retry-After) instead of growing memory.
/// </summary>
public sealed class GatewayInboxWriter : IDisposable, IAsyncDisposable
{
    /// <summary>After the last event arrived the writer counts as busy this long, so the inbox processor does not grab
    /// the database between two requests of a burst.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(20);

    private readonly IServiceScopeFactory _scopes;
    private readonly GatewayEventSignal _signal;
    private readonly ILogger<GatewayInboxWriter> _logger;
    private readonly GatewayInboxOptions _options;
    private readonly Channel<PendingInboxEvent> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private Task? _loop;
    private long _queuedBytes;
    private int _queued;
    private int _writing;
    private long _lastArrival;
    private long _groups;
    private long _stored;
    private long _duplicates;

    public GatewayInboxWriter(IServiceScopeFactory scopes, GatewayEventSignal signal, IOptions<GatewayInboxOptions> options, ILogger<GatewayInboxWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _signal = signal;
        _logger = logger;
        _options = options.Value;
        _queue = Channel.CreateBounded<PendingInboxEvent>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // The only continuation on this channel is the writer's wait for events: the request that queues an event
            // wakes the writer's thread itself. Otherwise the wake-up is a thread-pool work item, queued behind every
            // request of a burst, while the writer sits idle with events waiting (seen as 10–25 ms gaps between
            // groups, decision 0040). Producers only TryWrite, so no producer continuation ever runs inline.
            AllowSynchronousContinuations = true,
        });
    }

    public GatewayInboxOptions Options => _options;

    /// <summary>Events waiting for the writer now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>True while a group is being written (taken from the queue, not yet committed or failed).</summary>
    public bool IsWriting => Volatile.Read(ref _writing) > 0;

    /// <summary>True while events wait, a group is being written, or an event arrived within <see cref="Settle"/>.</summary>
    public bool IsBusy => Volatile.Read(ref _queued) > 0 || Volatile.Read(ref _writing) > 0
        || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastArrival)) < Settle;

    /// <summary>Groups committed, new rows stored and redeliveries found already stored, since start.</summary>
    public (long Groups, long Stored, long Duplicates) Totals => (Interlocked.Read(ref _groups), Interlocked.Read(ref _stored), Interlocked.Read(ref _duplicates));

    /// <summary>Hands an event to the writer; on refusal the caller answers 503 and the gateway retries.</summary>
    public InboxRefusal TrySubmit(PendingInboxEvent pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        EnsureStarted();
        if (_stopping.IsCancellationRequested)
        {
            return InboxRefusal.Stopped;
        }

        var bytes = pending.Row.Body.LongLength;
        var waiting = Interlocked.Add(ref _queuedBytes, bytes);
        if (waiting > _options.QueueBytes && waiting != bytes)
        {
            // Over the byte bound (a single event alone is always let through: the endpoint already capped its size).
            Interlocked.Add(ref _queuedBytes, -bytes);
            return InboxRefusal.QueueFull;
        }

        Interlocked.Increment(ref _queued);
        Interlocked.Exchange(ref _lastArrival, Stopwatch.GetTimestamp());
        if (_queue.Writer.TryWrite(pending))
        {
            return InboxRefusal.None;
        }

        Interlocked.Decrement(ref _queued);
        Interlocked.Add(ref _queuedBytes, -bytes);
        return _stopping.IsCancellationRequested ? InboxRefusal.Stopped : InboxRefusal.QueueFull;
    }

    /// <summary>
    /// Waits while acknowledgements are being written, at most <paramref name="atMost"/>, so a burst of webhooks is
    /// answered before stored events are processed. Real time, not business time: it is about sharing the machine.
    /// </summary>
    public async Task YieldAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (IsBusy && Stopwatch.GetElapsedTime(started) < atMost)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
    }

    /// <summary>Starts the writer's loop if it is not running (the first submitted event starts it too).</summary>
    public void EnsureStarted()
    {
        if (_loop is not null || _stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_startLock)
        {
            if (_loop is null && !_stopping.IsCancellationRequested)
            {
                // The loop outlives the request that started it: it must not carry that request's context along.
                // It runs on a thread of its own, not the thread pool: under a burst the pool's queue holds hundreds of
                // requests, and a writer woken through that queue only got to the next group after the requests queued
                // before it, while every one of them was waiting for that group. SQLite's calls are synchronous anyway,
                // so the thread simply blocks between groups.
                using (ExecutionContext.SuppressFlow())
                {
                    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var thread = new Thread(() =>
                    {
                        try
                        {
                            Run();
                            done.TrySetResult();
                        }
                        catch (Exception exception)
                        {
                            done.TrySetException(exception);
                        }
                    })
                    {
                        IsBackground = true,
                        Name = "Gateway inbox writer",
                    };
                    _loop = done.Task;
                    thread.Start();
                }
            }
        }
    }

    /// <summary>Stops taking events and writes the ones already queued before returning.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        finally
        {
            CloseSessionAsync().GetAwaiter().GetResult();
        }
    }

    private void Loop()
    {
        var maxGroup = Math.Max(1, _options.MaxGroup);
        var group = new List<PendingInboxEvent>(maxGroup);
        // Stopping completes the queue: the loop still writes what is in it, then WaitToReadAsync answers false.
        while (WaitForEvents())
        {
            group.Clear();
            Interlocked.Exchange(ref _writing, 1);
            while (group.Count < maxGroup && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
                Interlocked.Decrement(ref _queued);
                Interlocked.Add(ref _queuedBytes, -next.Row.Body.LongLength);
            }

            try
            {
                WriteWithOneRetryAsync(group).GetAwaiter().GetResult();
            }
            finally
            {
                Interlocked.Exchange(ref _writing, 0);
            }
        }
    }

    /// <summary>Blocks the writer's thread until events wait (true) or the queue is completed and empty (false).</summary>
    private bool WaitForEvents()
    {
        var wait = _queue.Reader.WaitToReadAsync(CancellationToken.None);
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private async Task WriteWithOneRetryAsync(List<PendingInboxEvent> group)
    {
        // Writes are not cancelled by the requests: once taken, a group commits or fails as a whole.
        try
        {
            Completed(group, await WriteGroupAsync(group, CancellationToken.None));
            return;
        }
        catch (Exception exception) when (group.Count > 1)
        {
            _logger.LogWarning(exception, "Writing a group of {Count} webhook events to the inbox failed; trying each on its own", group.Count);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Writing a webhook event to the inbox failed; trying once more");
        }

        // The retry, one event per transaction: a transient failure passes, and one bad row fails only its own request.
        foreach (var pending in group)
        {
            List<PendingInboxEvent> single = [pending];
            try
            {
                Completed(single, await WriteGroupAsync(single, CancellationToken.None));
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Webhook event {EventId} from {Gateway} could not be stored; the gateway is told to retry", pending.Row.EventId, pending.Row.GatewayCode);
                pending.Fail(exception);
            }
        }
    }

    private void Completed(List<PendingInboxEvent> group, InboxWrite[] writes)
    {
        Interlocked.Increment(ref _groups);
        for (var i = 0; i < group.Count; i++)
        {
            Interlocked.Increment(ref writes[i].Duplicate ? ref _duplicates : ref _stored);
            group[i].Complete(writes[i]);
        }

        if (writes.Any(w => !w.Duplicate))
        {
            _signal.Notify();
        }
    }

    /// <summary>One transaction, one prepared INSERT rebound per row (on SQLite bound straight on the connection's
    /// handle, see <see cref="SqliteInboxInsert"/>); a second prepared SELECT finds the row a redelivery collided with.
    /// The context, its open connection and both prepared statements are kept from group to group (a group costs
    /// BEGIN, one step per row and COMMIT); after a failure they are dropped and built afresh.</summary>
    private async Task<InboxWrite[]> WriteGroupAsync(List<PendingInboxEvent> group, CancellationToken cancellationToken)
    {
        var session = _session ??= await WriterSession.OpenAsync(_scopes, cancellationToken);
        try
        {
            await using var transaction = await session.Db.Database.BeginTransactionAsync(cancellationToken);
            var dbTransaction = transaction.GetDbTransaction();
            session.Find.Transaction = dbTransaction;
            var writes = new InboxWrite[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                var row = group[i].Row;
                if (await session.InsertAsync(row, dbTransaction, cancellationToken))
                {
                    writes[i] = new InboxWrite(row.Id, false);
                    continue;
                }

                session.Statement.BindKey(session.Find, row);
                var existing = await session.Find.ExecuteScalarAsync(cancellationToken);
                writes[i] = new InboxWrite(session.Statement.ReadId(existing), true);
            }

            await transaction.CommitAsync(cancellationToken);
            return writes;
        }
        catch
        {
            // The transaction rolled back when it was disposed; the connection may be in any state: start over.
            await CloseSessionAsync();
            throw;
        }
    }

    private WriterSession? _session;

    private async Task CloseSessionAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _queue.Writer.TryComplete();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop's own failures were logged per group.
        }

        // The token source is deliberately not disposed: it holds no timer or registration, and the host may still
        // call StopAsync after the container disposed this singleton (seen when a test host shuts down), where
        // cancelling a disposed source would throw.
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        if (_loop is { } loop)
        {
            try
            {
                await loop.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Whatever was still queued was never acknowledged; the gateways retry it.
            }
        }

        // The token source is deliberately not disposed: it holds no timer or registration, and the host may still
        // call StopAsync after the container disposed this singleton (seen when a test host shuts down), where
        // cancelling a disposed source would throw.
    }
}

/// <summary>The writer's context, its open connection and the two prepared commands, kept between groups.</summary>
internal sealed class WriterSession : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly SqliteInboxInsert? _sqliteInsert;
    private readonly DbCommand? _insert;

    // SQLite's auto-checkpoint threshold this connection had before the writer turned it off, given back on close.
    private readonly long? _autoCheckpoint;

    private WriterSession(
        AsyncServiceScope scope, GameHostDbContext db, InboxInsert statement, SqliteInboxInsert? sqliteInsert, DbCommand? insert, DbCommand find, long? autoCheckpoint)
    {
        _scope = scope;
        _autoCheckpoint = autoCheckpoint;
        Db = db;
        Statement = statement;
        _sqliteInsert = sqliteInsert;
        _insert = insert;
        Find = find;
    }

    public GameHostDbContext Db { get; }

    public InboxInsert Statement { get; }

    public DbCommand Find { get; }

    public static async Task<WriterSession> OpenAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        GameHostDbContext? db = null;
        SqliteInboxInsert? sqliteInsert = null;
        try
        {
            var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<GameHostDbContext>>();
            db = await contexts.CreateDbContextAsync(cancellationToken);
            var statement = InboxInsert.For(db);
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            sqliteInsert = statement.TryPrepareSqlite(connection);
            var autoCheckpoint = sqliteInsert is null ? null : await PragmaAsync(connection, "PRAGMA wal_autocheckpoint;", cancellationToken);
            if (autoCheckpoint is not null)
            {
                // This connection never checkpoints the write-ahead log itself. A commit that crosses SQLite's
                // threshold (1,000 pages) copies the log into the database and syncs both before it returns, and every
                // webhook of the group waits for that; a burst crossed it at a random point and its tail waited on the
                // disk with both cores idle. The other connections (the inbox processor commits right after every
                // burst) keep their default and checkpoint instead (decision 0039).
                await PragmaAsync(connection, "PRAGMA wal_autocheckpoint=0;", cancellationToken);
            }

            DbCommand? insert = null;
            if (sqliteInsert is null)
            {
                insert = statement.CreateInsert(connection);
                await insert.PrepareAsync(cancellationToken);
            }

            var find = statement.CreateFind(connection);
            await find.PrepareAsync(cancellationToken);
            return new WriterSession(scope, db, statement, sqliteInsert, insert, find, autoCheckpoint);
        }
        catch
        {
            sqliteInsert?.Dispose();
            if (db is not null)
            {
                await db.DisposeAsync();
            }

            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>Inserts the row in <paramref name="transaction"/>: true when stored, false when it was there already.</summary>
    public async ValueTask<bool> InsertAsync(GatewayEvent row, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (_sqliteInsert is not null)
        {
            // The SQLite statement runs on the connection's handle, inside the transaction BEGIN opened on it.
            return _sqliteInsert.Insert(row);
        }

        var insert = _insert!;
        insert.Transaction = transaction;
        Statement.Bind(insert, row);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<long?> PragmaAsync(DbConnection connection, string pragma, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        return await command.ExecuteScalarAsync(cancellationToken) is long value ? value : null;
    }

    public async ValueTask DisposeAsync()
    {
        // The raw statement is finalized before its connection closes.
        _sqliteInsert?.Dispose();
        if (_autoCheckpoint is { } pages)
        {
            try
            {
                // The connection goes back to the pool: whoever takes it next checkpoints as usual.
                await PragmaAsync(Db.Database.GetDbConnection(), $"PRAGMA wal_autocheckpoint={pages};", CancellationToken.None);
            }
            catch (DbException)
            {
                // Not given back: the pool must not hand this connection out without its checkpoints.
                if (Db.Database.GetDbConnection() is SqliteConnection sqlite)
                {
                    SqliteConnection.ClearPool(sqlite);
                }
            }
        }

        if (_insert is not null)
        {
            await _insert.DisposeAsync();
        }

        await Find.DisposeAsync();
        await Db.Database.CloseConnectionAsync();
        await Db.DisposeAsync();
        await _scope.DisposeAsync();
    }
}

/// <summary>
/// The inbox's INSERT … ON CONFLICT DO NOTHING, built from the EF model (table, columns, and each column's type
/// mapping and value converter), so rows written here are exactly what EF would have written and read back.
/// The SQL is standard enough for SQLite and PostgreSQL alike.
/// </summary>
internal sealed class InboxInsert
{
    private static InboxInsert? _cached;

    private readonly (IProperty Property, RelationalTypeMapping Mapping)[] _columns;
    private readonly Func<GatewayEvent, object?>[] _getters;
    private readonly RelationalTypeMapping _idMapping;
    private readonly RelationalTypeMapping _accountMapping;
    private readonly RelationalTypeMapping _eventIdMapping;
    private readonly string _insertSql;
    private readonly string _findSql;

    private InboxInsert(IModel model, ISqlGenerationHelper sql)
    {
        var entity = model.FindEntityType(typeof(GatewayEvent)) ?? throw new InvalidOperationException("GatewayEvent is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _columns = [.. entity.GetProperties().Select(p => (p, (RelationalTypeMapping)p.GetTypeMapping()))];
        if (_columns.Any(c => c.Property.PropertyInfo is null))
        {
            throw new InvalidOperationException("Every GatewayEvent column must be a CLR property for the inbox writer to bind it.");
        }

        // Each column's value read by a compiled getter, not by reflection on every row.
        _getters = [.. _columns.Select(c => Getter(c.Property.PropertyInfo!))];
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        var account = entity.FindProperty(nameof(GatewayEvent.GatewayAccountId))!;
        var eventId = entity.FindProperty(nameof(GatewayEvent.EventId))!;
        var id = entity.FindProperty(nameof(GatewayEvent.Id))!;
        _idMapping = (RelationalTypeMapping)id.GetTypeMapping();
        _accountMapping = (RelationalTypeMapping)account.GetTypeMapping();
        _eventIdMapping = (RelationalTypeMapping)eventId.GetTypeMapping();
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        _insertSql = $"INSERT INTO {tableName} ({string.Join(", ", _columns.Select(c => Column(c.Property)))}) "
            + $"VALUES ({string.Join(", ", _columns.Select((_, i) => $"@p{i}"))}) "
            + $"ON CONFLICT ({Column(account)}, {Column(eventId)}) DO NOTHING";
        _findSql = $"SELECT {Column(id)} FROM {tableName} WHERE {Column(account)} = @account AND {Column(eventId)} = @event";
    }

    public static InboxInsert For(DbContext db)
    {
        var model = db.Model;
        var cached = _cached;
        if (cached is not null && ReferenceEquals(cached.Model, model))
        {
            return cached;
        }

        cached = new InboxInsert(model, db.GetService<ISqlGenerationHelper>()) { Model = model };
        _cached = cached;
        return cached;
    }

    private IModel? Model { get; init; }

    private static Func<GatewayEvent, object?> Getter(System.Reflection.PropertyInfo property)
    {
        var row = System.Linq.Expressions.Expression.Parameter(typeof(GatewayEvent), "row");
        var value = System.Linq.Expressions.Expression.Convert(System.Linq.Expressions.Expression.Property(row, property), typeof(object));
        return System.Linq.Expressions.Expression.Lambda<Func<GatewayEvent, object?>>(value, row).Compile();
    }

    public DbCommand CreateInsert(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = _insertSql;
        for (var i = 0; i < _columns.Length; i++)
        {
            var (property, mapping) = _columns[i];
            command.Parameters.Add(mapping.CreateParameter(command, $"@p{i}", null, property.IsNullable));
        }

        return command;
    }

    /// <summary>On SQLite, the INSERT prepared on the connection's own handle (see <see cref="SqliteInboxInsert"/>);
    /// null on other providers, or when a column's provider type is one it does not bind.</summary>
    public SqliteInboxInsert? TryPrepareSqlite(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite
            || !SqliteInboxInsert.Binds(_columns.Select(c => c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType)))
        {
            return null;
        }

        var values = new Func<GatewayEvent, object?>[_columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var (mapping, getter) = (_columns[i].Mapping, _getters[i]);
            values[i] = row => ToProvider(mapping, getter(row));
        }

        return SqliteInboxInsert.Prepare(sqlite, _insertSql, values);
    }

    public DbCommand CreateFind(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = _findSql;
        command.Parameters.Add(_accountMapping.CreateParameter(command, "@account", null, false));
        command.Parameters.Add(_eventIdMapping.CreateParameter(command, "@event", null, false));
        return command;
    }

    public void Bind(DbCommand insert, GatewayEvent row)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            insert.Parameters[i].Value = ToProvider(_columns[i].Mapping, _getters[i](row));
        }
    }

    public void BindKey(DbCommand find, GatewayEvent row)
    {
        find.Parameters[0].Value = ToProvider(_accountMapping, row.GatewayAccountId);
        find.Parameters[1].Value = ToProvider(_eventIdMapping, row.EventId);
    }

    public Guid ReadId(object? value) => value switch
    {
        null or DBNull => throw new InvalidOperationException("A redelivered event's stored row was not found."),
        _ when _idMapping.Converter is { } converter => (Guid)converter.ConvertFromProvider(value)!,
        Guid guid => guid,
        string text => Guid.Parse(text),
        byte[] bytes => new Guid(bytes),
        _ => throw new InvalidOperationException($"Unexpected id value of type {value.GetType().Name}."),
    };

    private static object ToProvider(RelationalTypeMapping mapping, object? value) =>
        value is null ? DBNull.Value : mapping.Converter is { } converter ? converter.ConvertToProvider(value) ?? DBNull.Value : value;
}
