using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Support.Rendering;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.Domain.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Support;

/// <summary>
/// bUnit with MudBlazor's services, real resources and the real support Domain over a migrated SQLite database
/// (<see cref="SupportTestData"/>): the message renderer, options, clock and ticket queries every support page uses.
/// The derived class adds the use cases its pages need (<see cref="AddTicketServices"/> for the ticket pages), signs
/// someone in and renders the MudBlazor hosts it needs, in its constructor, before its first render.
/// </summary>
public abstract class SupportPageContext : BunitContext, IAsyncLifetime
{
    protected SupportPageContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton(new MessageRenderer());
        Services.AddSingleton(Data.Get<IOptions<SupportOptions>>());
        Services.AddSingleton(Data.Get<TimeProvider>());
        Services.AddScoped(_ => Data.Get<TicketQueries>());
        Auth = AddAuthorization();
    }

    protected SupportTestData Data { get; } = new();

    protected BunitAuthorizationContext Auth { get; }

    /// <summary>What the customer's and staff's ticket pages use: live signals, the desk, ticket actions, canned replies and paid support.</summary>
    protected void AddTicketServices()
    {
        Services.AddSingleton(Data.Get<TicketSignals>());
        Services.AddScoped(_ => Data.Get<TicketDesk>());
        Services.AddScoped(_ => Data.Get<TicketActions>());
        Services.AddScoped(_ => Data.Get<CannedReplies>());
        Services.AddScoped(_ => Data.Get<PaidSupport>());
    }

    protected void SignIn(Guid id, string email)
    {
        Auth.SetAuthorized(email);
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, id.ToString()));
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, and xUnit 2 disposes test classes synchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Data.Dispose();
    }
}
