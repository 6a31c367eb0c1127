using System.Security.Cryptography;
using System.Text.Json;
using GameHost.Domain.Provisioning.Panel;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// A small, stateful stand-in for a Pterodactyl panel's Application API (contract §10): what the demo runs against
/// when no real panel is connected, and what the adapter's tests talk to over real HTTP. All state sits behind one
/// lock; installs finish by themselves after <see cref="DemoPanelOptions.InstallSeconds"/> on the provider's clock, or
/// when told. With a state file every change is written through, so a restart keeps the servers.
/// </summary>
public sealed class DemoPanel
{
    private static readonly JsonSerializerOptions FileFormat = new() { WriteIndented = true };
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Lock _gate = new();
    private readonly DemoPanelData _data;
    private readonly Dictionary<string, bool> _keys = new(StringComparer.Ordinal);
    private readonly DemoPanelOptions _options;
    private readonly ILogger _logger;
    private DateTimeOffset _windowStart;
    private int _windowHits;
    private int _installsToFail;

    public DemoPanel(DemoPanelOptions options, TimeProvider time, ILogger<DemoPanel>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        ApiKey = string.IsNullOrEmpty(options.ApiKey) ? NewKey() : options.ApiKey;
        _keys[ApiKey] = true;
        _data = Load() ?? DemoPanelSeed.Create(time.GetUtcNow());
        _windowStart = time.GetUtcNow();
        Requests = new DemoPanelRequestLog(options.RequestLogCapacity);
    }

    public TimeProvider Time { get; }

    /// <summary>The application key that may read and write; generated at start unless configured.</summary>
    public string ApiKey { get; }

    public DemoPanelFaults Faults { get; } = new();

    public DemoPanelRequestLog Requests { get; }

    public int RequestsPerMinute => _options.RequestsPerMinute;

    /// <summary>Adds another key, e.g. one without write permission to see 403s.</summary>
    public void AddKey(string key, bool canWrite)
    {
        lock (_gate)
        {
            _keys[key] = canWrite;
        }
    }

    /// <returns>Null for an unknown key; otherwise whether it may write.</returns>
    internal bool? Authenticate(string? key)
    {
        lock (_gate)
        {
            return key is not null && _keys.TryGetValue(key, out var canWrite) ? canWrite : null;
        }
    }

    /// <summary>The panel's per-minute window (fixed, like Laravel's limiter), shared by every key.</summary>
    internal (bool Allowed, int Remaining, DateTimeOffset Reset) CountRequest()
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            if (now - _windowStart >= TimeSpan.FromMinutes(1))
            {
                _windowStart = now;
                _windowHits = 0;
            }

            var reset = _windowStart + TimeSpan.FromMinutes(1);
            if (_windowHits >= _options.RequestsPerMinute)
            {
                return (false, 0, reset);
            }

            _windowHits++;
            return (true, _options.RequestsPerMinute - _windowHits, reset);
        }
    }

    /// <summary>Reads the state (installs that are due finish first).</summary>
    public T Read<T>(Func<DemoPanelData, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            var changed = AdvanceInstalls();
            var result = read(_data);
            if (changed)
            {
                Save();
            }

            return result;
        }
    }

    /// <summary>Changes the state and writes it through to the state file.</summary>
    public T Write<T>(Func<DemoPanelData, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            AdvanceInstalls();
            var result = write(_data);
            Save();
            return result;
        }
    }

    public void Update(Action<DemoPanelData> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Write(data =>
        {
            change(data);
            return 0;
        });
    }

    /// <summary>Finishes a running install now: ready (status null), or <c>install_failed</c>/<c>reinstall_failed</c>.</summary>
    public void CompleteInstall(int serverId, bool success = true) =>
        Update(data =>
        {
            var server = data.Servers.SingleOrDefault(s => s.Id == serverId);
            if (server is { Status: DemoServer.Installing })
            {
                Finish(server, success);
            }
        });

    /// <summary>The next <paramref name="count"/> installs (or reinstalls) that start will fail.</summary>
    public void FailNextInstalls(int count)
    {
        lock (_gate)
        {
            _installsToFail = count;
        }
    }

    /// <summary>Starts an install on a server (create or reinstall). Call inside <see cref="Write{T}"/>.</summary>
    internal void StartInstall(DemoServer server, bool reinstall)
    {
        server.Status = DemoServer.Installing;
        server.Reinstalling = reinstall;
        server.InstallWillFail = _installsToFail > 0;
        if (_installsToFail > 0)
        {
            _installsToFail--;
        }

        server.InstallDoneAt = _options.InstallSeconds is > 0 and var seconds
            ? Time.GetUtcNow() + TimeSpan.FromSeconds(seconds)
            : null;
    }

    /// <summary>The server as the public panel page shows it; null if there is none.</summary>
    public (string Name, string? Status, string Address)? DescribeServer(string identifier) =>
        Read<(string, string?, string)?>(data =>
        {
            var server = data.Servers.FirstOrDefault(s => s.Identifier.Equals(identifier, StringComparison.OrdinalIgnoreCase));
            if (server is null)
            {
                return null;
            }

            var allocation = data.Allocations.First(a => a.Id == server.AllocationId);
            return (server.Name, server.Status, new PanelAllocation(allocation.Id, allocation.Ip, allocation.Alias, allocation.Port, true).Address);
        });

    private bool AdvanceInstalls()
    {
        var now = Time.GetUtcNow();
        var due = _data.Servers.Where(s => s is { Status: DemoServer.Installing, InstallDoneAt: { } at } && at <= now).ToList();
        foreach (var server in due)
        {
            Finish(server, !server.InstallWillFail);
        }

        return due.Count > 0;
    }

    private void Finish(DemoServer server, bool success)
    {
        server.Status = success ? null : server.Reinstalling ? DemoServer.ReinstallFailed : DemoServer.InstallFailed;
        server.InstallDoneAt = null;
        server.InstallWillFail = false;
        server.UpdatedAt = Time.GetUtcNow();
    }

    private DemoPanelData? Load()
    {
        if (_options.StateFile is not { } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DemoPanelData>(File.ReadAllText(path), FileFormat);
        }
        catch (JsonException exception)
        {
            // A damaged demo file is not worth refusing to start over: the demo starts afresh and says so.
            _logger.LogWarning(exception, "The demo panel's state file {Path} could not be read; starting from the seed data", path);
            return null;
        }
    }

    private void Save()
    {
        if (_options.StateFile is not { } path)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_data, FileFormat));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A key shaped like the panel's: <c>ptla_</c> + 11 characters of identifier, then a 32-character secret.</summary>
    private static string NewKey() =>
        "ptla_" + RandomNumberGenerator.GetString(KeyAlphabet, 11) + RandomNumberGenerator.GetString(KeyAlphabet, 32);
}
