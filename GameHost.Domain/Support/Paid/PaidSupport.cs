using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Paid;

/// <summary>What to bill: the customer, a key that makes the same charge twice one charge, the line's words, the net price.</summary>
public sealed record SupportChargeRequest(Guid CustomerId, string Key, string DescriptionEn, string DescriptionEs, long AmountMinor, string Currency);

/// <summary>The invoice a support charge was billed on, and whether it is paid.</summary>
public sealed record SupportChargeState(Guid InvoiceId, string? InvoiceNumber, bool Paid, long GrossMinor, string Currency);

/// <summary>
/// Port: billing a support charge to the customer's balance. The host answers it with Billing's one-off charges
/// (an invoice keyed by the charge, paid from the balance when it covers it), so Support never depends on Billing.
/// </summary>
public interface ISupportCharges
{
    Task<Result<SupportChargeState>> ChargeAsync(SupportChargeRequest request, CancellationToken cancellationToken);

    /// <summary>Where the charge with this key stands; null when it was never made.</summary>
    Task<SupportChargeState?> FindAsync(Guid customerId, string key, CancellationToken cancellationToken);
}

/// <summary>A customer's prepaid incidents in one department, and what a pack costs there.</summary>
public sealed record IncidentPackOffer(Guid DepartmentId, string Department, int Remaining, int IncidentsPerPack, long PriceMinor, string Currency);

/// <summary>
/// Paid support (per department, optional). Per ticket: the department's price is put on each new ticket and staff
/// may change it until it is billed; the customer approves it and it is billed to the balance — keyed by the ticket,
/// so a double click bills once; a balance too small leaves an open invoice and says so. Incident packs: the customer
/// buys a pack (keyed by the form's request id) and its incidents are credited once, when its invoice is paid; opening
/// a ticket uses one (<see cref="TicketDesk"/>).
/// </summary>
public sealed class PaidSupport(IDbContextFactory<GameHostDbContext> dbFactory, ISupportCharges charges, AuditLog audit, TimeProvider time, TicketSignals signals)
{
    public static string TicketChargeKey(Guid ticketId) => $"support-ticket:{ticketId:N}";

    public static string PackChargeKey(string requestId) => $"support-pack:{requestId}";

    /// <summary>Staff set (or change) the price the customer is asked to approve; refused once it was billed.</summary>
    public async Task<Result> ProposeChargeAsync(Guid staffId, Guid ticketId, long amountMinor, string currency, CancellationToken cancellationToken)
    {
        var code = (currency ?? "").Trim().ToUpperInvariant();
        if (amountMinor <= 0 || amountMinor > 100_000_000_00 || !Currency.IsKnown(code))
        {
            return Error.Validation("Price", SupportErrors.PriceInvalid, "Enter a price above zero in a known currency.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may set a ticket's price.");
        }

        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null || ticket.CustomerId is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.PriceInvoiceId is not null || ticket.PriceApprovedAtUtc is not null)
        {
            return SupportErrors.Of(SupportErrors.ChargeInvoiced, "The price was already billed and cannot change.");
        }

        if (ticket.PriceMinor == amountMinor && ticket.PriceCurrency == code)
        {
            return Result.Success();
        }

        var before = new { ticket.PriceMinor, ticket.PriceCurrency };
        ticket.PriceMinor = amountMinor;
        ticket.PriceCurrency = code;
        ticket.PriceDeclinedAtUtc = null; // a new price is a new question to the customer
        ticket.Version++;
        audit.Record(db, actor, "support.ticket_price_set", "Ticket", ticket.Reference, before, new { ticket.PriceMinor, ticket.PriceCurrency });
        await db.SaveChangesAsync(cancellationToken);
        signals.Publish(ticket.Id);
        return Result.Success();
    }

    /// <summary>
    /// The customer declines the ticket's price: nothing is billed, the ticket stays open (the conversation can go on,
    /// staff may offer another price) and staff see that it was declined. Declining again changes nothing; a price
    /// already billed cannot be declined.
    /// </summary>
    public async Task<Result> DeclineChargeAsync(Guid customerId, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerId == customerId, cancellationToken);
        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.PriceMinor is not > 0)
        {
            return SupportErrors.Of(SupportErrors.NothingToApprove, "This ticket has no price to decline.");
        }

        if (ticket.PriceInvoiceId is not null || ticket.PriceApprovedAtUtc is not null)
        {
            return SupportErrors.Of(SupportErrors.ChargeInvoiced, "The price was already billed and cannot change.");
        }

        if (ticket.PriceDeclinedAtUtc is not null)
        {
            return Result.Success();
        }

        ticket.PriceDeclinedAtUtc = time.GetUtcNow().UtcDateTime;
        ticket.Version++;
        await db.SaveChangesAsync(cancellationToken);
        signals.Publish(ticket.Id);
        return Result.Success();
    }

    /// <summary>
    /// The customer approves the ticket's price: it is billed to the balance. Approving again (a double click, a
    /// second tab) bills nothing more. When the balance is short the invoice stays open and the error names it.
    /// </summary>
    public async Task<Result<SupportChargeState>> ApproveChargeAsync(Guid customerId, Guid ticketId, CancellationToken cancellationToken)
    {
        Ticket? ticket;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ticket = await db.Tickets().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerId == customerId, cancellationToken);
        }

        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.PriceMinor is not > 0 || ticket.PriceCurrency is null)
        {
            return SupportErrors.Of(SupportErrors.NothingToApprove, "This ticket has no price to approve.");
        }

        var charged = await charges.ChargeAsync(new SupportChargeRequest(
            customerId, TicketChargeKey(ticket.Id),
            $"Support ticket {ticket.Reference}: {ticket.Subject}", $"Ticket de soporte {ticket.Reference}: {ticket.Subject}",
            ticket.PriceMinor.Value, ticket.PriceCurrency), cancellationToken);
        if (!charged.IsSuccess)
        {
            return SupportErrors.Of(SupportErrors.PaymentFailed, charged.Error.Message) with { Details = [charged.Error.Code] };
        }

        await RecordAsync(ticket.Id, charged.Value, cancellationToken);
        return charged.Value.Paid
            ? charged.Value
            : SupportErrors.Of(SupportErrors.InsufficientBalance, "Your balance does not cover this charge; pay the invoice and the ticket goes on.") with
            {
                Details = [charged.Value.InvoiceId.ToString(), charged.Value.InvoiceNumber ?? ""],
            };
    }

    /// <summary>Picks up a charge paid since (the open invoice was paid another way); nothing when nothing changed.</summary>
    public async Task<bool> RefreshTicketAsync(Guid customerId, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Tickets().AsNoTracking()
            .AnyAsync(t => t.Id == ticketId && t.CustomerId == customerId && t.PriceInvoiceId != null && t.PriceApprovedAtUtc == null, cancellationToken);
        if (!waiting)
        {
            return false;
        }

        var state = await charges.FindAsync(customerId, TicketChargeKey(ticketId), cancellationToken);
        if (state is not { Paid: true })
        {
            return false;
        }

        await RecordAsync(ticketId, state, cancellationToken);
        return true;
    }

    private async Task RecordAsync(Guid ticketId, SupportChargeState state, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets().FirstAsync(t => t.Id == ticketId, cancellationToken);
        var changed = false;
        if (ticket.PriceInvoiceId != state.InvoiceId)
        {
            ticket.PriceInvoiceId = state.InvoiceId;
            changed = true;
        }

        if (state.Paid && ticket.PriceApprovedAtUtc is null)
        {
            ticket.PriceApprovedAtUtc = time.GetUtcNow().UtcDateTime;
            changed = true;
        }

        if (ticket.PriceDeclinedAtUtc is not null)
        {
            ticket.PriceDeclinedAtUtc = null; // declined first, approved after all
            changed = true;
        }

        if (!changed)
        {
            return;
        }

        ticket.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            signals.Publish(ticket.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The ticket moved meanwhile (a reply, a racing approval): the next look records it; the charge is keyed and safe.
        }
    }

    /// <summary>Departments that sell incident packs, with what the customer has left in each.</summary>
    public async Task<IReadOnlyList<IncidentPackOffer>> PackOffersAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await RefreshPacksAsync(customerId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.SupportDepartments().AsNoTracking()
            .Where(d => d.IsActive && d.PaidMode == PaidSupportMode.IncidentPack)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name).ToListAsync(cancellationToken);
        var balances = await db.SupportIncidentBalances().AsNoTracking().Where(b => b.CustomerId == customerId)
            .ToDictionaryAsync(b => b.DepartmentId, b => b.Remaining, cancellationToken);
        return departments.Select(d => new IncidentPackOffer(d.Id, d.Name, balances.GetValueOrDefault(d.Id), d.IncidentsPerPack, d.PriceMinor, d.PriceCurrency)).ToList();
    }

    /// <summary>
    /// Buys a pack of the department's incidents: the purchase is written first under the form's request id (so a
    /// double click is one purchase), then billed; the incidents are credited when the invoice is paid — at once
    /// when the balance covers it, else when <see cref="RefreshPacksAsync"/> finds it paid.
    /// </summary>
    public async Task<Result<SupportChargeState>> BuyPackAsync(Guid customerId, Guid departmentId, string requestId, CancellationToken cancellationToken)
    {
        var request = (requestId ?? "").Trim();
        if (request.Length is 0 or > SupportPackPurchase.MaxRequestIdLength)
        {
            return SupportErrors.Of(SupportErrors.RequestIdInvalid, "The form expired; reload the page.");
        }

        SupportPackPurchase? purchase;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            purchase = await db.SupportPackPurchases().AsNoTracking().FirstOrDefaultAsync(p => p.RequestId == request, cancellationToken);
            if (purchase is not null && purchase.CustomerId != customerId)
            {
                return SupportErrors.Of(SupportErrors.RequestIdInvalid, "The form expired; reload the page.");
            }

            if (purchase is null)
            {
                var department = await db.SupportDepartments().AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId && d.IsActive, cancellationToken);
                if (department is not { PaidMode: PaidSupportMode.IncidentPack, IncidentsPerPack: > 0, PriceMinor: > 0 })
                {
                    return SupportErrors.Of(SupportErrors.NotPaidDepartment, "This department does not sell incident packs.");
                }

                purchase = new SupportPackPurchase
                {
                    Id = Guid.NewGuid(),
                    CustomerId = customerId,
                    DepartmentId = department.Id,
                    RequestId = request,
                    Incidents = department.IncidentsPerPack,
                    PriceMinor = department.PriceMinor,
                    PriceCurrency = department.PriceCurrency,
                    CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                };
                db.SupportPackPurchases().Add(purchase);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // A racing click with the same request id wrote it first: go on with that one.
                    db.ChangeTracker.Clear();
                    purchase = await db.SupportPackPurchases().AsNoTracking().FirstAsync(p => p.RequestId == request, cancellationToken);
                }
            }
        }

        var departmentName = await DepartmentNameAsync(purchase.DepartmentId, cancellationToken);
        var charged = await charges.ChargeAsync(new SupportChargeRequest(
            customerId, PackChargeKey(request),
            $"{purchase.Incidents} support incidents ({departmentName})", $"{purchase.Incidents} incidencias de soporte ({departmentName})",
            purchase.PriceMinor, purchase.PriceCurrency), cancellationToken);
        if (!charged.IsSuccess)
        {
            return SupportErrors.Of(SupportErrors.PaymentFailed, charged.Error.Message) with { Details = [charged.Error.Code] };
        }

        await CreditAsync(purchase.Id, charged.Value, cancellationToken);
        return charged.Value.Paid
            ? charged.Value
            : SupportErrors.Of(SupportErrors.InsufficientBalance, "Your balance does not cover the pack; pay the invoice and the incidents are added.") with
            {
                Details = [charged.Value.InvoiceId.ToString(), charged.Value.InvoiceNumber ?? ""],
            };
    }

    /// <summary>Credits the packs whose invoices were paid since they were bought; each pack once.</summary>
    public async Task<int> RefreshPacksAsync(Guid customerId, CancellationToken cancellationToken)
    {
        List<SupportPackPurchase> waiting;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.SupportPackPurchases().AsNoTracking().Where(p => p.CustomerId == customerId && p.CreditedAtUtc == null).ToListAsync(cancellationToken);
        }

        var credited = 0;
        foreach (var purchase in waiting)
        {
            var state = await charges.FindAsync(customerId, PackChargeKey(purchase.RequestId), cancellationToken);
            if (state is not null && await CreditAsync(purchase.Id, state, cancellationToken))
            {
                credited++;
            }
        }

        return credited;
    }

    /// <summary>Records the invoice and, when it is paid, adds the pack's incidents — once, under both rows' versions.</summary>
    private async Task<bool> CreditAsync(Guid purchaseId, SupportChargeState state, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var purchase = await db.SupportPackPurchases().FirstAsync(p => p.Id == purchaseId, cancellationToken);
            if (purchase.CreditedAtUtc is not null)
            {
                return false;
            }

            purchase.InvoiceId = state.InvoiceId;
            purchase.Version++;
            if (state.Paid)
            {
                purchase.CreditedAtUtc = time.GetUtcNow().UtcDateTime;
                var balance = await db.SupportIncidentBalances().FirstOrDefaultAsync(b => b.CustomerId == purchase.CustomerId && b.DepartmentId == purchase.DepartmentId, cancellationToken);
                if (balance is null)
                {
                    balance = new SupportIncidentBalance { CustomerId = purchase.CustomerId, DepartmentId = purchase.DepartmentId };
                    db.SupportIncidentBalances().Add(balance);
                }

                balance.Remaining += purchase.Incidents;
                balance.Version++;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return state.Paid;
            }
            catch (DbUpdateException)
            {
                // A racing refresh credited it, or the balance moved (a ticket used an incident): look again.
            }
        }

        return false;
    }

    private async Task<string> DepartmentNameAsync(Guid departmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SupportDepartments().AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).FirstAsync(cancellationToken);
    }
}
