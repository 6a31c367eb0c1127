namespace GameHost.App.Hosting;

public sealed class GameHostOptions
{
    public const string Section = "GameHost";

    public string SiteName { get; set; } = "GameHost";

    /// <summary>Absolute base URL used in e-mailed links.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Where the database, mail drop and keys live; relative to the settings file's folder.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Set by <see cref="RootSettings"/>: the folder that holds the settings file.</summary>
    public string? SettingsDirectory { get; set; }

    public string ResolveDataDirectory()
    {
        var baseDirectory = SettingsDirectory ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(baseDirectory, DataDirectory));
    }

    /// <summary>Replaces the <c>|DataDirectory|</c> token in a setting with the resolved data folder.</summary>
    public string ExpandDataDirectory(string value) =>
        value.Replace("|DataDirectory|", ResolveDataDirectory(), StringComparison.Ordinal);
}

public static class GameHostOptionsExtensions
{
    public static GameHostOptions GetGameHostOptions(this IConfiguration configuration)
    {
        var options = new GameHostOptions();
        configuration.GetSection(GameHostOptions.Section).Bind(options);
        return options;
    }
}
