using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Diagnostics;

namespace GameHost.App.Components.Layout;

/// <summary>
/// The local URL a preference switch should come back to. On a status page re-executed for a 404 or 403 that is the
/// URL the visitor asked for, not the status page's own path.
/// </summary>
internal static class ReturnUrl
{
    public static string Current(NavigationManager navigation, HttpContext? httpContext)
    {
        var reExecute = httpContext?.Features.Get<IStatusCodeReExecuteFeature>();
        if (reExecute is not null)
        {
            return reExecute.OriginalPathBase + reExecute.OriginalPath + reExecute.OriginalQueryString;
        }

        return "/" + navigation.ToBaseRelativePath(navigation.Uri);
    }
}
