using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Tests.Domain.Provisioning.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Tests.App.Features.Provisioning.Settings;

public class PanelSettingsRegistrationTests
{
    [Fact]
    public void AddPanelSettings_AloneWithTheStore_ResolvesEverythingAndFallsBackToNoPanel()
    {
        using var services = Services().AddPanelSettings().BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        using var scope = services.CreateScope();

        Type[] types = [typeof(SavePanelSettings), typeof(TestPanelConnection), typeof(PanelSettingsQuery), typeof(SyncPanelCatalog),
            typeof(PanelCatalogQuery), typeof(PanelLocationNamesQuery)];
        Assert.All(types, t => Assert.NotNull(scope.ServiceProvider.GetRequiredService(t)));
        Assert.IsType<NoPanelApi>(services.GetRequiredService<IPterodactylApi>());
        Assert.Same(services.GetRequiredService<StoredPanelConnection>(), services.GetRequiredService<IPanelConnectionSource>());
    }

    [Fact]
    public void AddPanelSettings_AfterAnAdapterRegisteredItsOwn_KeepsTheAdapterButWinsTheConnectionSource()
    {
        var adapter = new FakePanelApi();
        var collection = Services();
        collection.TryAddSingleton<IPterodactylApi>(adapter);
        collection.TryAddSingleton<IPanelConnectionSource, NoConnection>();
        collection.AddPanelSettings();
        using var services = collection.BuildServiceProvider();

        Assert.Same(adapter, services.GetRequiredService<IPterodactylApi>());
        Assert.IsType<StoredPanelConnection>(services.GetRequiredService<IPanelConnectionSource>());
    }

    private static IServiceCollection Services() => new ServiceCollection()
        .AddLogging()
        .AddSingleton(TimeProvider.System)
        .AddSingleton<ISecretProtector, FakeSecretProtector>()
        .AddGameHostStore("Data Source=:memory:");

    private sealed class NoConnection : IPanelConnectionSource
    {
        public Task<PanelConnection?> GetAsync(CancellationToken cancellationToken) => Task.FromResult<PanelConnection?>(null);
    }
}
