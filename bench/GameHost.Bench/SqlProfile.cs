using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Bench;

/// <summary>
/// Counts the SQL a run sends, grouped by statement shape (parameter names and literal lists folded), with the time
/// spent in each: the slowest shapes and how often they run show where a run's time goes as data grows.
/// </summary>
public sealed partial class SqlProfile : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<string, Shape> _shapes = new();
    private readonly ConcurrentDictionary<DbCommand, long> _started = new();

    public bool Enabled { get; set; }

    public void Reset() => _shapes.Clear();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Stop(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Start(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Stop(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Start(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Stop(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>The shapes that took the most time, as lines ready to print.</summary>
    public IEnumerable<string> Top(int count) => _shapes
        .OrderByDescending(s => s.Value.Ticks)
        .Take(count)
        .Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Value.Count,8} x {Stopwatch.GetElapsedTime(0, s.Value.Ticks).TotalMilliseconds,10:F0} ms  {Shorten(s.Key)}"));

    private void Start(DbCommand command)
    {
        if (Enabled)
        {
            _started[command] = Stopwatch.GetTimestamp();
        }
    }

    private void Stop(DbCommand command)
    {
        if (!Enabled || !_started.TryRemove(command, out var started))
        {
            return;
        }

        // A reader's time here is to the first row; good enough to rank statements.
        var elapsed = Stopwatch.GetTimestamp() - started;
        var shape = _shapes.GetOrAdd(Normalize(command.CommandText), _ => new Shape());
        Interlocked.Increment(ref shape.Count);
        Interlocked.Add(ref shape.Ticks, elapsed);
    }

    private static string Normalize(string sql) => Parameters().Replace(Spaces().Replace(sql, " "), "@p");

    private static string Shorten(string sql) => sql.Length <= 220 ? sql : sql[..220] + "…";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"@[A-Za-z_]+\d*")]
    private static partial Regex Parameters();

    private sealed class Shape
    {
        public long Count;
        public long Ticks;
    }
}
