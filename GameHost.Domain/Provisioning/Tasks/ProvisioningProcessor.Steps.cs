using System.Globalization;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Tasks;

// What each kind of task does on the panel (contract §6–§8).
public sealed partial class ProvisioningProcessor
{
    /// <summary>Our own reasons for sending a task to staff (beside the panel's failure kinds).</summary>
    public static class StaffReasons
    {
        public const string AdoptMismatch = "adopt_mismatch";
        public const string DuplicateNotAdoptable = "duplicate_not_adoptable";
        public const string PanelUserTaken = "panel_user_taken";
        public const string PanelUserUnresolved = "panel_user_unresolved";
        public const string ServerMissing = "server_missing";
        public const string InstallFailed = "install_failed";
        public const string InstallStuck = "install_stuck";
        public const string NoRoom = "no_room";
    }

    private Task<Outcome> PerformAsync(Work work, CancellationToken cancellationToken) => work.Task.Kind switch
    {
        ProvisioningTaskKind.EnsurePanelUser => EnsurePanelUserAsync(work, cancellationToken),
        ProvisioningTaskKind.CreateServer => CreateServerAsync(work, cancellationToken),
        ProvisioningTaskKind.WaitForInstall => WaitForInstallAsync(work, cancellationToken),
        ProvisioningTaskKind.ApplyBuild => ApplyBuildAsync(work, cancellationToken),
        ProvisioningTaskKind.ChangeGame => ChangeGameAsync(work, cancellationToken),
        ProvisioningTaskKind.Reinstall => ReinstallAsync(work, cancellationToken),
        ProvisioningTaskKind.Suspend => SuspendAsync(work, suspend: true, cancellationToken),
        ProvisioningTaskKind.Unsuspend => SuspendAsync(work, suspend: false, cancellationToken),
        ProvisioningTaskKind.Delete => DeleteAsync(work, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown task kind {work.Task.Kind}."),
    };

    // ---- Panel user ---------------------------------------------------------------------------------------------

    private async Task<Outcome> EnsurePanelUserAsync(Work work, CancellationToken cancellationToken)
    {
        if (work.Server.IsGone)
        {
            return Outcome.Finished;
        }

        var (_, problem) = await EnsureUserAsync(work.Server.CustomerId, cancellationToken);
        return problem ?? Outcome.Finished;
    }

    /// <summary>
    /// The customer's panel user: ours if linked already; else the panel's user with our customer id as external id;
    /// else the user with EXACTLY the customer's e-mail (the panel's filter matches substrings), which is then linked;
    /// else a new one. A 422 "e-mail taken" means someone created it meanwhile (look again); "username taken", a new suffix.
    /// </summary>
    private async Task<(PanelAccount? Account, Outcome? Problem)> EnsureUserAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var customer = await LoadCustomerAsync(customerId, cancellationToken);
        if (customer.Account is not null)
        {
            return (customer.Account, null);
        }

        var externalId = PanelAccount.ExternalIdFor(customerId);
        var email = customer.Email;
        for (var round = 0; round < 3; round++)
        {
            var byExternal = await panel.GetUserByExternalIdAsync(externalId, cancellationToken);
            if (!byExternal.IsSuccess)
            {
                return (null, Trouble(byExternal.Failure));
            }

            if (byExternal.Value is { } linked)
            {
                return (await LinkAsync(customerId, linked, cancellationToken), null);
            }

            var found = await panel.SearchUsersByEmailAsync(email, cancellationToken);
            if (!found.IsSuccess)
            {
                return (null, Trouble(found.Failure));
            }

            var match = found.Value!.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                if (match.ExternalId is { Length: > 0 } other && !string.Equals(other, externalId, StringComparison.OrdinalIgnoreCase))
                {
                    return (null, new Outcome.NeedsStaff(StaffReasons.PanelUserTaken, null,
                        $"The panel user {match.Id} with the e-mail {email} is linked to another account ({other}).", "email"));
                }

                var attached = await panel.UpdateUserAsync(match.Id,
                    new PanelUserUpdate(match.Email, match.Username, match.FirstName, match.LastName, externalId), cancellationToken);
                return attached.IsSuccess
                    ? (await LinkAsync(customerId, attached.Value!, cancellationToken), null)
                    : (null, Trouble(attached.Failure));
            }

            var (first, last) = PanelNames(customer.FullName, email);
            var emailTaken = false;
            for (var attempt = 0; attempt < 5 && !emailTaken; attempt++)
            {
                var created = await panel.CreateUserAsync(
                    new NewPanelUser(externalId, email, PanelUsername(email, customerId, attempt), first, last, customer.Language), cancellationToken);
                if (created.IsSuccess)
                {
                    return (await LinkAsync(customerId, created.Value!, cancellationToken), null);
                }

                var failure = created.Failure;
                if (failure.Kind == PanelFailureKind.Duplicate && IsField(failure, "username"))
                {
                    continue;
                }

                if (failure.Kind == PanelFailureKind.Duplicate && (IsField(failure, "email") || IsField(failure, "external_id")))
                {
                    emailTaken = true;
                    continue;
                }

                if (failure.Kind == PanelFailureKind.OutcomeUnknown)
                {
                    // It may exist now: the next round looks it up by our id before anything is created again.
                    emailTaken = true;
                    continue;
                }

                return (null, Trouble(failure));
            }

            if (!emailTaken)
            {
                break;
            }
        }

        return (null, new Outcome.NeedsStaff(StaffReasons.PanelUserUnresolved, null,
            $"No panel user could be found or created for {email}: the panel keeps refusing the e-mail or the username."));
    }

    private sealed record CustomerFacts(string Email, string FullName, string Language, PanelAccount? Account);

    private async Task<CustomerFacts> LoadCustomerAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.PanelAccounts().AsNoTracking().FirstOrDefaultAsync(a => a.CustomerId == customerId, cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == customerId)
            .Select(u => new { u.Email, u.FullName, u.PreferredLanguage })
            .SingleAsync(cancellationToken);
        return new CustomerFacts(user.Email ?? "", user.FullName, user.PreferredLanguage, account);
    }

    /// <summary>Saves the link at once, on its own: two tasks of one customer racing here end with the same single link.</summary>
    private async Task<PanelAccount> LinkAsync(Guid customerId, PanelUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = new PanelAccount
        {
            CustomerId = customerId,
            PanelUserId = user.Id,
            Username = user.Username,
            ExternalId = PanelAccount.ExternalIdFor(customerId),
            CreatedAtUtc = Now(),
        };
        db.PanelAccounts().Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return account;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await db.PanelAccounts().AsNoTracking().SingleAsync(a => a.CustomerId == customerId, cancellationToken);
        }
    }

    /// <summary>
    /// A username the panel accepts (lower case, ≥ 3 characters, letters, digits, <c>_ . -</c>, starting and ending
    /// with a letter or digit): the e-mail's local part and a piece of the customer id, plus a counter on collisions.
    /// </summary>
    internal static string PanelUsername(string email, Guid customerId, int attempt)
    {
        var local = (email ?? "").Split('@')[0].ToLowerInvariant();
        var cleaned = new string(local.Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-').ToArray());
        cleaned = cleaned.Length > 20 ? cleaned[..20] : cleaned;
        cleaned = cleaned.Trim('_', '.', '-');
        if (cleaned.Length == 0)
        {
            cleaned = "user";
        }

        var id = customerId.ToString("N")[..6];
        return attempt == 0 ? $"{cleaned}-{id}" : $"{cleaned}-{id}-{(attempt + 1).ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>First and last name for the panel, both required: a single name gets <see cref="LastNameFallback"/>.</summary>
    internal static (string First, string Last) PanelNames(string? fullName, string email)
    {
        var parts = (fullName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = parts.Length > 0 ? parts[0] : (email ?? "").Split('@')[0];
        var last = parts.Length > 1 ? string.Join(' ', parts[1..]) : LastNameFallback;
        return (Cap(first.Length > 0 ? first : "Customer"), Cap(last));

        static string Cap(string text) => text.Length <= 191 ? text : text[..191];
    }

    private static bool IsField(PanelFailure failure, string field) =>
        string.Equals(failure.SourceField, field, StringComparison.OrdinalIgnoreCase)
        || failure.All.Any(f => f.Kind == PanelFailureKind.Duplicate && string.Equals(f.SourceField, field, StringComparison.OrdinalIgnoreCase));

    // ---- Create and install -------------------------------------------------------------------------------------

    private async Task<Outcome> CreateServerAsync(Work work, CancellationToken cancellationToken)
    {
        var server = work.Server;
        if (server.IsGone)
        {
            return Outcome.Finished;
        }

        if (server.State is GameServerState.Pending or GameServerState.Failed)
        {
            server.State = GameServerState.Creating;
        }

        var (account, problem) = await EnsureUserAsync(server.CustomerId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Look first: an earlier attempt may have created it even though we never heard back (contract §7).
        var externalId = ExternalId(server);
        var existing = await panel.GetServerByExternalIdAsync(externalId, cancellationToken);
        if (!existing.IsSuccess)
        {
            return Trouble(existing.Failure);
        }

        if (existing.Value is { } found)
        {
            return Adopt(work, account!, found);
        }

        var placement = await PlaceAsync(server.Spec, cancellationToken);
        if (placement.Problem is not null)
        {
            return placement.Problem;
        }

        var spec = server.Spec;
        var created = await panel.CreateServerAsync(new NewPanelServer(
            externalId, spec.Name, null, account!.PanelUserId, spec.EggId, spec.DockerImage, spec.Startup, spec.Environment,
            Limits(spec), Features(spec), placement.Placement!), cancellationToken);
        if (created.IsSuccess)
        {
            return Created(work, created.Value!);
        }

        var failure = created.Failure;
        if (failure.Kind is not (PanelFailureKind.Duplicate or PanelFailureKind.OutcomeUnknown))
        {
            return Trouble(failure);
        }

        // "Taken" or no clear answer: if the panel has it now, it is ours.
        var again = await panel.GetServerByExternalIdAsync(externalId, cancellationToken);
        if (again.IsSuccess && again.Value is { } adopted)
        {
            return Adopt(work, account, adopted);
        }

        if (failure.Kind == PanelFailureKind.Duplicate && again.IsSuccess)
        {
            return new Outcome.NeedsStaff(StaffReasons.DuplicateNotAdoptable, failure.Code,
                $"The panel says a server with our id {externalId} exists but does not show it: {failure.Detail}", failure.SourceField, failure.HttpStatus);
        }

        return Trouble(failure);
    }

    /// <summary>A server the panel already has under our id is taken over, if it is the customer's and the right game.</summary>
    private Outcome Adopt(Work work, PanelAccount account, PanelServer found)
    {
        if (found.UserId != account.PanelUserId || found.EggId != work.Server.EggId)
        {
            return new Outcome.NeedsStaff(StaffReasons.AdoptMismatch, null,
                $"The panel's server {found.Id} carries our id but belongs to panel user {found.UserId} with egg {found.EggId}; "
                + $"expected user {account.PanelUserId} with egg {work.Server.EggId}.");
        }

        return Created(work, found);
    }

    /// <summary>The server is on the panel: remember its facts and follow its install.</summary>
    private Outcome Created(Work work, PanelServer created)
    {
        var now = Now();
        work.Server.RecordPanelFacts(created, now);
        work.Server.State = GameServerState.Installing;
        FollowInstall(work, now);
        return Outcome.Finished;
    }

    /// <summary>A wait-for-install task in the place of the current task, ahead of everything queued after it.</summary>
    private static void FollowInstall(Work work, DateTime now)
    {
        var follow = ProvisioningTask.New(work.Server.Id, ProvisioningTaskKind.WaitForInstall, work.Task.Sequence,
            now + TimeSpan.FromSeconds(Math.Max(1, work.Settings.InstallPollSeconds)));
        follow.CreatedAtUtc = now;
        work.Db.ProvisioningTasks().Add(follow);
    }

    /// <summary>Deploy into the location, or — when the tariff names nodes — a free port on one of them with room.</summary>
    private async Task<(PanelPlacement? Placement, Outcome? Problem)> PlaceAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        if (spec.NodeIds.Count == 0)
        {
            return (PanelPlacement.Deploy([spec.LocationId]), null);
        }

        var nodes = await panel.ListDeployableNodesAsync(spec.Limits.MemoryMb, spec.Limits.DiskMb, [spec.LocationId], cancellationToken);
        if (!nodes.IsSuccess)
        {
            return (null, Trouble(nodes.Failure));
        }

        var candidates = nodes.Value!.Where(n => spec.NodeIds.Contains(n.Id) && !n.MaintenanceMode).OrderBy(n => n.Id).ToList();
        foreach (var node in candidates)
        {
            var free = await panel.ListFreeAllocationsAsync(node.Id, cancellationToken);
            if (!free.IsSuccess)
            {
                return (null, Trouble(free.Failure));
            }

            if (free.Value!.FirstOrDefault(a => !a.Assigned) is { } allocation)
            {
                return (PanelPlacement.Explicit(allocation.Id), null);
            }
        }

        return (null, new Outcome.NeedsStaff(StaffReasons.NoRoom, candidates.Count == 0 ? "NoViableNodeException" : "NoViableAllocationException",
            $"None of the tariff's nodes ({string.Join(", ", spec.NodeIds)}) in location {spec.LocationId} has room and a free port."));
    }

    private async Task<Outcome> WaitForInstallAsync(Work work, CancellationToken cancellationToken)
    {
        var server = work.Server;
        if (server.IsGone)
        {
            return Outcome.Finished;
        }

        var read = await ReadServerAsync(server, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var now = Now();
        var found = read.Server!;
        server.RecordPanelFacts(found, now);
        var task = work.Task;
        task.StepStartedAtUtc ??= now;
        switch (found.Status)
        {
            case "installing":
                if (now - task.StepStartedAtUtc.Value > TimeSpan.FromMinutes(work.Settings.InstallTimeoutMinutes))
                {
                    return new Outcome.NeedsStaff(StaffReasons.InstallStuck, null,
                        $"The install has been running for over {work.Settings.InstallTimeoutMinutes} minutes.");
                }

                if (server.State is GameServerState.Failed or GameServerState.Pending or GameServerState.Creating)
                {
                    server.State = GameServerState.Installing;
                }

                return new Outcome.Wait(now + NextPoll(work));

            case "install_failed" or "reinstall_failed":
                if (server.AutomaticReinstalls > 0)
                {
                    return new Outcome.NeedsStaff(StaffReasons.InstallFailed, found.Status,
                        "The install script failed, also after an automatic reinstall. Check the server's install log on the panel.");
                }

                var reinstall = await panel.ReinstallServerAsync(found.Id, cancellationToken);
                if (!reinstall.IsSuccess)
                {
                    return Trouble(reinstall.Failure);
                }

                server.AutomaticReinstalls++;
                server.PanelStatus = "installing";
                task.StepStartedAtUtc = now;
                task.Step = 0;
                return new Outcome.Wait(now + NextPoll(work));

            default:
                // Null (installed), suspended, restoring a backup: the install is over.
                server.MarkInstalled(now);
                if (found.Status == "suspended")
                {
                    server.State = GameServerState.Suspended;
                }
                else if (server.SuspendRequested
                    && !await work.Db.ProvisioningTasks().AnyAsync(
                        t => t.GameServerId == server.Id && t.Kind == ProvisioningTaskKind.Suspend && t.State == ProvisioningTaskState.Pending,
                        cancellationToken))
                {
                    // A reinstall may lift a suspension (contract §6.11): suspend again.
                    ProvisioningRequests.AddTask(work.Db, server, ProvisioningTaskKind.Suspend, now);
                }

                return Outcome.Finished;
        }
    }

    /// <summary>Install polls back off: the first soon, then twice as long each time, up to the configured maximum.</summary>
    private static TimeSpan NextPoll(Work work)
    {
        var seconds = Math.Max(1, work.Settings.InstallPollSeconds) * Math.Pow(2, Math.Min(work.Task.Step, 10));
        work.Task.Step++;
        return TimeSpan.FromSeconds(Math.Min(seconds, Math.Max(work.Settings.InstallPollSeconds, work.Settings.InstallPollMaxSeconds)));
    }

    // ---- Changes to a live server -------------------------------------------------------------------------------

    private async Task<Outcome> ApplyBuildAsync(Work work, CancellationToken cancellationToken)
    {
        var server = work.Server;
        if (server.IsGone || server.PanelServerId is null)
        {
            // Not on the panel (yet, or any more): a create sends the current spec anyway.
            return Outcome.Finished;
        }

        var read = await ReadServerAsync(server, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        // Full build state on every call: the current default allocation and all three feature limits (pitfall 7).
        var spec = server.Spec;
        var updated = await panel.UpdateServerBuildAsync(read.Server!.Id,
            new PanelBuild(read.Server.AllocationId, Limits(spec), Features(spec), [], []), cancellationToken);
        if (!updated.IsSuccess)
        {
            return Trouble(updated.Failure);
        }

        server.RecordPanelFacts(updated.Value!, Now());
        return Outcome.Finished;
    }

    private const int StepStartupSent = 1;

    private async Task<Outcome> ChangeGameAsync(Work work, CancellationToken cancellationToken)
    {
        var server = work.Server;
        if (server.IsGone || server.PanelServerId is null)
        {
            return Outcome.Finished;
        }

        if (work.Task.Step < StepStartupSent)
        {
            var read = await ReadServerAsync(server, cancellationToken);
            if (read.Problem is not null)
            {
                return read.Problem;
            }

            // The COMPLETE environment: what the server has (minus the panel's own keys), then ours over it (pitfall 6, 20).
            var spec = server.Spec;
            var environment = read.Server!.Environment
                .Where(e => e.Key != "STARTUP" && !e.Key.StartsWith("P_SERVER_", StringComparison.Ordinal))
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            foreach (var (key, value) in spec.Environment)
            {
                environment[key] = value;
            }

            var startup = await panel.UpdateServerStartupAsync(read.Server.Id,
                new PanelStartup(spec.Startup, environment, spec.EggId, spec.DockerImage, SkipScripts: false), cancellationToken);
            if (!startup.IsSuccess)
            {
                return Trouble(startup.Failure);
            }

            // Recorded before the reinstall, which must not run twice for one change.
            work.Task.Step = StepStartupSent;
            work.Task.ConcurrencyToken = Guid.NewGuid();
            await work.Db.SaveChangesAsync(CancellationToken.None);
        }

        return await ReinstallAsync(work, cancellationToken);
    }

    private async Task<Outcome> ReinstallAsync(Work work, CancellationToken cancellationToken)
    {
        var server = work.Server;
        if (server.IsGone || server.PanelServerId is null)
        {
            return Outcome.Finished;
        }

        var reinstall = await panel.ReinstallServerAsync(server.PanelServerId.Value, cancellationToken);
        if (!reinstall.IsSuccess)
        {
            if (reinstall.Failure.Kind != PanelFailureKind.OutcomeUnknown)
            {
                return Trouble(reinstall.Failure);
            }

            // Not idempotent: before trying again, see whether the last call started it.
            var read = await ReadServerAsync(server, cancellationToken);
            if (read.Server?.Status != "installing")
            {
                return Trouble(reinstall.Failure);
            }
        }

        var now = Now();
        server.State = GameServerState.Installing;
        server.PanelStatus = "installing";
        server.AutomaticReinstalls = 0;
        FollowInstall(work, now);
        return Outcome.Finished;
    }

    private async Task<Outcome> SuspendAsync(Work work, bool suspend, CancellationToken cancellationToken)
    {
        var server = work.Server;
        if (server.IsGone)
        {
            return Outcome.Finished;
        }

        if (server.PanelServerId is null)
        {
            // Its earlier tasks are finished and nothing was created (staff cancelled the create): nothing to change.
            return Outcome.Finished;
        }

        if (!server.InstallCompleted)
        {
            // Suspending during the first install loses its status (contract §6.11): wait until it is over.
            var read = await ReadServerAsync(server, cancellationToken);
            if (read.Problem is not null)
            {
                return read.Problem;
            }

            server.RecordPanelFacts(read.Server!, Now());
            if (read.Server!.Status is "installing" or "install_failed" or "reinstall_failed")
            {
                return new Outcome.Wait(Now() + TimeSpan.FromSeconds(Math.Max(work.Settings.InstallPollSeconds, work.Settings.InstallPollMaxSeconds)));
            }

            server.MarkInstalled(Now());
        }

        var result = suspend
            ? await panel.SuspendServerAsync(server.PanelServerId.Value, cancellationToken)
            : await panel.UnsuspendServerAsync(server.PanelServerId.Value, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Failure.Kind == PanelFailureKind.NotFound ? Missing(server) : Trouble(result.Failure);
        }

        server.PanelStatus = suspend ? "suspended" : null;
        server.PanelStatusSeenAtUtc = Now();
        server.State = suspend ? GameServerState.Suspended : GameServerState.Active;
        return Outcome.Finished;
    }

    private async Task<Outcome> DeleteAsync(Work work, CancellationToken cancellationToken)
    {
        var server = work.Server;
        var panelId = server.PanelServerId;
        if (panelId is null)
        {
            // A create may have happened without our hearing of it: look under our id.
            var found = await panel.GetServerByExternalIdAsync(ExternalId(server), cancellationToken);
            if (!found.IsSuccess)
            {
                return Trouble(found.Failure);
            }

            panelId = found.Value?.Id;
        }

        if (panelId is not null)
        {
            var deleted = await panel.DeleteServerAsync(panelId.Value, cancellationToken);
            if (!deleted.IsSuccess && deleted.Failure.Kind != PanelFailureKind.NotFound)
            {
                return Trouble(deleted.Failure);
            }
        }

        server.State = GameServerState.Deleted;
        server.PanelStatus = null;
        server.PanelStatusSeenAtUtc = Now();
        return Outcome.Finished;
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    /// <summary>The server as the panel has it now; a server we know of that the panel lacks is drift, for staff.</summary>
    private async Task<(PanelServer? Server, Outcome? Problem)> ReadServerAsync(GameServer server, CancellationToken cancellationToken)
    {
        var read = server.PanelServerId is { } id
            ? await panel.GetServerAsync(id, cancellationToken)
            : await panel.GetServerByExternalIdAsync(ExternalId(server), cancellationToken);
        if (!read.IsSuccess)
        {
            return (null, read.Failure.Kind == PanelFailureKind.NotFound ? Missing(server) : Trouble(read.Failure));
        }

        return read.Value is null ? (null, Missing(server)) : (read.Value, null);
    }

    private static Outcome Missing(GameServer server) => new Outcome.NeedsStaff(StaffReasons.ServerMissing, "NotFoundHttpException",
        server.PanelServerId is { } id
            ? $"The panel has no server {id} any more (deleted by hand?)."
            : $"The panel has no server with our id {ExternalId(server)}.", HttpStatus: 404);

    private static Outcome Trouble(PanelFailure failure) => new Outcome.PanelTrouble(failure);

    internal static string ExternalId(GameServer server) => server.SubscriptionId.ToString("D");

    private static PanelLimits Limits(ServerSpec spec) => new(
        spec.Limits.MemoryMb, spec.Limits.SwapMb, spec.Limits.DiskMb, spec.Limits.IoWeight, spec.Limits.CpuPercent, spec.Limits.CpuThreads,
        spec.Limits.OomDisabled);

    private static PanelFeatureLimits Features(ServerSpec spec) => new(spec.Features.Databases, spec.Features.Allocations, spec.Features.Backups);
}
