using GameHost.Domain.Provisioning.Panel;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// The demo panel mounted inside the app, offered as the panel to use while staff have not connected a real one. The
/// app calls itself over loopback on the address it listens on, with the key generated at start-up.
/// </summary>
public sealed class BuiltInDemoPanel(DemoPanel panel, IServer server) : IBuiltInPanel
{
    public Task<PanelConnection?> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var baseAddress = LoopbackAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        PanelConnection? connection = baseAddress is null
            ? null
            : new PanelConnection(new Uri(baseAddress, DemoPanelEndpoints.ApiPath), panel.ApiKey, new Uri(baseAddress, DemoPanelEndpoints.RootPath));
        return Task.FromResult(connection);
    }

    /// <summary>
    /// One of the listening addresses as this machine can call it: plain HTTP preferred (no certificate to trust), a
    /// wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) replaced by <c>localhost</c>. Null before the
    /// server listens (or under a test server, which has no socket to call).
    /// </summary>
    internal static Uri? LoopbackAddress(IEnumerable<string> addresses)
    {
        var candidates = addresses
            .Select(a => a.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal))
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .ToList();
        return candidates.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? candidates.FirstOrDefault();
    }
}
