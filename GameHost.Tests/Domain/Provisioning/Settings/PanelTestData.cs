using GameHost.Domain.Audit;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Tests.Domain.Catalog;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Provisioning.Settings;

/// <summary>
/// A migrated SQLite database with an administrator and a support agent (from <see cref="CatalogTestData"/>), a fake
/// clock, a fake secret protector and an in-memory panel, with the panel settings' use cases wired to them.
/// </summary>
public sealed class PanelTestData : IDisposable
{
    public const string PanelKey = "ptla_Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFWXYZ";

    private readonly CatalogTestData _data = new();
    private readonly ServiceProvider _services;
    private StoredPanelConnection? _connection;

    public PanelTestData()
    {
        _services = new ServiceCollection()
            .AddSingleton<IDbContextFactory<GameHostDbContext>>(_data.Contexts())
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time => _data.Time;

    public SqliteTestDatabase Database => _data.Database;

    public Guid AdminId => _data.AdminId;

    public Guid SupportId => _data.SupportId;

    public FakeSecretProtector Protector { get; } = new();

    public FakePanelApi Panel { get; } = new();

    /// <summary>Built-in panels the connection source sees; empty unless a test mounts one before first use.</summary>
    public List<IBuiltInPanel> BuiltIn { get; } = [];

    /// <summary>Created on first use, like the singleton the app registers (it reads <see cref="BuiltIn"/> then).</summary>
    public StoredPanelConnection Connection =>
        _connection ??= new StoredPanelConnection(_services.GetRequiredService<IServiceScopeFactory>(), Protector, BuiltIn, Time);

    public SqliteTestContextFactory Contexts() => _data.Contexts();

    public SavePanelSettings Save() => new(Contexts(), Protector, new AuditLog(Time), Connection, Time);

    public TestPanelConnection Test() => new(Contexts(), Connection, Panel, Time);

    public SyncPanelCatalog Sync() => new(Contexts(), Connection, Panel, Time);

    public PanelSettingsQuery SettingsQuery() => new(Contexts(), Connection);

    public PanelCatalogQuery CatalogQuery() => new(Contexts());

    public PanelLocationNamesQuery LocationNames() => new(Contexts());

    public SavePanelSettingsCommand Command(
        string url = "https://panel.example.com", string? key = PanelKey, string? publicUrl = null, int interval = 60, Guid? actor = null) =>
        new(actor ?? AdminId, url, publicUrl, key, interval);

    public async Task<PanelSettingsSaved> ConnectAsync(string url = "https://panel.example.com", string key = PanelKey)
    {
        var result = await Save().ExecuteAsync(Command(url, key), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public async Task<PanelSettings?> StoredAsync()
    {
        await using var db = Database.NewContext();
        return await db.Set<PanelSettings>().AsNoTracking().FirstOrDefaultAsync();
    }

    public void Dispose()
    {
        _services.Dispose();
        _data.Dispose();
    }
}

/// <summary>A built-in panel that answers a fixed connection (or none).</summary>
public sealed class FakeBuiltInPanel(PanelConnection? connection) : IBuiltInPanel
{
    public static readonly PanelConnection Demo = new(
        new Uri("http://127.0.0.1:5000/demo-panel/api/application/"), "ptla_DemoPanelKey0000000000000000000000000000000", new Uri("http://127.0.0.1:5000/demo-panel/"));

    public Task<PanelConnection?> GetConnectionAsync(CancellationToken cancellationToken) => Task.FromResult(connection);
}
