using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Bench.TicketQueue;

/// <summary>
/// Contexts on the benchmark's database file that, while <see cref="Capture"/> is on, remember the statements they send
/// with their parameters, so <see cref="Explain"/> can print SQLite's plan for each (EXPLAIN QUERY PLAN).
/// </summary>
internal sealed class QueryPlans(string path) : DbCommandInterceptor, IDbContextFactory<GameHostDbContext>
{
    private readonly SqlitePragmaInterceptor _pragmas = new();
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();
    private readonly List<(string Sql, List<(string Name, object? Value)> Parameters)> _captured = [];

    public bool Capture { get; set; }

    public GameHostDbContext CreateDbContext() => new(new DbContextOptionsBuilder<GameHostDbContext>()
        .UseSqlite(_connectionString)
        .AddInterceptors(_pragmas, this)
        .Options);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Remember(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Remember(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>The plan of every captured statement (its first line of SQL, then the plan's rows); clears the capture.</summary>
    public IEnumerable<string> Explain()
    {
        var lines = new List<string>();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        foreach (var (sql, parameters) in _captured)
        {
            var text = string.Join(' ', sql.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            lines.Add("SQL: " + (text.Length > 160 ? text[..160] + "…" : text));
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            using (var reader = explain.ExecuteReader())
            {
                while (reader.Read())
                {
                    lines.Add("  " + reader.GetString(3));
                }
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  alone: {TimeAlone(connection, sql, parameters):F2} ms per run"));
        }

        _captured.Clear();
        return lines;
    }

    /// <summary>The statement on its own, every row read, averaged over a few runs after a warm-up.</summary>
    private static double TimeAlone(SqliteConnection connection, string sql, List<(string Name, object? Value)> parameters)
    {
        const int runs = 5;
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var watch = new Stopwatch();
        for (var i = 0; i <= runs; i++)
        {
            if (i == 1)
            {
                watch.Start();
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        }

        return watch.Elapsed.TotalMilliseconds / runs;
    }

    private void Remember(DbCommand command)
    {
        if (Capture)
        {
            _captured.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
        }
    }
}
