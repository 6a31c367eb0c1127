using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// The real app in memory (TestServer) on its own temporary data folder, e-mails dropped as .eml files in
/// <see cref="MailDirectory"/>. Environment "Testing": no demo seed unless asked. The data folder starts with a copy of
/// the process's <see cref="MigratedTemplate"/> as the app's database, so start-up runs the same migrator and seeding
/// and finds nothing pending; with <see cref="StartOnEmptyDataFolder"/> the app creates and migrates the file itself.
/// </summary>
public class GameHostAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public GameHostAppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "gamehost-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    public string Environment { get; init; } = "Testing";

    /// <summary>Starts on an empty data folder, so start-up creates the database file and runs every migration.</summary>
    public bool StartOnEmptyDataFolder { get; init; }

    /// <summary>Overrides a configuration key (same syntax as appsettings: <c>Section:Key</c>).</summary>
    public GameHostAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!StartOnEmptyDataFolder)
        {
            MigratedTemplate.PlaceAppDatabase(DataDirectory);
        }

        builder.UseEnvironment(Environment);
        builder.UseSetting("GameHost:DataDirectory", DataDirectory);
        builder.UseSetting("Email:Outbox:PollSeconds", "1");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS temp cleaner; never fail a test on cleanup.
            }
        }
    }
}
