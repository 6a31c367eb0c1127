using System.Net;
using GameHost.Domain.Accounts;
using GameHost.Domain.Demo;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Hosting;

public class StartupTests
{
    [Fact]
    public void RootSettings_AreLoadedFromRepositoryRootFile()
    {
        using var factory = new GameHostAppFactory { StartOnEmptyDataFolder = true };
        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        // Keys that exist only in the root appsettings.json.
        Assert.Equal("GameHost", configuration["GameHost:SiteName"]);
        Assert.Equal("Data Source=|DataDirectory|/gamehost.db", configuration.GetConnectionString("GameHost"));
    }

    [Fact]
    public async Task Start_OnEmptyDataFolder_CreatesAndMigratesDatabaseFile()
    {
        using var factory = new GameHostAppFactory { StartOnEmptyDataFolder = true };
        using var client = factory.CreateClient();

        var health = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"database\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "gamehost.db")));
    }

    [Fact]
    public async Task Start_InProduction_NeverSeedsDemoData_EvenWhenAsked()
    {
        using var factory = new GameHostAppFactory { Environment = "Production", StartOnEmptyDataFolder = true }.WithSetting("Demo:Seed", "true");
        using var client = factory.CreateClient();
        await client.GetAsync(new Uri("/health", UriKind.Relative));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByEmailAsync(DemoSeeder.OwnerEmail));
    }

    [Fact]
    public async Task Start_WithDemoSwitch_SeedsOwnerSupportAndCustomerOnce()
    {
        using var factory = new GameHostAppFactory { StartOnEmptyDataFolder = true }.WithSetting("Demo:Seed", "true");
        using var client = factory.CreateClient();
        await client.GetAsync(new Uri("/health", UriKind.Relative));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var owner = await users.FindByEmailAsync(DemoSeeder.OwnerEmail);
        var support = await users.FindByEmailAsync(DemoSeeder.SupportEmail);
        var customer = await users.FindByEmailAsync(DemoSeeder.CustomerEmail);
        Assert.NotNull(owner);
        Assert.True(await users.IsInRoleAsync(owner, Roles.Admin));
        Assert.True(await users.IsInRoleAsync(support!, Roles.Support));
        Assert.True(await users.IsInRoleAsync(customer!, Roles.Customer));

        // A second run changes nothing and prints nothing.
        var again = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        Assert.Empty(again);
    }
}
