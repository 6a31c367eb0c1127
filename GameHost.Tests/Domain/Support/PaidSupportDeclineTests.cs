using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>The customer may say no to a per-ticket price: nothing billed, the ticket open, staff told by the ticket itself.</summary>
public sealed class PaidSupportDeclineTests : IDisposable
{
    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    private PaidSupport Paid => _data.Get<PaidSupport>();

    private async Task<Guid> PricedTicketAsync()
    {
        await using (var db = _data.Database.NewContext())
        {
            var technical = await db.SupportDepartments().SingleAsync(d => d.Id == _data.TechnicalId);
            technical.PaidMode = PaidSupportMode.PerTicket;
            technical.PriceMinor = 2500;
            await db.SaveChangesAsync();
        }

        return await _data.OpenAsync();
    }

    [Fact]
    public async Task DeclineChargeAsync_Priced_RecordedOnceNothingBilledTicketOpen()
    {
        var ticketId = await PricedTicketAsync();

        Assert.True((await Paid.DeclineChargeAsync(_data.CustomerId, ticketId, CancellationToken.None)).IsSuccess);
        var declined = await _data.TicketAsync(ticketId);
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await Paid.DeclineChargeAsync(_data.CustomerId, ticketId, CancellationToken.None)).IsSuccess);

        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal(_data.NowUtc.AddMinutes(-1), ticket.PriceDeclinedAtUtc);
        Assert.Equal(declined.Version, ticket.Version);
        Assert.Equal(TicketState.New, ticket.State);
        Assert.Empty(_data.Charges.Charges);
    }

    [Fact]
    public async Task DeclineChargeAsync_AnotherCustomerOrNoPriceOrBilled_Refused()
    {
        var ticketId = await PricedTicketAsync();
        var free = await _data.OpenAsync(department: _data.BillingId);

        Assert.Equal(SupportErrors.NotFound, (await Paid.DeclineChargeAsync(_data.OtherCustomerId, ticketId, CancellationToken.None)).Error?.Code);
        Assert.Equal(SupportErrors.NothingToApprove, (await Paid.DeclineChargeAsync(_data.CustomerId, free, CancellationToken.None)).Error?.Code);
        await Paid.ApproveChargeAsync(_data.CustomerId, ticketId, CancellationToken.None); // invoiced (balance short)
        Assert.Equal(SupportErrors.ChargeInvoiced, (await Paid.DeclineChargeAsync(_data.CustomerId, ticketId, CancellationToken.None)).Error?.Code);
    }

    [Fact]
    public async Task ProposeChargeAsync_AfterADecline_AsksAgain()
    {
        var ticketId = await PricedTicketAsync();
        await Paid.DeclineChargeAsync(_data.CustomerId, ticketId, CancellationToken.None);

        Assert.True((await Paid.ProposeChargeAsync(_data.SupportId, ticketId, 1500, "USD", CancellationToken.None)).IsSuccess);

        var ticket = await _data.TicketAsync(ticketId);
        Assert.Null(ticket.PriceDeclinedAtUtc);
        Assert.Equal(1500, ticket.PriceMinor);
    }
}
