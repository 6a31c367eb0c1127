using System.Globalization;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Customers;

/// <summary>
/// How instants and languages read on the staff and customer pages: in the user's culture, with instants
/// labelled UTC because a server-rendered circuit does not know the browser's time zone.
/// </summary>
public static class DisplayText
{
    public static string Date(DateTime utc) => utc.ToString("d", CultureInfo.CurrentCulture);

    public static string DateTime(IStringLocalizer localizer, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["UtcFormat", utc.ToString("g", CultureInfo.CurrentCulture)];
    }

    public static string Language(IStringLocalizer localizer, string code)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var text = localizer["Language." + code];
        return text.ResourceNotFound ? code : text.Value;
    }
}
