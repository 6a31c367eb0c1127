using System.Globalization;
using GameHost.Domain.Accounts;

namespace GameHost.App.Features.Accounts.Manage;

/// <summary>
/// Renders text in another user's language (an e-mail to them), then puts the request's culture back.
/// Resource lookups read the current UI culture at call time, so the work inside must be synchronous.
/// </summary>
internal static class CultureScope
{
    public static T In<T>(string? language, Func<T> compose)
    {
        var culture = new CultureInfo(SupportedLanguages.IsSupported(language) ? language! : SupportedLanguages.Default);
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return compose();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }
}
