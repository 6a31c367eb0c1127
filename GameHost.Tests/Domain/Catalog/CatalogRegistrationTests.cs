using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Catalog;

public class CatalogRegistrationTests
{
    [Fact]
    public void AddCatalog_WithStoreAndClock_ResolvesEveryUseCaseAndQuery()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Catalog:MinimumPriceChangeNotice"] = "30.00:00:00" })
            .Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddGameHostStore("Data Source=:memory:")
            .AddCatalog()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        using var scope = services.CreateScope();

        Type[] types =
        [
            typeof(CreateTariff), typeof(EditTariff), typeof(ArchiveTariff), typeof(CreateAddOn), typeof(EditAddOn), typeof(CreatePromoCode),
            typeof(RedeemPromoCode), typeof(SchedulePriceChange), typeof(QuoteOrder), typeof(PublicCatalogQuery), typeof(TariffDetailsQuery),
            typeof(PromoCodeListQuery), typeof(CatalogAdminQuery),
        ];
        Assert.All(types, t => Assert.NotNull(scope.ServiceProvider.GetRequiredService(t)));
        Assert.IsType<NoTariffUsageYet>(scope.ServiceProvider.GetRequiredService<ITariffUsage>());
        Assert.Equal(TimeSpan.FromDays(30), scope.ServiceProvider.GetRequiredService<IOptions<CatalogOptions>>().Value.MinimumPriceChangeNotice);
    }
}
