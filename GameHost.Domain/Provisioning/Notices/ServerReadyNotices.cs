using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Triggers;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GameHost.Domain.Provisioning.Notices;

/// <summary>
/// Raises <c>provisioning.server_ready</c> in the save that first makes a server usable (its first finished install,
/// whether the processor saw it or staff marked it installed). Once per server: the key is the server's id, and only
/// the first activation sets <see cref="GameServer.FirstActiveAtUtc"/>.
/// </summary>
public sealed class ServerReadyNotices(Notifier notifier) : NotifyOnSave<GameServer>(notifier)
{
    public static string Key(Guid serverId) => $"server-ready:{serverId:N}";

    protected override bool Happened(EntityEntry<GameServer> entry) =>
        entry.Entity.FirstActiveAtUtc is not null
        && (entry.State == EntityState.Added
            || (entry.State == EntityState.Modified && entry.Property(s => s.FirstActiveAtUtc).OriginalValue is null));

    protected override Guid Recipient(GameServer entity) => entity.CustomerId;

    protected override NotifyRequest Request(GameServer entity, string language) => new(
        NotificationCatalogue.Codes.ServerReady,
        entity.CustomerId,
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["server_name"] = entity.Name,
            ["address"] = entity.Address,
        },
        Key(entity.Id),
        $"/cabinet/services/{entity.SubscriptionId:D}");
}
