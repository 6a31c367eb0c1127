using GameHost.App.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts;

/// <summary>Gives pages the <see cref="AccountLinks"/> for the request they are answering.</summary>
public sealed class AccountLinksFactory(NavigationManager navigation, IOptions<GameHostOptions> options)
{
    public AccountLinks ForCurrentRequest() => new(navigation.BaseUri, options.Value.SiteName);
}
