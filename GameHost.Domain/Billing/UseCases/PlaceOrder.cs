using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.UseCases;

/// <param name="CustomerUserId">The signed-in customer.</param>
/// <param name="RequestId">Generated when the order form opened; the same id always means the same order.</param>
/// <param name="AddOnQuantities">Quantities by add-on key; left out = included quantity.</param>
/// <param name="Variables">Values for the customer-settable egg variables by environment name; left out = default.</param>
public sealed record PlaceOrderCommand(
    Guid CustomerUserId,
    string RequestId,
    Guid TariffId,
    BillingPeriod Period,
    IReadOnlyDictionary<string, int>? AddOnQuantities,
    int LocationId,
    string ServerName,
    IReadOnlyDictionary<string, string>? Variables,
    string? PromoCode,
    OrderChannel Channel = OrderChannel.Customer);

/// <param name="Replayed">True when the request id had already placed this order and nothing new was written.</param>
public sealed record PlacedOrder(Guid SubscriptionId, Guid InvoiceId, string InvoiceNumber, Money GrossTotal, bool Replayed);

/// <summary>
/// Places an order for a game server: re-prices it on the server (the caller never sends an amount), checks the
/// server name and egg variables against the tariff version's rules, asks the panel whether the location can host it,
/// then writes in ONE save the subscription (pending payment), its open invoice with the next gapless number, and the
/// promo redemption. Idempotent by the order form's request id, also when two identical requests race.
/// </summary>
/// <remarks>
/// When the panel cannot be asked (<see cref="CapacityVerdict.Unknown"/>) the order is refused with
/// <c>provisioning.capacity_unknown</c>: taking money for a server that may never be created is worse than asking the
/// customer to retry in a few minutes (docs/decisions/0006).
/// </remarks>
public sealed class PlaceOrder(
    IDbContextFactory<GameHostDbContext> contexts,
    QuoteOrder quoteOrder,
    RedeemPromoCode redeemPromoCode,
    IServerCapacity capacity,
    ITaxPolicy taxPolicy,
    TimeProvider time)
{
    /// <summary>How long the customer has to pay the order's invoice.</summary>
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromDays(3);

    /// <summary>How often a save that lost a race (invoice number, promo use, same request) is tried again.</summary>
    public const int MaxSaveAttempts = 10;

    public async Task<Result<PlacedOrder>> ExecuteAsync(PlaceOrderCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > Subscription.MaxRequestIdLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        var profile = await LoadBuyerAsync(command.CustomerUserId, cancellationToken);
        if (profile is null)
        {
            return BillingErrors.NoBillingProfile;
        }

        // A retry of a placed order gets that order back, even if the tariff has since sold out or changed.
        var placed = await FindPlacedAsync(requestId, command.CustomerUserId, cancellationToken);
        if (placed is not null)
        {
            return placed.Value;
        }

        var quoted = await quoteOrder.ExecuteAsync(new QuoteOrderRequest(command.TariffId, profile.Currency.Code, command.Period,
            command.AddOnQuantities, command.PromoCode, command.CustomerUserId, command.Channel, requestId), cancellationToken);
        if (!quoted.IsSuccess)
        {
            return quoted.Error;
        }

        var quote = quoted.Value;
        var serverName = ServerNameRule.Check(command.ServerName);
        if (!serverName.IsSuccess)
        {
            return serverName.Error;
        }

        var server = await PrepareServerAsync(quote, command, cancellationToken);
        if (!server.IsSuccess)
        {
            return server.Error;
        }

        var answer = await capacity.CheckAsync(server.Value.Capacity, cancellationToken);
        switch (answer.Verdict)
        {
            case CapacityVerdict.Unknown:
                return ProvisioningErrors.CapacityUnknown;
            case CapacityVerdict.No:
                var alternatives = answer.LocationsThatCan
                    .Where(id => id != command.LocationId && server.Value.Capacity.AllowedLocationIds.Contains(id))
                    .Distinct().Order().ToList();
                return ProvisioningErrors.NoCapacity(command.LocationId, alternatives);
        }

        var order = new OrderToSave(command, requestId, profile, quote, serverName.Value, server.Value.Environment);
        for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
        {
            var saved = await TrySaveAsync(order, cancellationToken);
            if (saved is not null)
            {
                return saved.Value;
            }
        }

        return BillingErrors.OrderBusy;
    }

    private sealed record Buyer(Currency Currency, InvoiceBuyer Snapshot);

    private sealed record ServerPlan(CapacityRequest Capacity, IReadOnlyDictionary<string, string> Environment);

    private sealed record OrderToSave(
        PlaceOrderCommand Command, string RequestId, Buyer Buyer, Quote Quote, string ServerName, IReadOnlyDictionary<string, string> Environment);

    private async Task<Buyer?> LoadBuyerAsync(Guid customerUserId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await OrderBuyer.LoadAsync(db, customerUserId, cancellationToken) is { } buyer ? new Buyer(buyer.Currency, buyer.Snapshot) : null;
    }

    /// <summary>The quoted tariff version's location, egg variables and resources (with the add-ons), as the panel will get them.</summary>
    private async Task<Result<ServerPlan>> PrepareServerAsync(Quote quote, PlaceOrderCommand command, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var version = await db.TariffVersions().AsNoTracking().Include(v => v.Variables)
            .SingleAsync(v => v.TariffId == quote.TariffId && v.Number == quote.TariffVersionNumber, cancellationToken);
        if (!version.LocationIds.Contains(command.LocationId))
        {
            return ProvisioningErrors.LocationNotOffered;
        }

        var environment = EggVariableRules.Resolve(version.Variables, command.Variables);
        if (!environment.IsSuccess)
        {
            return environment.Error;
        }

        var keys = quote.AddOnQuantities.Where(q => q.Value > 0).Select(q => q.Key).ToList();
        var addOns = await db.AddOns().AsNoTracking().Where(a => keys.Contains(a.Key)).ToListAsync(cancellationToken);
        var amounts = addOns.Select(a => new AddOnAmount(a.Unit, a.AmountPerUnit, quote.AddOnQuantities[a.Key]));
        var resources = ServerResources.For(version.Resources, version.Features, amounts);
        var settable = version.Variables.Where(v => v.CustomerSettable).Select(v => v.EnvName).ToHashSet(StringComparer.Ordinal);
        return new ServerPlan(
            new CapacityRequest(command.LocationId, resources, version.LocationIds.ToList(), version.NodeIds.ToList()),
            environment.Value.Where(e => settable.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
    }

    /// <returns>The order (new or the winner of a race), an error, or null when the save lost a race and should be retried.</returns>
    private async Task<Result<PlacedOrder>?> TrySaveAsync(OrderToSave order, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // The write transaction starts before the reads (on SQLite it takes the write lock at once), so the series'
        // next number, the promo's uses and "is this request already placed?" are read as they are when we save;
        // concurrent orders queue here instead of all losing the race. The concurrency token and the unique indexes
        // still guard stores where the transaction does not lock.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var placed = await FindPlacedAsync(db, order.RequestId, order.Command.CustomerUserId, cancellationToken);
        if (placed is not null)
        {
            return placed.Value;
        }

        var quote = order.Quote;
        var now = time.GetUtcNow().UtcDateTime;
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(),
            CustomerId = order.Command.CustomerUserId,
            TariffId = quote.TariffId,
            TariffVersionNumber = quote.TariffVersionNumber,
            Period = quote.Period,
            BillingModel = quote.Period.ModelOf(),
            RecurringNet = quote.RecurringNet,
            LocationId = order.Command.LocationId,
            ServerName = order.ServerName,
            Status = SubscriptionStatus.PendingPayment,
            RequestId = order.RequestId,
            PromoCodeId = quote.Promo?.PromoCodeId,
            PromoPeriodsLeft = quote.Promo is { AppliesTo: PromoAppliesTo.NPeriods } promo ? Math.Max(0, promo.DiscountedPeriods - 1) : 0,
            CreatedAtUtc = now,
            AddOns = quote.AddOnQuantities.Select(q => new SubscriptionAddOn { Key = q.Key, Quantity = q.Value }).ToList(),
            Variables = order.Environment.Select(e => new SubscriptionVariable { EnvName = e.Key, Value = e.Value }).ToList(),
        };
        db.Subscriptions().Add(subscription);

        var invoice = Invoice.Draft(order.Command.CustomerUserId, subscription.Id, OrderInvoiceKey(order.RequestId), quote.Currency,
            order.Buyer.Snapshot, now);
        foreach (var line in quote.Lines)
        {
            if (line.Kind == QuoteLineKind.AddOn && line.Amount.IsZero)
            {
                continue; // Included units cost nothing and print nothing.
            }

            var tax = await taxPolicy.TaxForAsync(order.Buyer.Snapshot, line.Amount, cancellationToken);
            invoice.AddLine(KindOf(line.Kind), line.Code, Describe(line, quote.Period), line.ChargedQuantity, line.UnitPrice, tax.Net,
                tax.Tax, tax.RateBasisPoints, tax.Treatment);
        }

        await InvoiceIssuing.IssueAsync(db, invoice, InvoiceNumbering.DefaultSeries, now, now + PaymentWindow, cancellationToken);
        db.Invoices().Add(invoice);

        if (quote.Promo is not null)
        {
            var redeemed = await redeemPromoCode.AddAsync(db, quote.Promo.PromoCodeId, order.Command.CustomerUserId, order.RequestId, cancellationToken);
            if (!redeemed.IsSuccess)
            {
                return redeemed.Error;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new PlacedOrder(subscription.Id, invoice.Id, invoice.DisplayNumber!, invoice.GrossTotal, Replayed: false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another invoice took this number, or another order the promo's last use: nothing was written; try again.
            return null;
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            // The same request saved first (the next attempt answers with it), or a new series row raced.
            return null;
        }
    }

    private async Task<Result<PlacedOrder>?> FindPlacedAsync(string requestId, Guid customerUserId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindPlacedAsync(db, requestId, customerUserId, cancellationToken);
    }

    private static async Task<Result<PlacedOrder>?> FindPlacedAsync(
        GameHostDbContext db, string requestId, Guid customerUserId, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions().AsNoTracking()
            .Where(s => s.RequestId == requestId)
            .Select(s => new { s.Id, s.CustomerId })
            .FirstOrDefaultAsync(cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        if (subscription.CustomerId != customerUserId)
        {
            return BillingErrors.RequestIdReused;
        }

        var key = OrderInvoiceKey(requestId);
        var invoice = await db.Invoices().AsNoTracking().SingleAsync(i => i.IdempotencyKey == key, cancellationToken);
        return new PlacedOrder(subscription.Id, invoice.Id, invoice.DisplayNumber!, invoice.GrossTotal, Replayed: true);
    }

    internal static string OrderInvoiceKey(string requestId) => "order:" + requestId;

    private static InvoiceLineKind KindOf(QuoteLineKind kind) => kind switch
    {
        QuoteLineKind.Period => InvoiceLineKind.Period,
        QuoteLineKind.AddOn => InvoiceLineKind.AddOn,
        QuoteLineKind.SetupFee => InvoiceLineKind.SetupFee,
        QuoteLineKind.Discount => InvoiceLineKind.Discount,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown quote line kind."),
    };

    /// <summary>What the line says on the invoice, in both languages, frozen with it.</summary>
    private static LocalizedText Describe(QuoteLine line, BillingPeriod period) => line.Kind switch
    {
        QuoteLineKind.Period when period.Months() is { } months => new LocalizedText(
            $"{line.Description.En}, {months} {(months == 1 ? "month" : "months")}",
            $"{line.Description.For("es")}, {months} {(months == 1 ? "mes" : "meses")}"),
        QuoteLineKind.SetupFee => new LocalizedText($"Setup fee: {line.Description.En}", $"Cuota de alta: {line.Description.For("es")}"),
        QuoteLineKind.Discount => new LocalizedText($"Discount {line.Code}", $"Descuento {line.Code}"),
        _ => line.Description,
    };

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: 19 };
}
