using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace GameHost.App.Components.Layout;

/// <summary>
/// Gives MudBlazor's built-in texts (close buttons, pagers, "Loading…") in the user's language. English is left to
/// MudBlazor's own wording: answering "not found" makes it fall back to its defaults.
/// </summary>
internal sealed class GameHostMudLocalizer(IStringLocalizer<MudBlazorText> text) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
            {
                return new LocalizedString(key, key, resourceNotFound: true);
            }

            var translated = text[key];
            return translated.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : translated;
        }
    }
}
