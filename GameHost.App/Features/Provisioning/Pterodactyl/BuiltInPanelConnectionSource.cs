using GameHost.Domain.Provisioning.Panel;

namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>
/// The connection when staff have not connected a panel of their own: the built-in demo panel if the app runs one,
/// otherwise none (every call then answers <see cref="PanelFailureKind.Credentials"/> without going anywhere). The
/// stored panel settings register their own source, which replaces this one.
/// </summary>
public sealed class BuiltInPanelConnectionSource(IEnumerable<IBuiltInPanel> builtInPanels) : IPanelConnectionSource
{
    public async Task<PanelConnection?> GetAsync(CancellationToken cancellationToken)
    {
        foreach (var panel in builtInPanels)
        {
            if (await panel.GetConnectionAsync(cancellationToken) is { } connection)
            {
                return connection;
            }
        }

        return null;
    }
}
