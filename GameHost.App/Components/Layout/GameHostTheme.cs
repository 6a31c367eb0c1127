using MudBlazor;

namespace GameHost.App.Components.Layout;

/// <summary>The brand palette, light and dark, shared by every layout.</summary>
public static class GameHostTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2E7D32",
            Secondary = "#5C6BC0",
            AppbarBackground = "#1B5E20",
            Background = "#F6F8F6",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#66BB6A",
            Secondary = "#9FA8DA",
            AppbarBackground = "#14261A",
            Background = "#121614",
            Surface = "#1B211D",
            DrawerBackground = "#161B18",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
