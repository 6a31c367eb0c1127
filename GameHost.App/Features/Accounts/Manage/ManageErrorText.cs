using GameHost.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.Manage;

/// <summary>Plain localized words for business error codes and Identity's error codes.</summary>
internal static class ManageErrorText
{
    public static string For(IStringLocalizer text, Error error)
    {
        var message = text["Error_" + error.Code.Replace('.', '_')];
        return message.ResourceNotFound ? text["ErrorUnexpected"] : message;
    }

    /// <summary>
    /// Identity describes its errors in English only; known codes get our words, the rest keep Identity's
    /// description rather than hiding what went wrong.
    /// </summary>
    public static string For(IStringLocalizer text, IdentityError error, int requiredLength)
    {
        var message = text["Identity_" + error.Code, requiredLength];
        return message.ResourceNotFound ? error.Description : message;
    }
}
