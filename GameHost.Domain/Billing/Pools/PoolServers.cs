using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Pools;

public sealed record PoolUsage(int MemoryMb, int DiskMb, int CpuPercent, int Servers);

public sealed record PoolServerView(Guid Id, string Name, Guid TariffId, LocalizedText GameName, int LocationId, int MemoryMb, int DiskMb, int CpuPercent);

public sealed record PoolSummary(
    Guid PoolId, LocalizedText Name, ResourcePoolStatus Status, BillingPeriod Period, Money RecurringNet, DateTime? PaidUntilUtc, Guid InvoiceId,
    PoolUsage Capacity, PoolUsage Used, DateTime? EndsAtUtc = null)
{
    public PoolUsage Free => new(Capacity.MemoryMb - Used.MemoryMb, Capacity.DiskMb - Used.DiskMb, Capacity.CpuPercent - Used.CpuPercent, Capacity.Servers - Used.Servers);
}

public sealed record PoolDetails(PoolSummary Summary, IReadOnlyList<PoolServerView> Servers);

/// <summary>A game the customer can run inside a pool: a tariff on sale gives the egg and where it may be placed.</summary>
public sealed record PoolGameChoice(Guid TariffId, LocalizedText Name, IReadOnlyList<int> LocationIds);

/// <param name="MemoryMb">The server's share of the pool; likewise disk and CPU.</param>
public sealed record PoolServerRequest(Guid TariffId, int LocationId, string Name, int MemoryMb, int DiskMb, int CpuPercent);

/// <summary>
/// The servers inside a customer's pool: created, resized and deleted with no price of their own, refused with
/// <c>billing.pool_full</c> when what is left of the pool (memory, disk, CPU, server slots) does not cover them. Each
/// is provisioned through the same requests as an ordered server, in the same save as the pool's new usage; the pool's
/// concurrency token makes two racing creations take turns instead of both taking the last of it.
/// </summary>
public sealed class PoolServers(IDbContextFactory<GameHostDbContext> contexts, IServerCapacity capacity, ProvisioningRequests provisioning, TimeProvider time)
{
    public const int MinMemoryMb = 256;

    public const int MinDiskMb = 1024;

    public const int MinCpuPercent = 10;

    public async Task<IReadOnlyList<PoolSummary>> ListAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pools = await db.ResourcePools().AsNoTracking()
            .Where(p => p.CustomerId == customerId && p.Status != ResourcePoolStatus.Cancelled && p.Status != ResourcePoolStatus.Terminated)
            .ToListAsync(cancellationToken);
        var result = new List<PoolSummary>();
        foreach (var pool in pools.OrderBy(p => p.CreatedAtUtc))
        {
            result.Add(Summary(pool, await ActiveServersAsync(db, pool.Id, cancellationToken)));
        }

        return result;
    }

    public async Task<Result<PoolDetails>> DetailsAsync(Guid customerId, Guid poolId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pool = await db.ResourcePools().AsNoTracking().FirstOrDefaultAsync(p => p.Id == poolId && p.CustomerId == customerId, cancellationToken);
        if (pool is null)
        {
            return PoolsErrors.PoolNotFound;
        }

        var servers = await ActiveServersAsync(db, pool.Id, cancellationToken);
        var tariffIds = servers.Select(s => s.TariffId).Distinct().ToList();
        var names = await db.Tariffs().AsNoTracking().Where(t => tariffIds.Contains(t.Id))
            .Join(db.Games(), t => t.GameId, g => g.Id, (t, g) => new { t.Id, g.Name })
            .ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken);
        return new PoolDetails(Summary(pool, servers), servers.OrderBy(s => s.CreatedAtUtc)
            .Select(s => new PoolServerView(s.Id, s.Name, s.TariffId, names.GetValueOrDefault(s.TariffId) ?? LocalizedText.Same("?"), s.LocationId,
                s.MemoryMb, s.DiskMb, s.CpuPercent))
            .ToList());
    }

    public async Task<IReadOnlyList<PoolGameChoice>> GameChoicesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tariffs = await db.Tariffs().WithVersions().AsNoTracking()
            .Where(t => !t.IsArchived && t.Visibility == TariffVisibility.Public)
            .ToListAsync(cancellationToken);
        return tariffs.OrderBy(t => t.DisplayOrder).ThenBy(t => t.Slug, StringComparer.Ordinal)
            .Select(t => new PoolGameChoice(t.Id, t.CurrentVersion.Name, t.CurrentVersion.LocationIds.ToList()))
            .ToList();
    }

    public async Task<Result<Guid>> CreateAsync(Guid customerId, Guid poolId, PoolServerRequest request, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        requestId = requestId?.Trim() ?? "";
        if (requestId.Length is 0 or > PoolServer.MaxRequestIdLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        var name = ServerNameRule.Check(request.Name);
        if (!name.IsSuccess)
        {
            return name.Error;
        }

        if (request.MemoryMb < MinMemoryMb || request.DiskMb < MinDiskMb || request.CpuPercent < MinCpuPercent)
        {
            return PoolsErrors.SizeInvalid;
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = await db.PoolServers().AsNoTracking().FirstOrDefaultAsync(s => s.RequestId == requestId, cancellationToken);
            if (existing is not null)
            {
                return existing.CustomerId == customerId ? existing.Id : BillingErrors.RequestIdReused;
            }

            var pool = await db.ResourcePools().FirstOrDefaultAsync(p => p.Id == poolId && p.CustomerId == customerId, cancellationToken);
            if (pool is null)
            {
                return PoolsErrors.PoolNotFound;
            }

            if (pool.Status != ResourcePoolStatus.Active)
            {
                return PoolsErrors.PoolNotActive;
            }

            var servers = await ActiveServersAsync(db, pool.Id, cancellationToken);
            if (!Fits(pool, servers, request.MemoryMb, request.DiskMb, request.CpuPercent, addsServer: true))
            {
                return PoolsErrors.PoolFull;
            }

            var tariff = await db.Tariffs().WithVersions().AsNoTracking()
                .FirstOrDefaultAsync(t => t.Id == request.TariffId && !t.IsArchived && t.Visibility == TariffVisibility.Public, cancellationToken);
            if (tariff is null)
            {
                return PoolsErrors.TariffNotUsable;
            }

            var version = await db.TariffVersions().AsNoTracking().Include(v => v.Variables)
                .SingleAsync(v => v.TariffId == tariff.Id && v.Number == tariff.CurrentVersionNumber, cancellationToken);
            if (!version.LocationIds.Contains(request.LocationId))
            {
                return PoolsErrors.LocationNotOffered;
            }

            var server = new PoolServer
            {
                Id = Guid.NewGuid(),
                PoolId = pool.Id,
                CustomerId = customerId,
                TariffId = tariff.Id,
                TariffVersionNumber = version.Number,
                LocationId = request.LocationId,
                Name = name.Value,
                MemoryMb = request.MemoryMb,
                DiskMb = request.DiskMb,
                CpuPercent = request.CpuPercent,
                Status = PoolServerStatus.Active,
                RequestId = requestId,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            };
            var spec = Spec(server, version);
            var answer = await capacity.CheckAsync(new CapacityRequest(request.LocationId,
                ServerResources.For(version.Resources, version.Features, []) with { MemoryMb = server.MemoryMb, DiskMb = server.DiskMb, CpuPercent = server.CpuPercent },
                version.LocationIds.ToList(), version.NodeIds.ToList()), cancellationToken);
            switch (answer.Verdict)
            {
                case CapacityVerdict.Unknown:
                    return ProvisioningErrors.CapacityUnknown;
                case CapacityVerdict.No:
                    return ProvisioningErrors.NoCapacity(request.LocationId, answer.LocationsThatCan.Where(version.LocationIds.Contains).ToList());
            }

            db.PoolServers().Add(server);
            pool.ConcurrencyToken = Guid.NewGuid();
            await provisioning.RequestServerAsync(db, new ServerOrder(server.Id, customerId, spec), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return server.Id;
            }
            catch (DbUpdateException)
            {
                // Another change to the pool (or the same request) saved first: look again.
            }
        }

        return PoolsErrors.Busy;
    }

    /// <summary>Gives a server a different share of its pool; growing is refused when the rest of the pool does not cover it.</summary>
    public async Task<Result> ResizeAsync(Guid customerId, Guid poolId, Guid serverId, int memoryMb, int diskMb, int cpuPercent, CancellationToken cancellationToken)
    {
        if (memoryMb < MinMemoryMb || diskMb < MinDiskMb || cpuPercent < MinCpuPercent)
        {
            return PoolsErrors.SizeInvalid;
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var (pool, server, error) = await LoadAsync(db, customerId, poolId, serverId, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            if (server!.MemoryMb == memoryMb && server.DiskMb == diskMb && server.CpuPercent == cpuPercent)
            {
                return Result.Success();
            }

            var others = (await ActiveServersAsync(db, pool!.Id, cancellationToken)).Where(s => s.Id != server.Id).ToList();
            if (!Fits(pool, others, memoryMb, diskMb, cpuPercent, addsServer: false))
            {
                return PoolsErrors.PoolFull;
            }

            server.MemoryMb = memoryMb;
            server.DiskMb = diskMb;
            server.CpuPercent = cpuPercent;
            pool.ConcurrencyToken = Guid.NewGuid();
            var version = await db.TariffVersions().AsNoTracking().Include(v => v.Variables)
                .SingleAsync(v => v.TariffId == server.TariffId && v.Number == server.TariffVersionNumber, cancellationToken);
            var requested = await provisioning.RequestBuildChangeAsync(db, server.Id, Spec(server, version), cancellationToken);
            if (!requested.IsSuccess)
            {
                return requested;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return Result.Success();
            }
            catch (DbUpdateException)
            {
                // The pool changed meanwhile: look again.
            }
        }

        return PoolsErrors.Busy;
    }

    /// <summary>Deletes a server in the pool (its share is free at once); repeating it changes nothing.</summary>
    public async Task<Result> DeleteAsync(Guid customerId, Guid poolId, Guid serverId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var server = await db.PoolServers().FirstOrDefaultAsync(s => s.Id == serverId && s.PoolId == poolId && s.CustomerId == customerId, cancellationToken);
            if (server is null)
            {
                return PoolsErrors.ServerNotFound;
            }

            if (server.Status == PoolServerStatus.Deleted)
            {
                return Result.Success();
            }

            var pool = await db.ResourcePools().SingleAsync(p => p.Id == poolId, cancellationToken);
            server.Status = PoolServerStatus.Deleted;
            server.DeletedAtUtc = time.GetUtcNow().UtcDateTime;
            pool.ConcurrencyToken = Guid.NewGuid();
            await provisioning.RequestDeleteAsync(db, server.Id, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return Result.Success();
            }
            catch (DbUpdateException)
            {
                // The pool changed meanwhile: look again.
            }
        }

        return PoolsErrors.Busy;
    }

    /// <summary>Whether a server of this size fits in what the other servers leave of the pool.</summary>
    public static bool Fits(ResourcePool pool, IReadOnlyList<PoolServer> others, int memoryMb, int diskMb, int cpuPercent, bool addsServer)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(others);
        return others.Sum(s => (long)s.MemoryMb) + memoryMb <= pool.MemoryMb
            && others.Sum(s => (long)s.DiskMb) + diskMb <= pool.DiskMb
            && others.Sum(s => (long)s.CpuPercent) + cpuPercent <= pool.CpuPercent
            && others.Count + (addsServer ? 1 : 0) <= pool.MaxServers;
    }

    private static ServerSpec Spec(PoolServer server, TariffVersion version)
    {
        var spec = ServerSpec.From(server.TariffId, version, server.Name, server.LocationId, [], new Dictionary<string, string>());
        return spec with { Limits = spec.Limits with { MemoryMb = server.MemoryMb, DiskMb = server.DiskMb, CpuPercent = server.CpuPercent } };
    }

    private static async Task<(ResourcePool? Pool, PoolServer? Server, Error? Error)> LoadAsync(
        GameHostDbContext db, Guid customerId, Guid poolId, Guid serverId, CancellationToken cancellationToken)
    {
        var pool = await db.ResourcePools().FirstOrDefaultAsync(p => p.Id == poolId && p.CustomerId == customerId, cancellationToken);
        if (pool is null)
        {
            return (null, null, PoolsErrors.PoolNotFound);
        }

        if (pool.Status != ResourcePoolStatus.Active)
        {
            return (pool, null, PoolsErrors.PoolNotActive);
        }

        var server = await db.PoolServers().FirstOrDefaultAsync(s => s.Id == serverId && s.PoolId == poolId && s.Status == PoolServerStatus.Active, cancellationToken);
        return server is null ? (pool, null, PoolsErrors.ServerNotFound) : (pool, server, null);
    }

    private static Task<List<PoolServer>> ActiveServersAsync(GameHostDbContext db, Guid poolId, CancellationToken cancellationToken) =>
        db.PoolServers().AsNoTracking().Where(s => s.PoolId == poolId && s.Status == PoolServerStatus.Active).ToListAsync(cancellationToken);

    private static PoolSummary Summary(ResourcePool pool, IReadOnlyList<PoolServer> servers) => new(
        pool.Id, pool.Name, pool.Status, pool.Period, pool.RecurringNet, pool.PaidUntilUtc, pool.InvoiceId,
        new PoolUsage(pool.MemoryMb, pool.DiskMb, pool.CpuPercent, pool.MaxServers),
        new PoolUsage(servers.Sum(s => s.MemoryMb), servers.Sum(s => s.DiskMb), servers.Sum(s => s.CpuPercent), servers.Count),
        pool.EndsAtUtc);
}
