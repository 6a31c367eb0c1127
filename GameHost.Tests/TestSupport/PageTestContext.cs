using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// What every feature's bUnit page tests share: MudBlazor's services with loose JS interop, real resources, bUnit's
/// authorization kept as <see cref="Auth"/>, a culture set for the test and restored afterwards, and asynchronous
/// disposal. The derived class registers its feature's services and test data in its constructor and releases that
/// data in <see cref="DisposeData"/>.
/// </summary>
public abstract class PageTestContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    /// <param name="culture">The culture the pages render in; null keeps the thread's own.</param>
    protected PageTestContext(string? culture = "en-US")
    {
        if (culture is not null)
        {
            UseCulture(culture);
        }

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Auth = AddAuthorization();
    }

    protected BunitAuthorizationContext Auth { get; }

    /// <summary>
    /// Signs in <paramref name="email"/> with the user id as the name-identifier claim. The roles, when given, are set
    /// before the claim: in this bUnit version setting roles rebuilds the identity without earlier custom claims.
    /// </summary>
    protected void SignIn(Guid userId, string email, params string[] roles)
    {
        Auth.SetAuthorized(email);
        if (roles.Length > 0)
        {
            Auth.SetRoles(roles);
        }

        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    protected static void UseCulture(string name) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    /// <summary>Types into a MudBlazor field the way its binding listens (on input when immediate, on change when bound so).</summary>
    protected static void Type(IElement element, string value)
    {
        var input = element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
        if (input.HasAttribute("blazor:oninput"))
        {
            input.Input(value);
        }

        if (input.HasAttribute("blazor:onchange"))
        {
            input.Change(value);
        }
    }

    /// <summary>Releases the derived class's test data, after the renderer and its services are disposed.</summary>
    protected virtual void DisposeData()
    {
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, and xUnit 2 disposes test classes synchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        DisposeData();
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
    }
}
