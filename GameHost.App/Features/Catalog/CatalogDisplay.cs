using System.Globalization;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Catalog;

/// <summary>How catalog values read on the staff pages: enums, prices and business errors in the user's language.</summary>
public static class CatalogDisplay
{
    public static string Enum<T>(IStringLocalizer localizer, T value)
        where T : struct, System.Enum
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var text = localizer[typeof(T).Name + "." + value];
        return text.ResourceNotFound ? value.ToString() : text.Value;
    }

    public static string Money(Money money) => money.Format(CultureInfo.CurrentCulture);

    public static string Text(LocalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.For(CultureInfo.CurrentUICulture.Name);
    }

    /// <summary>A business error in plain words; an unknown code falls back to a generic sentence, never to the English message.</summary>
    public static string Error(IStringLocalizer localizer, Error error)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code == "catalog.invalid" && error.Field is not null)
        {
            var specific = localizer["Error.catalog.invalid." + error.Field];
            if (!specific.ResourceNotFound)
            {
                return specific.Value;
            }
        }

        var text = localizer["Error." + error.Code];
        return text.ResourceNotFound ? localizer["ErrorGeneric"].Value : text.Value;
    }

    public static string Date(DateTime utc) => utc.ToString("d", CultureInfo.CurrentCulture);

    public static string DateTime(IStringLocalizer localizer, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["UtcFormat", utc.ToString("g", CultureInfo.CurrentCulture)];
    }
}
