using Bunit;
using GameHost.App.Features.Support.Admin;
using MudBlazor;
using MudBlazor.Extensions;

namespace GameHost.Tests.App.Features.Support;

/// <summary>The staff ticket page's service picker: the customer's own services, set and cleared through the real use case.</summary>
public sealed class StaffTicketServiceTests : SupportPageContext
{
    private readonly Guid _server = Guid.NewGuid();

    public StaffTicketServiceTests()
    {
        AddTicketServices();
        Data.Services.Services[(Data.CustomerId, _server)] = "Survival SMP";
        Data.Services.Services[(Data.CustomerId, Guid.NewGuid())] = "Creative build";
        Data.Services.Services[(Data.OtherCustomerId, Guid.NewGuid())] = "Bruno's Rust";
        SignIn(Data.SupportId, "sam@gamehost.test");
        Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task StaffTicketPage_PicksOneOfTheCustomersServices_LinksItThenClearsIt()
    {
        var ticketId = await Data.OpenAsync();
        var page = Render<StaffTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=service-select]")));
        var select = page.FindComponents<MudSelect<Guid?>>().Single(s => s.Instance.Label == "Service");
        var offered = select.FindComponents<MudSelectItem<Guid?>>().Select(i => i.Instance.Value).ToList();
        Assert.Equal(2, offered.Count); // Alice's two servers, not Bruno's
        Assert.Contains(_server, offered.Select(o => o!.Value));

        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(_server));

        page.WaitForAssertion(() => Assert.Equal(_server, page.FindComponents<MudSelect<Guid?>>().Single(s => s.Instance.Label == "Service").Instance.GetState(x => x.Value)));
        Assert.Equal("Survival SMP", (await Data.TicketAsync(ticketId)).ServiceLabel);

        select = page.FindComponents<MudSelect<Guid?>>().Single(s => s.Instance.Label == "Service");
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(null));

        page.WaitForAssertion(() => Assert.Null(page.FindComponents<MudSelect<Guid?>>().Single(s => s.Instance.Label == "Service").Instance.GetState(x => x.Value)));
        Assert.Null((await Data.TicketAsync(ticketId)).ServiceId);
    }
}
