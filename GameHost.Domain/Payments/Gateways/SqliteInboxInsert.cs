using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>
/// The inbox's INSERT prepared once on a SQLite connection's own handle and bound by index, for the single writer.
/// Through ADO.NET every row costs a data reader, a statement enumerator, one binder object per column and a fresh
/// UTF-8 array per text value; under a burst of webhooks that was about 2 KB of garbage per event, made on the one
/// thread every acknowledgement waits for. Here values are encoded into one reused buffer and SQLite copies them
/// (transient binding), so a row allocates nothing beyond the model's boxed values. The provider values and their text
/// forms are the ones Microsoft.Data.Sqlite writes (upper-case GUID text, <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>
/// instants), which a test compares byte for byte against rows written by EF.
/// </summary>
internal sealed class SqliteInboxInsert : IDisposable
{
    // The text form Microsoft.Data.Sqlite gives a DateTime parameter.
    private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private static readonly HashSet<Type> Supported =
        [typeof(string), typeof(byte[]), typeof(Guid), typeof(DateTime), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(bool), typeof(double)];

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly Func<GatewayEvent, object?>[] _values;
    private byte[] _buffer = new byte[1024];

    private SqliteInboxInsert(SqliteConnection connection, sqlite3_stmt statement, Func<GatewayEvent, object?>[] values)
    {
        _connection = connection;
        _statement = statement;
        _values = values;
    }

    /// <summary>True when every column's provider type can be bound here; otherwise the writer keeps the ADO.NET path.</summary>
    public static bool Binds(IEnumerable<Type> providerTypes) => providerTypes.All(t => Supported.Contains(Nullable.GetUnderlyingType(t) ?? t));

    /// <summary>Prepares <paramref name="sql"/> (parameters in column order) on the open connection.</summary>
    public static SqliteInboxInsert Prepare(SqliteConnection connection, string sql, Func<GatewayEvent, object?>[] values)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        if (raw.sqlite3_bind_parameter_count(statement) != values.Length)
        {
            statement.Dispose();
            throw new InvalidOperationException("The inbox INSERT's parameters do not match its columns.");
        }

        return new SqliteInboxInsert(connection, statement, values);
    }

    /// <summary>Inserts the row in the connection's current transaction: true when stored, false when the unique
    /// account + event id index already held it (<c>ON CONFLICT DO NOTHING</c>).</summary>
    public bool Insert(GatewayEvent row)
    {
        var db = _connection.Handle;
        try
        {
            for (var i = 0; i < _values.Length; i++)
            {
                SqliteException.ThrowExceptionForRC(Bind(i + 1, _values[i](row)), db);
            }

            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return raw.sqlite3_changes(db) == 1;
        }
        finally
        {
            // Ready for the next row whatever happened; the failed row's error was read above.
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    private int Bind(int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, index),
        string text => BindText(index, text),
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(_statement, index, 0),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
        Guid guid => BindGuid(index, guid),
        DateTime instant => BindInstant(index, instant),
        double number => raw.sqlite3_bind_double(_statement, index, number),
        bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
        int or long or short or byte => raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"The inbox writer cannot bind a {value.GetType().Name}."),
    };

    private int BindText(int index, string text)
    {
        if (text.Length == 0)
        {
            // An empty span pins to a null pointer, which SQLite would store as NULL.
            return raw.sqlite3_bind_text(_statement, index, "");
        }

        var length = Encoding.UTF8.GetByteCount(text);
        if (length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        Encoding.UTF8.GetBytes(text, _buffer);
        return raw.sqlite3_bind_text(_statement, index, _buffer.AsSpan(0, length));
    }

    private int BindGuid(int index, Guid guid)
    {
        // Microsoft.Data.Sqlite stores a GUID parameter as upper-case text ("D" form).
        Span<byte> text = stackalloc byte[36];
        guid.TryFormat(text, out _, "D");
        Ascii.ToUpperInPlace(text, out _);
        return raw.sqlite3_bind_text(_statement, index, text);
    }

    private int BindInstant(int index, DateTime instant)
    {
        Span<byte> text = stackalloc byte[32];
        if (!instant.TryFormat(text, out var written, DateTimeFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("An instant did not fit its text form.");
        }

        return raw.sqlite3_bind_text(_statement, index, text[..written]);
    }

    public void Dispose() => _statement.Dispose();
}
