using System.Text.Json;

namespace GameHost.Tests.App.Hosting;

/// <summary>
/// The app runs with Server garbage collection, one heap per core and no dynamic adaptation, with background
/// collections, as decision 0043 chose from the webhook burst figures: the setting lives in the app's runtime
/// configuration, which is what `dotnet run` and a published app read.
/// </summary>
public sealed class GarbageCollectorSettingTests
{
    [Fact]
    public void RuntimeConfig_OfTheApp_AsksForServerGcWithFixedHeapsAndBackgroundCollections()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "GameHost.App.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing");

        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        // Dynamic adaptation (the default with Server GC) starts from one heap with a small young generation, which
        // collected inside nearly every burst.
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }
}
