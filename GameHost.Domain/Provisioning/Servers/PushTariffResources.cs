using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Servers;

/// <param name="ServersToChange">Live servers whose limits differ from the current version's (add-ons kept on top).</param>
public sealed record ResourcePushPreview(int VersionNumber, int LiveServers, int ServersToChange);

/// <summary>
/// After staff change a tariff's resources, its live servers still run with what they were built with. This sends
/// the current version's resources and feature limits to every live server of the tariff whose limits differ, each
/// with its own add-ons on top, as build tasks (full state, safe to repeat). Prices are not touched: what a customer
/// pays stays as sold. Administrators only; audited against the tariff.
/// </summary>
public sealed class PushTariffResources(IDbContextFactory<GameHostDbContext> contexts, ProvisioningRequests requests, AuditLog audit)
{
    public async Task<Result<ResourcePushPreview>> PreviewAsync(Guid tariffId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plan = await PlanAsync(db, tariffId, cancellationToken);
        return plan.IsSuccess ? new ResourcePushPreview(plan.Value.Version, plan.Value.Live, plan.Value.Changes.Count) : plan.Error;
    }

    /// <returns>How many servers were queued for a build change; a repeat finds nothing left to change.</returns>
    public async Task<Result<int>> ExecuteAsync(Guid actorUserId, Guid tariffId, string? correlationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await ProvisioningActor.LoadAdminAsync(db, actorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var plan = await PlanAsync(db, tariffId, cancellationToken);
        if (!plan.IsSuccess)
        {
            return plan.Error;
        }

        if (plan.Value.Changes.Count == 0)
        {
            return 0;
        }

        foreach (var (server, spec) in plan.Value.Changes)
        {
            var requested = await requests.RequestBuildChangeAsync(db, server.SubscriptionId, spec, cancellationToken);
            if (!requested.IsSuccess)
            {
                return requested.Error;
            }
        }

        audit.Record(db, actor.Value, ProvisioningQueueAudit.ResourcesPushedAction, "Tariff", tariffId.ToString("D"), null,
            new { plan.Value.Version, Servers = plan.Value.Changes.Count }, correlationId);
        await db.SaveChangesAsync(cancellationToken);
        return plan.Value.Changes.Count;
    }

    private sealed record Plan(int Version, int Live, IReadOnlyList<(GameServer Server, ServerSpec Spec)> Changes);

    private static async Task<Result<Plan>> PlanAsync(GameHostDbContext db, Guid tariffId, CancellationToken cancellationToken)
    {
        var tariff = await db.Tariffs().AsNoTracking().FirstOrDefaultAsync(t => t.Id == tariffId, cancellationToken);
        if (tariff is null)
        {
            return ProvisioningErrors.TariffNotFound;
        }

        var version = await db.TariffVersions().AsNoTracking()
            .SingleAsync(v => v.TariffId == tariffId && v.Number == tariff.CurrentVersionNumber, cancellationToken);
        var servers = await db.GameServers()
            .Where(s => s.TariffId == tariffId && s.State != Servers.GameServerState.Deleting && s.State != Servers.GameServerState.Deleted)
            .ToListAsync(cancellationToken);
        var changes = new List<(GameServer, ServerSpec)>();
        foreach (var server in servers)
        {
            var (limits, features) = ServerSpec.Build(version.Resources, version.Features, server.AddOns);
            if (limits != server.Limits || features != server.Features)
            {
                changes.Add((server, server.Spec with { Limits = limits, Features = features }));
            }
        }

        return new Plan(version.Number, servers.Count, changes);
    }
}
