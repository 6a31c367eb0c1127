using GameHost.Domain.Audit;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>Staff link any customer ticket to one of that customer's services, or clear the link.</summary>
public sealed class TicketServiceLinkTests : IDisposable
{
    private readonly SupportTestData _data = new();
    private readonly Guid _alicesServer = Guid.NewGuid();
    private readonly Guid _brunosServer = Guid.NewGuid();

    public TicketServiceLinkTests()
    {
        _data.Services.Services[(_data.CustomerId, _alicesServer)] = "Survival SMP";
        _data.Services.Services[(_data.OtherCustomerId, _brunosServer)] = "Bruno's Rust";
    }

    public void Dispose() => _data.Dispose();

    private async Task<Guid> OpenedByMailAsync()
    {
        // As the mail import opens a ticket: no form, so no service named.
        var result = await _data.Desk.OpenFromMailAsync(_data.CustomerId, new OpenTicketRequest(_data.TechnicalId, "Lag", "It lags."), CancellationToken.None);
        return result.Value!.TicketId;
    }

    [Fact]
    public async Task LinkServiceAsync_CustomersOwnService_LinkedWithItsNameAndAudited()
    {
        var ticketId = await OpenedByMailAsync();
        var version = (await _data.TicketAsync(ticketId)).Version;

        var result = await _data.Actions.LinkServiceAsync(_data.SupportId, ticketId, _alicesServer, version, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal((_alicesServer, "Survival SMP"), (ticket.ServiceId!.Value, ticket.ServiceLabel));
        Assert.Equal(version + 1, ticket.Version);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "support.ticket_service_linked"));
        Assert.True((await _data.Actions.LinkServiceAsync(_data.SupportId, ticketId, _alicesServer, version, CancellationToken.None)).IsSuccess); // again: nothing new
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "support.ticket_service_linked"));
    }

    [Fact]
    public async Task LinkServiceAsync_AnotherCustomersService_Refused()
    {
        var ticketId = await OpenedByMailAsync();

        var result = await _data.Actions.LinkServiceAsync(_data.SupportId, ticketId, _brunosServer, (await _data.TicketAsync(ticketId)).Version, CancellationToken.None);

        Assert.Equal(SupportErrors.ServiceNotYours, result.Error?.Code);
        Assert.Null((await _data.TicketAsync(ticketId)).ServiceId);
    }

    [Fact]
    public async Task LinkServiceAsync_Null_ClearsTheLink()
    {
        var ticketId = await OpenedByMailAsync();
        await _data.Actions.LinkServiceAsync(_data.SupportId, ticketId, _alicesServer, (await _data.TicketAsync(ticketId)).Version, CancellationToken.None);

        var result = await _data.Actions.LinkServiceAsync(_data.SupportId, ticketId, null, (await _data.TicketAsync(ticketId)).Version, CancellationToken.None);

        Assert.True(result.IsSuccess);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Null(ticket.ServiceId);
        Assert.Null(ticket.ServiceLabel);
    }

    [Fact]
    public async Task LinkServiceAsync_StaleVersionOrCustomer_Refused()
    {
        var ticketId = await OpenedByMailAsync();
        var seen = (await _data.TicketAsync(ticketId)).Version;
        await _data.Actions.AddTagAsync(_data.SecondSupportId, ticketId, "lag", CancellationToken.None); // someone else changes it meanwhile

        var stale = await _data.Actions.LinkServiceAsync(_data.SupportId, ticketId, _alicesServer, seen, CancellationToken.None);
        var customer = await _data.Actions.LinkServiceAsync(_data.CustomerId, ticketId, _alicesServer, seen + 1, CancellationToken.None);

        Assert.Equal(SupportErrors.Changed, stale.Error?.Code);
        Assert.Equal(SupportErrors.NotStaff, customer.Error?.Code);
        Assert.Null((await _data.TicketAsync(ticketId)).ServiceId);
    }

    [Fact]
    public async Task ServicesForAsync_StaffSeeTheCustomersServices_OthersNothing()
    {
        var ticketId = await OpenedByMailAsync();

        Assert.Equal([new SupportServiceOption(_alicesServer, "Survival SMP")], await _data.Actions.ServicesForAsync(_data.SupportId, ticketId, CancellationToken.None));
        Assert.Empty(await _data.Actions.ServicesForAsync(_data.CustomerId, ticketId, CancellationToken.None));
    }
}
