using System.Data.Common;
using System.Diagnostics;
using System.Text;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace GameHost.Domain.Billing.Renewals;

/// <summary>
/// Writes many rows of mapped entities with a few multi-row statements on the context's connection and transaction,
/// instead of one command per row through the change tracker. Everything about a column — its name, its table, its
/// value converter and its parameter type — comes from the context's model, so the rows are exactly those a save
/// would write, on SQLite and PostgreSQL alike (plain <c>INSERT … VALUES (…), (…)</c> and
/// <c>UPDATE … FROM (VALUES …)</c>, identifiers quoted by the provider).
/// <para>
/// Every statement shape — a table, the columns written and the number of rows — gets one prepared command the first
/// time it is needed, and every later statement of that shape only sets its parameters' values and runs it again: the
/// statement text is built and compiled once per shape, not once per statement (a batch of 1,000 renewals runs a few
/// hundred statements of about ten shapes). The commands run on the context's connection and transaction and go
/// through the context's command diagnostics, so command interceptors (profiling, tests) see every execution as they
/// see a save's.
/// </para>
/// <para>
/// Updates are guarded like a save's: each row carries the concurrency token it was read with, and when fewer rows
/// match than were sent, a <see cref="DbUpdateConcurrencyException"/> is thrown, so the caller's transaction is rolled
/// back and nothing is lost. A failing statement (a unique key already taken) is thrown as a
/// <see cref="DbUpdateException"/> around the provider's error, as a save reports it.
/// </para>
/// </summary>
internal sealed class BulkRows : IDisposable
{
    /// <summary>
    /// Parameters per statement. SQLite finds a named parameter by a linear scan when it parses the statement and again
    /// when each value is bound, so a statement's cost grows with the square of its parameters, while every statement
    /// also has a fixed cost (execution, interceptors). Measured with the renewals benchmark at 10,000 services before
    /// commands were reused: 100 per statement took 7.1 s of CPU, 300 took 8.2 s and 1,000 took 11.9 s.
    /// </summary>
    public const int MaxParametersPerStatement = 100;

    private readonly GameHostDbContext _db;
    private readonly ISqlGenerationHelper _sql;
    private readonly IRelationalConnection _connection;
    private readonly IRelationalCommandDiagnosticsLogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<(object Shape, int Rows), Statement> _statements = [];
    private readonly Dictionary<IEntityType, InsertPlan> _inserts = [];
    private readonly Dictionary<(IEntityType Type, string Columns), UpdatePlan> _updates = [];

    public BulkRows(GameHostDbContext db, TimeProvider time)
    {
        _db = db;
        _time = time;
        _sql = db.GetService<ISqlGenerationHelper>();
        _connection = db.GetService<IRelationalConnection>();
        _logger = db.GetService<IRelationalCommandDiagnosticsLogger>();
    }

    /// <summary>Statements compiled so far (one per shape).</summary>
    public int Prepared => _statements.Count;

    /// <summary>Statements run so far.</summary>
    public int Executed { get; private set; }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Command.Dispose();
        }

        _statements.Clear();
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);

    /// <summary>A prepared command and its parameters in the order of the statement's placeholders.</summary>
    private sealed record Statement(DbCommand Command, DbParameter[] Parameters);

    /// <summary>What an insert into one table writes; compared by reference, as the key of its prepared statements.</summary>
    private sealed class InsertPlan(string table, List<Column> columns, string head)
    {
        public string Table => table;

        public List<Column> Columns => columns;

        public string Head => head;
    }

    /// <summary>What an update of some columns of one table writes; compared by reference, as the key of its prepared statements.</summary>
    private sealed class UpdatePlan(string table, string target, Column key, List<Column> set, Column token, string head)
    {
        public string Table => table;

        public string Target => target;

        public Column Key => key;

        public List<Column> Set => set;

        public Column Token => token;

        public string Head => head;
    }

    /// <summary>Inserts <paramref name="rows"/> (not tracked) as they are; store-generated keys are left to the store.</summary>
    public Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class =>
        InsertAsync(EntityType(typeof(T)), rows, static (row, property) => Value(row, property), cancellationToken);

    /// <summary>
    /// Inserts every entity the change tracker holds as added (parents before the rows that refer to them), then marks
    /// them unchanged, as a save does: for rows others add to the context (notifications raised for a batch).
    /// </summary>
    public async Task InsertAddedAsync(CancellationToken cancellationToken)
    {
        var added = _db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var byType = added.GroupBy(e => e.Metadata).ToDictionary(g => g.Key, g => g.ToList());
        if (byType.Keys.FirstOrDefault(t => t.GetProperties().Any(IsStoreGeneratedKey)) is { } numbered)
        {
            throw new NotSupportedException($"{numbered.DisplayName()} rows are numbered by the store; save them through the change tracker.");
        }

        foreach (var type in ParentsFirst(byType.Keys))
        {
            var entries = byType[type];
            await InsertAsync(type, entries, static (entry, property) => property.IsShadowProperty()
                ? entry.Property(property.Name).CurrentValue
                : Value(entry.Entity, property), cancellationToken);
        }

        foreach (var entry in added)
        {
            entry.State = EntityState.Unchanged;
        }
    }

    /// <summary>
    /// Updates the named columns of <paramref name="rows"/> and moves their concurrency token to the value the entity
    /// now holds, each only where the stored token is still <c>OriginalToken</c>.
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">Another writer changed one of the rows since it was read.</exception>
    public async Task UpdateAsync<T>(IReadOnlyList<(T Row, object OriginalToken)> rows, IReadOnlyList<string> columns, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var plan = UpdatePlanFor(EntityType(typeof(T)), columns);
        // Each VALUES row: key, the new values (token last), the token as read.
        var width = plan.Set.Count + 2;
        var perStatement = Math.Max(1, MaxParametersPerStatement / width);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            var statement = StatementFor(plan, count, () => UpdateText(plan, count), plan.Set.Prepend(plan.Key).Append(plan.Token));
            var parameters = statement.Parameters;
            var p = 0;
            for (var r = start; r < start + count; r++)
            {
                var (row, original) = rows[r];
                parameters[p++].Value = ProviderValue(plan.Key, Value(row, plan.Key.Property));
                foreach (var column in plan.Set)
                {
                    parameters[p++].Value = ProviderValue(column, Value(row, column.Property));
                }

                parameters[p++].Value = ProviderValue(plan.Token, original);
            }

            var changed = await ExecuteAsync(statement, plan.Table, cancellationToken);
            if (changed != count)
            {
                throw new DbUpdateConcurrencyException(
                    $"{count - changed} of {count} rows of {plan.Table} were changed by another writer since they were read.");
            }
        }
    }

    private async Task InsertAsync<TRow>(IEntityType type, IReadOnlyList<TRow> rows, Func<TRow, IProperty, object?> value, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var plan = InsertPlanFor(type);
        var columns = plan.Columns;
        var perStatement = Math.Max(1, MaxParametersPerStatement / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            var statement = StatementFor(plan, count, () => InsertText(plan, count), columns);
            var parameters = statement.Parameters;
            var p = 0;
            for (var r = start; r < start + count; r++)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    parameters[p++].Value = ProviderValue(columns[c], value(rows[r], columns[c].Property));
                }
            }

            var inserted = await ExecuteAsync(statement, plan.Table, cancellationToken);
            if (inserted != count)
            {
                throw new DbUpdateException($"{inserted} of {count} rows were inserted into {plan.Table}.");
            }
        }
    }

    private InsertPlan InsertPlanFor(IEntityType type)
    {
        if (!_inserts.TryGetValue(type, out var plan))
        {
            var table = Table(type);
            var columns = Columns(type, table, includeGeneratedKeys: false);
            var head = new StringBuilder("INSERT INTO ").Append(_sql.DelimitIdentifier(table.Name, table.Schema)).Append(" (")
                .AppendJoin(", ", columns.Select(c => _sql.DelimitIdentifier(c.Name))).Append(") VALUES ").ToString();
            plan = new InsertPlan(table.Name, columns, head);
            _inserts[type] = plan;
        }

        return plan;
    }

    private UpdatePlan UpdatePlanFor(IEntityType type, IReadOnlyList<string> columns)
    {
        var name = string.Join(',', columns);
        if (!_updates.TryGetValue((type, name), out var plan))
        {
            plan = NewUpdatePlan(type, columns);
            _updates[(type, name)] = plan;
        }

        return plan;
    }

    private UpdatePlan NewUpdatePlan(IEntityType type, IReadOnlyList<string> columns)
    {
        var table = Table(type);
        var key = type.FindPrimaryKey()?.Properties is [var single] ? single : throw new NotSupportedException($"{type.DisplayName()} needs a single-column key.");
        var token = type.GetProperties().SingleOrDefault(p => p.IsConcurrencyToken)
            ?? throw new NotSupportedException($"{type.DisplayName()} has no concurrency token.");
        var all = Columns(type, table, includeGeneratedKeys: true);
        var tokenColumn = all.Single(c => c.Property == token);
        var set = columns.Select(name => all.FirstOrDefault(c => c.Name == name)
                ?? throw new ArgumentException($"{table.Name} has no column {name}.", nameof(columns)))
            .Append(tokenColumn).ToList();
        var target = _sql.DelimitIdentifier(table.Name, table.Schema);
        var text = new StringBuilder("UPDATE ").Append(target).Append(" SET ");
        for (var i = 0; i < set.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(_sql.DelimitIdentifier(set[i].Name)).Append(" = ")
                .Append(_sql.DelimitIdentifier("v")).Append('.').Append(_sql.DelimitIdentifier($"column{i + 2}"));
        }

        // The rows go between the head and the tail: UPDATE … SET … FROM (VALUES …) AS v WHERE key = v.column1 AND token = v.columnN.
        text.Append(" FROM (VALUES ");
        return new UpdatePlan(table.Name, target, all.Single(c => c.Property == key), set, tokenColumn, text.ToString());
    }

    private string UpdateText(UpdatePlan plan, int rows)
    {
        var width = plan.Set.Count + 2;
        var target = plan.Target;
        var text = new StringBuilder(plan.Head);
        AppendRows(text, rows, width);
        text.Append(") AS ").Append(_sql.DelimitIdentifier("v"))
            .Append(" WHERE ").Append(target).Append('.').Append(_sql.DelimitIdentifier(plan.Key.Name))
            .Append(" = ").Append(_sql.DelimitIdentifier("v")).Append('.').Append(_sql.DelimitIdentifier("column1"))
            .Append(" AND ").Append(target).Append('.').Append(_sql.DelimitIdentifier(plan.Token.Name))
            .Append(" = ").Append(_sql.DelimitIdentifier("v")).Append('.').Append(_sql.DelimitIdentifier($"column{width}"));
        return text.ToString();
    }

    private string InsertText(InsertPlan plan, int rows)
    {
        var text = new StringBuilder(plan.Head, plan.Head.Length + (rows * plan.Columns.Count * 8));
        AppendRows(text, rows, plan.Columns.Count);
        return text.ToString();
    }

    /// <summary>Appends <c>(@p0, @p1, …), (…)</c>: <paramref name="rows"/> rows of <paramref name="width"/> numbered placeholders.</summary>
    private void AppendRows(StringBuilder text, int rows, int width)
    {
        var p = 0;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < width; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(_sql.GenerateParameterNamePlaceholder(ParameterName(p++)));
            }

            text.Append(')');
        }
    }

    private static string ParameterName(int index) => "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The prepared command of a shape (a plan and a row count), made and prepared the first time: its parameters are
    /// created once, typed by each column's mapping, and only their values change from one statement to the next.
    /// </summary>
    private Statement StatementFor(object plan, int rows, Func<string> text, IEnumerable<Column> rowColumns)
    {
        if (_statements.TryGetValue((plan, rows), out var statement))
        {
            return statement;
        }

        var columns = rowColumns.ToList();
        var command = _connection.DbConnection.CreateCommand();
        command.CommandText = text();
        if (_db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        var parameters = new DbParameter[rows * columns.Count];
        for (var p = 0; p < parameters.Length; p++)
        {
            var column = columns[p % columns.Count];
            // The mapping types the parameter (and its converter turns enums, currencies and instants into stored values).
            parameters[p] = column.Mapping.CreateParameter(command, _sql.GenerateParameterName(ParameterName(p)), null, column.Property.IsNullable);
            command.Parameters.Add(parameters[p]);
        }

        statement = new Statement(command, parameters);
        _statements[(plan, rows)] = statement;
        return statement;
    }

    /// <summary>The value as the column's mapping stores it: converted by its value converter, null as a database null.</summary>
    private static object ProviderValue(Column column, object? value)
    {
        if (value is null)
        {
            return DBNull.Value;
        }

        if (column.Mapping.Converter is { } converter)
        {
            return converter.ConvertToProvider(value) ?? DBNull.Value;
        }

        // As the mapping's own parameters do: an enum stored in an integer column is sent as its number.
        return value is Enum && !column.Mapping.ClrType.IsEnum && Nullable.GetUnderlyingType(column.Mapping.ClrType)?.IsEnum != true
            ? Convert.ChangeType(value, column.Mapping.ClrType, System.Globalization.CultureInfo.InvariantCulture)
            : value;
    }

    private async Task<int> ExecuteAsync(Statement statement, string table, CancellationToken cancellationToken)
    {
        var command = statement.Command;
        // Rows written in pieces are only safe inside the caller's transaction (all of them or none).
        command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows are written in bulk only inside a transaction.");
        var commandId = Guid.NewGuid();
        var startTime = _time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var logged = _logger.ShouldLogCommandExecute(startTime);
        Executed++;
        try
        {
            var interception = logged
                ? await _logger.CommandNonQueryExecutingAsync(
                    _connection, command, command.CommandText, _db, commandId, _connection.ConnectionId, startTime, CommandSource.ExecuteSqlRaw, cancellationToken)
                : default;
            var result = interception.HasResult ? interception.Result : await command.ExecuteNonQueryAsync(cancellationToken);
            return logged
                ? await _logger.CommandNonQueryExecutedAsync(
                    _connection, command, command.CommandText, _db, commandId, _connection.ConnectionId, result, startTime, Stopwatch.GetElapsedTime(started),
                    CommandSource.ExecuteSqlRaw, cancellationToken)
                : result;
        }
        catch (DbException exception)
        {
            if (logged)
            {
                await _logger.CommandErrorAsync(
                    _connection, command, command.CommandText, _db, DbCommandMethod.ExecuteNonQuery, commandId, _connection.ConnectionId, exception, startTime,
                    Stopwatch.GetElapsedTime(started), CommandSource.ExecuteSqlRaw, cancellationToken);
            }

            throw new DbUpdateException($"Writing rows of {table} failed: {exception.Message}", exception);
        }
    }

    private IEntityType EntityType(Type clrType) =>
        _db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not mapped.");

    private static StoreObjectIdentifier Table(IEntityType type) =>
        StoreObjectIdentifier.Table(type.GetTableName() ?? throw new NotSupportedException($"{type.DisplayName()} is not mapped to a table."), type.GetSchema());

    private static List<Column> Columns(IEntityType type, StoreObjectIdentifier table, bool includeGeneratedKeys) =>
        type.GetFlattenedProperties()
            .Where(p => includeGeneratedKeys || !IsStoreGeneratedKey(p))
            .Select(p => new Column(p, p.GetColumnName(table) ?? throw new NotSupportedException($"{p.Name} has no column in {table.Name}."),
                (RelationalTypeMapping)p.GetTypeMapping()))
            .ToList();

    /// <summary>An integer key the database numbers (an autoincrement / identity column): never sent on insert.</summary>
    private static bool IsStoreGeneratedKey(IProperty property) =>
        property.IsPrimaryKey() && property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
        && Nullable.GetUnderlyingType(property.ClrType) is null && (property.ClrType == typeof(long) || property.ClrType == typeof(int));

    private static object? Value(object entity, IProperty property) => property.IsShadowProperty()
        ? throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name} is a shadow property; write it through the change tracker.")
        : property.GetGetter().GetClrValueUsingContainingEntity(entity);

    /// <summary>Orders entity types so that a row's foreign keys point only to tables written before it.</summary>
    private static List<IEntityType> ParentsFirst(IEnumerable<IEntityType> types)
    {
        var pending = types.ToList();
        var ordered = new List<IEntityType>(pending.Count);
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(t => t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || !pending.Contains(fk.PrincipalEntityType)))
                ?? throw new NotSupportedException("The added entities refer to each other in a cycle.");
            ordered.Add(ready);
            pending.Remove(ready);
        }

        return ordered;
    }
}
