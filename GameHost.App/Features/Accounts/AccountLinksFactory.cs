using GameHost.App.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts;

/// <summary>Gives pages the <see cref="AccountLinks"/> for the request they are answering.</summary>
public sealed class AccountLinksFactory(NavigationManager navigation, IOptions<GameHostOptions> options)
{
    /// <param name="returnUrl">Where the confirmation link should lead after login (a local path), if anywhere.</param>
    public AccountLinks ForCurrentRequest(string? returnUrl = null) => new(navigation.BaseUri, options.Value.SiteName, returnUrl);
}
