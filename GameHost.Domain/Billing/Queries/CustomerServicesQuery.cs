using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Queries;

/// <summary>Where a customer's service is, in the words the cabinet uses.</summary>
public enum ServiceStatus
{
    /// <summary>Ordered; its invoice is not paid yet.</summary>
    WaitingForPayment = 0,

    /// <summary>Paid; the panel account and server are being made.</summary>
    BeingCreated = 1,

    Installing = 2,

    Running = 3,

    Suspended = 4,

    /// <summary>Setting it up hit a problem staff are fixing.</summary>
    NeedsAttention = 5,

    /// <summary>Deleted, or being deleted.</summary>
    Removed = 6,

    /// <summary>Never delivered: staff cancelled the order and returned its payment to the customer's balance.</summary>
    Refunded = 7,
}

/// <summary>What was returned to the balance for an order that could not be delivered, and when.</summary>
public sealed record ServiceRefund(Money Amount, DateTime RefundedAtUtc);

public sealed record CustomerService(
    Guid SubscriptionId,
    string ServerName,
    LocalizedText GameName,
    LocalizedText TariffName,
    ServiceStatus Status,
    string? Address,
    Guid? OpenInvoiceId,
    bool Delayed,
    DateTime OrderedAtUtc,
    ServiceRefund? Refund = null,
    Guid? PoolId = null,
    LocalizedText? PoolName = null)
{
    /// <summary>A server inside a resource pool: billed with its pool, managed on the pool's page.</summary>
    public bool InPool => PoolId is not null;
}

/// <param name="Ports">Ports the server may hold, the primary included.</param>
public sealed record ServiceResources(int MemoryMb, int DiskMb, int CpuPercent, int Databases, int Backups, int Ports);

/// <param name="PanelStatus">As the panel reported it last: null = installed and normal, or <c>installing</c>, <c>install_failed</c>, <c>suspended</c>….</param>
public sealed record CustomerServiceDetails(
    CustomerService Service,
    ServiceResources Resources,
    bool OnPanel,
    string? PanelStatus,
    DateTime? PanelStatusSeenAtUtc,
    string? PanelIdentifier,
    string? PanelUsername,
    int LocationId);

/// <summary>
/// A customer's services for the cabinet: each subscription (cancelled ones left out, except orders refunded because
/// they could not be delivered, which say so) with its server's state and address, and the open invoice of one still
/// waiting for payment. Another customer's service is not found.
/// </summary>
public sealed class CustomerServicesQuery(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time, IOptions<ProvisioningQueueOptions> options)
{
    public static readonly Error NotFound = new("billing.service_not_found", "No such service.");

    public async Task<IReadOnlyList<CustomerService>> ListAsync(Guid customerUserId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await RowsAsync(db, s => s.CustomerId == customerUserId, cancellationToken);
        var pooled = await PoolServersAsync(db, customerUserId, cancellationToken);
        return rows.Select(Summarize).Concat(pooled).OrderByDescending(s => s.OrderedAtUtc).ToList();
    }

    /// <summary>The servers inside the customer's running or suspended pools, each marked with its pool.</summary>
    private async Task<List<CustomerService>> PoolServersAsync(GameHostDbContext db, Guid customerUserId, CancellationToken cancellationToken)
    {
        var rows = await (
                from server in db.PoolServers().AsNoTracking()
                join pool in db.ResourcePools() on server.PoolId equals pool.Id
                join t in db.Tariffs() on server.TariffId equals t.Id
                join g in db.Games() on t.GameId equals g.Id
                where server.CustomerId == customerUserId && server.Status == Pools.PoolServerStatus.Active
                    && (pool.Status == Pools.ResourcePoolStatus.Active || pool.Status == Pools.ResourcePoolStatus.Suspended)
                select new { server.Id, server.Name, server.CreatedAtUtc, PoolId = pool.Id, PoolName = pool.Name, GameName = g.Name })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var servers = await db.GameServers().AsNoTracking().Where(g => ids.Contains(g.SubscriptionId)).ToDictionaryAsync(g => g.SubscriptionId, cancellationToken);
        return rows.Select(r =>
        {
            var server = servers.GetValueOrDefault(r.Id);
            return new CustomerService(r.Id, server?.Name ?? r.Name, r.GameName, r.PoolName, StatusOf(server), server?.Address, null,
                IsLate(server, null), r.CreatedAtUtc, null, r.PoolId, r.PoolName);
        }).ToList();
    }

    public async Task<Result<CustomerServiceDetails>> GetAsync(Guid customerUserId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = (await RowsAsync(db, s => s.Id == subscriptionId && s.CustomerId == customerUserId, cancellationToken)).FirstOrDefault();
        if (row is null)
        {
            return NotFound;
        }

        ServerSpec spec;
        if (row.Server is not null)
        {
            spec = row.Server.Spec;
        }
        else
        {
            var subscription = await db.Subscriptions().AsNoTracking().Include(s => s.AddOns).Include(s => s.Variables)
                .SingleAsync(s => s.Id == subscriptionId, cancellationToken);
            spec = (await ProvisioningOrders.ForAsync(db, subscription, cancellationToken)).Spec;
        }

        var username = row.Server is null
            ? null
            : await db.PanelAccounts().AsNoTracking().Where(a => a.CustomerId == customerUserId).Select(a => a.Username).FirstOrDefaultAsync(cancellationToken);
        return new CustomerServiceDetails(
            Summarize(row),
            new ServiceResources(spec.Limits.MemoryMb, spec.Limits.DiskMb, spec.Limits.CpuPercent, spec.Features.Databases, spec.Features.Backups,
                spec.Features.Allocations),
            row.Server?.PanelServerId is not null,
            row.Server?.PanelStatus,
            row.Server?.PanelStatusSeenAtUtc,
            row.Server?.PanelIdentifier,
            username,
            spec.LocationId);
    }

    private sealed record Row(
        Subscription Subscription, GameServer? Server, LocalizedText GameName, LocalizedText TariffName, Guid? OpenInvoiceId, ServiceRefund? Refund);

    private static async Task<List<Row>> RowsAsync(
        GameHostDbContext db, System.Linq.Expressions.Expression<Func<Subscription, bool>> filter, CancellationToken cancellationToken)
    {
        var rows = await (
                from s in db.Subscriptions().AsNoTracking().Where(filter)
                join t in db.Tariffs() on s.TariffId equals t.Id
                join g in db.Games() on t.GameId equals g.Id
                join v in db.TariffVersions() on new { s.TariffId, Number = s.TariffVersionNumber } equals new { v.TariffId, v.Number }
                orderby s.CreatedAtUtc descending
                select new { Subscription = s, GameName = g.Name, TariffName = v.Name })
            .ToListAsync(cancellationToken);
        var refunds = await RefundsAsync(db, rows.Where(r => r.Subscription.Status == SubscriptionStatus.Cancelled).Select(r => r.Subscription.Id),
            cancellationToken);
        rows = rows.Where(r => r.Subscription.Status != SubscriptionStatus.Cancelled || refunds.ContainsKey(r.Subscription.Id)).ToList();
        var ids = rows.Select(r => r.Subscription.Id).ToList();
        var servers = await db.GameServers().AsNoTracking().Where(g => ids.Contains(g.SubscriptionId)).ToDictionaryAsync(g => g.SubscriptionId, cancellationToken);
        var invoices = (await db.Invoices().AsNoTracking()
                .Where(i => i.SubscriptionId != null && ids.Contains(i.SubscriptionId.Value) && i.Status == InvoiceStatus.Open)
                .Select(i => new { SubscriptionId = i.SubscriptionId!.Value, i.Id, i.IssuedAtUtc })
                .ToListAsync(cancellationToken))
            .GroupBy(i => i.SubscriptionId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.IssuedAtUtc).First().Id);
        return rows.Select(r => new Row(r.Subscription, servers.GetValueOrDefault(r.Subscription.Id), r.GameName, r.TariffName,
            invoices.TryGetValue(r.Subscription.Id, out var invoice) ? invoice : null, refunds.GetValueOrDefault(r.Subscription.Id))).ToList();
    }

    /// <summary>The refunds of never-delivered orders among these cancelled subscriptions, from their ledger transactions.</summary>
    private static async Task<Dictionary<Guid, ServiceRefund>> RefundsAsync(GameHostDbContext db, IEnumerable<Guid> cancelled, CancellationToken cancellationToken)
    {
        var keys = cancelled.ToDictionary(RefundUnprovisionedOrder.TransactionKey, id => id, StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return [];
        }

        var keyList = keys.Keys.ToList();
        var transactions = await db.LedgerTransactions().AsNoTracking().Include(t => t.Entries)
            .Where(t => t.Kind == RefundUnprovisionedOrder.TransactionKind && keyList.Contains(t.IdempotencyKey))
            .ToListAsync(cancellationToken);
        return transactions.ToDictionary(
            t => keys[t.IdempotencyKey],
            t => new ServiceRefund(t.Entries.First(e => e.Amount.Minor > 0).Amount, t.CreatedAtUtc));
    }

    private CustomerService Summarize(Row row)
    {
        var server = row.Server;
        var status = row.Refund is not null ? ServiceStatus.Refunded
            : row.Subscription.Status == SubscriptionStatus.PendingPayment && server is null
            ? ServiceStatus.WaitingForPayment
            : StatusOf(server);
        var late = IsLate(server, row.Refund);
        return new CustomerService(row.Subscription.Id, server?.Name ?? row.Subscription.ServerName, row.GameName, row.TariffName, status,
            server?.Address, status == ServiceStatus.WaitingForPayment ? row.OpenInvoiceId : null, late, row.Subscription.CreatedAtUtc, row.Refund);
    }

    private static ServiceStatus StatusOf(GameServer? server) => server?.State switch
    {
        null or GameServerState.Pending or GameServerState.Creating => ServiceStatus.BeingCreated,
        GameServerState.Installing => ServiceStatus.Installing,
        GameServerState.Active => ServiceStatus.Running,
        GameServerState.Suspended => ServiceStatus.Suspended,
        GameServerState.Failed => ServiceStatus.NeedsAttention,
        _ => ServiceStatus.Removed,
    };

    /// <summary>Late: paid, never running yet, and past the time after which the customer is told we are on it.</summary>
    private bool IsLate(GameServer? server, ServiceRefund? refund) =>
        refund is null && server is { FirstActiveAtUtc: null } && !server.IsGone
        && (server.DelayNoticeSentAtUtc is not null
            || server.CreatedAtUtc <= time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(Math.Max(1, options.Value.DelayNoticeMinutes)));
}
