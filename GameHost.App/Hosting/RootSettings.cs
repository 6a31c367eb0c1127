using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace GameHost.App.Hosting;

/// <summary>
/// Finds the operator's <c>appsettings.json</c>: at the repository root in a source checkout (the content
/// root is the project folder under <c>dotnet run</c>), or beside the binaries when published. It is inserted
/// where the default <c>appsettings.json</c> source sits, so environment variables and the command line still
/// override it (secrets never need to be in the file).
/// </summary>
public static class RootSettings
{
    public const string FileName = "appsettings.json";

    public static string? Locate(string contentRoot)
    {
        string[] candidates =
        [
            Path.Combine(contentRoot, FileName),
            Path.Combine(contentRoot, "..", FileName),
            Path.Combine(AppContext.BaseDirectory, FileName),
        ];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
    }

    public static void AddRootSettings(this WebApplicationBuilder builder)
    {
        var path = Locate(builder.Environment.ContentRootPath);
        if (path is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(path)!;
        var source = new JsonConfigurationSource
        {
            Path = FileName,
            Optional = false,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(directory),
        };
        var sources = builder.Configuration.Sources;
        var defaultIndex = sources
            .Select((s, i) => (s, i))
            .Where(x => x.s is JsonConfigurationSource json && json.Path == FileName)
            .Select(x => x.i)
            .DefaultIfEmpty(-1)
            .First();
        if (defaultIndex >= 0)
        {
            sources[defaultIndex] = source;
        }
        else
        {
            sources.Insert(0, source);
        }

        // Relative paths in the settings (the data folder) are read from the folder that holds the file.
        builder.Configuration["GameHost:SettingsDirectory"] = directory;
    }
}
