using System.Globalization;
using GameHost.App.Components.Layout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace GameHost.Tests.App.Components;

public class MudLocalizerTests
{
    [Theory]
    [InlineData("es", "MudDialog_Close", "Cerrar el diálogo", false)]
    [InlineData("es", "MudTable_Loading", "Cargando…", false)]
    [InlineData("es", "MudSomething_Unknown", "MudSomething_Unknown", true)]
    [InlineData("en", "MudDialog_Close", "MudDialog_Close", true)]
    public void Item_ByCulture_TranslatesOrFallsBackToMudBlazorDefaults(string culture, string key, string expected, bool notFound)
    {
        var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var localizer = new GameHostMudLocalizer(services.GetRequiredService<IStringLocalizer<MudBlazorText>>());
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var result = localizer[key];

            Assert.Equal(expected, result.Value);
            Assert.Equal(notFound, result.ResourceNotFound);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
