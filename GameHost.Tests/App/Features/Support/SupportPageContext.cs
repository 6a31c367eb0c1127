using GameHost.App.Features.Support.Rendering;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.Domain.Support;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.App.Features.Support;

/// <summary>
/// bUnit with MudBlazor's services, real resources and the real support Domain over a migrated SQLite database
/// (<see cref="SupportTestData"/>): the message renderer, options, clock and ticket queries every support page uses.
/// The derived class adds the use cases its pages need (<see cref="AddTicketServices"/> for the ticket pages), signs
/// someone in (with no role: <c>SignIn(id, email)</c>) and renders the MudBlazor hosts it needs, in its constructor,
/// before its first render. The pages render in the thread's own culture.
/// </summary>
public abstract class SupportPageContext : PageTestContext
{
    protected SupportPageContext()
        : base(culture: null)
    {
        Services.AddSingleton(new MessageRenderer());
        Services.AddSingleton(Data.Get<IOptions<SupportOptions>>());
        Services.AddSingleton(Data.Get<TimeProvider>());
        Services.AddScoped(_ => Data.Get<TicketQueries>());
    }

    protected SupportTestData Data { get; } = new();

    /// <summary>What the customer's and staff's ticket pages use: live signals, the desk, ticket actions, canned replies and paid support.</summary>
    protected void AddTicketServices()
    {
        Services.AddSingleton(Data.Get<TicketSignals>());
        Services.AddScoped(_ => Data.Get<TicketDesk>());
        Services.AddScoped(_ => Data.Get<TicketActions>());
        Services.AddScoped(_ => Data.Get<CannedReplies>());
        Services.AddScoped(_ => Data.Get<PaidSupport>());
    }

    protected override void DisposeData() => Data.Dispose();
}
