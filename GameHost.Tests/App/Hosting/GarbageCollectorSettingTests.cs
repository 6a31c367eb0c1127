using System.Text.Json;

namespace GameHost.Tests.App.Hosting;

/// <summary>
/// The app runs with workstation (concurrent) garbage collection, as decision 0037 chose from the webhook burst
/// figures: the setting lives in the app's runtime configuration, which is what `dotnet run` and a published app read.
/// </summary>
public sealed class GarbageCollectorSettingTests
{
    [Fact]
    public void RuntimeConfig_OfTheApp_AsksForWorkstationConcurrentGc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "GameHost.App.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing");

        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
    }
}
