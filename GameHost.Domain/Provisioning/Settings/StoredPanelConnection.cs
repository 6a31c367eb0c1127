using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>Where the panel connection came from.</summary>
public enum PanelConnectionOrigin
{
    /// <summary>No settings stored and no built-in panel: provisioning cannot run.</summary>
    None = 0,

    /// <summary>The panel staff connected under Settings → Panel.</summary>
    Stored = 1,

    /// <summary>Settings are stored but the key cannot be decrypted: staff must enter it again.</summary>
    KeyUnreadable = 2,

    /// <summary>The panel that ships with the app (demo), used while staff have connected none.</summary>
    BuiltIn = 3,
}

public sealed record PanelConnectionResolution(PanelConnection? Connection, PanelConnectionOrigin Origin);

/// <summary>
/// The panel connection every panel call uses: the stored settings when staff connected a panel (the key decrypted
/// here, never stored or logged in clear), else the built-in panel if one is mounted, else none. A stored key that
/// cannot be decrypted gives no connection at all rather than a silent switch to the demo panel, so provisioning
/// stops visibly. The answer is cached briefly because every panel call asks; saving the settings clears the cache.
/// </summary>
public sealed class StoredPanelConnection(
    IServiceScopeFactory scopes, ISecretProtector protector, IEnumerable<IBuiltInPanel> builtInPanels, TimeProvider time)
    : IPanelConnectionSource
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyList<IBuiltInPanel> _builtIn = builtInPanels.ToList();
    private readonly Lock _gate = new();
    private (PanelConnectionResolution Resolution, DateTimeOffset At)? _cached;
    private long _generation;

    public async Task<PanelConnection?> GetAsync(CancellationToken cancellationToken) =>
        (await ResolveAsync(cancellationToken)).Connection;

    public async Task<PanelConnectionResolution> ResolveAsync(CancellationToken cancellationToken)
    {
        long generation;
        lock (_gate)
        {
            if (_cached is { } cached && time.GetUtcNow() - cached.At < CacheFor)
            {
                return cached.Resolution;
            }

            generation = _generation;
        }

        var resolution = await ReadAsync(cancellationToken);
        lock (_gate)
        {
            // A save that landed while this read ran may not be in it: answer it this once, but do not keep it.
            if (generation == _generation)
            {
                _cached = (resolution, time.GetUtcNow());
            }
        }

        return resolution;
    }

    /// <summary>Forgets the cached answer; the next call reads the settings again.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _cached = null;
            _generation++;
        }
    }

    private async Task<PanelConnectionResolution> ReadAsync(CancellationToken cancellationToken)
    {
        PanelSettings? settings;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<GameHostDbContext>>();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            settings = await db.PanelSettings().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        }

        if (settings is { IsConfigured: true })
        {
            var key = protector.Unprotect(settings.ProtectedApiKey);
            if (string.IsNullOrEmpty(key))
            {
                return new PanelConnectionResolution(null, PanelConnectionOrigin.KeyUnreadable);
            }

            var publicUrl = settings.PublicPanelUrl.Length > 0 ? settings.PublicPanelUrl : settings.PanelUrl;
            return new PanelConnectionResolution(
                new PanelConnection(PanelAddress.ApplicationApi(settings.PanelUrl), key, new Uri(publicUrl, UriKind.Absolute)),
                PanelConnectionOrigin.Stored);
        }

        foreach (var panel in _builtIn)
        {
            if (await panel.GetConnectionAsync(cancellationToken) is { } connection)
            {
                return new PanelConnectionResolution(connection, PanelConnectionOrigin.BuiltIn);
            }
        }

        return new PanelConnectionResolution(null, PanelConnectionOrigin.None);
    }
}
