using GameHost.Domain.Provisioning.Settings;

namespace GameHost.Tests.Domain.Provisioning.Settings;

public sealed class StoredPanelConnectionTests : IDisposable
{
    private readonly PanelTestData _data = new();

    [Fact]
    public async Task Resolve_StoredSettingsAndBuiltInPanel_UsesTheStoredPanel()
    {
        _data.BuiltIn.Add(new FakeBuiltInPanel(FakeBuiltInPanel.Demo));
        await _data.ConnectAsync("https://panel.example.com/games");

        var resolution = await _data.Connection.ResolveAsync(CancellationToken.None);

        Assert.Equal(PanelConnectionOrigin.Stored, resolution.Origin);
        Assert.Equal(new Uri("https://panel.example.com/games/api/application/"), resolution.Connection!.ApplicationApiBaseUrl);
        Assert.Equal(PanelTestData.PanelKey, resolution.Connection.ApiKey);
        // No public address saved: customers are sent to the panel address itself.
        Assert.Equal(new Uri("https://panel.example.com/games"), resolution.Connection.PublicPanelUrl);
    }

    [Fact]
    public async Task Resolve_NothingStored_UsesTheBuiltInPanel()
    {
        _data.BuiltIn.Add(new FakeBuiltInPanel(null));
        _data.BuiltIn.Add(new FakeBuiltInPanel(FakeBuiltInPanel.Demo));

        var resolution = await _data.Connection.ResolveAsync(CancellationToken.None);

        Assert.Equal(PanelConnectionOrigin.BuiltIn, resolution.Origin);
        Assert.Same(FakeBuiltInPanel.Demo, resolution.Connection);
    }

    [Fact]
    public async Task Resolve_NothingStoredAndNoBuiltInPanel_IsNone()
    {
        var resolution = await _data.Connection.ResolveAsync(CancellationToken.None);

        Assert.Equal(new PanelConnectionResolution(null, PanelConnectionOrigin.None), resolution);
        Assert.Null(await _data.Connection.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Resolve_StoredKeyUnreadable_IsNoConnectionEvenWithABuiltInPanel()
    {
        _data.BuiltIn.Add(new FakeBuiltInPanel(FakeBuiltInPanel.Demo));
        await _data.ConnectAsync();
        _data.Protector.KeyRingLost = true;
        _data.Connection.Invalidate();

        var resolution = await _data.Connection.ResolveAsync(CancellationToken.None);

        Assert.Equal(new PanelConnectionResolution(null, PanelConnectionOrigin.KeyUnreadable), resolution);
        var view = await _data.SettingsQuery().ExecuteAsync(CancellationToken.None);
        Assert.Equal(PanelConnectionOrigin.KeyUnreadable, view.Origin);
        Assert.True(view.HasStoredKey);
    }

    [Fact]
    public async Task Resolve_WithinTheCacheTime_AnswersFromTheCacheUntilItExpires()
    {
        await _data.ConnectAsync();
        Assert.Equal(PanelConnectionOrigin.Stored, (await _data.Connection.ResolveAsync(CancellationToken.None)).Origin);

        // Changed behind the connection's back (not through the use case, which would clear the cache).
        _data.Protector.KeyRingLost = true;
        Assert.Equal(PanelConnectionOrigin.Stored, (await _data.Connection.ResolveAsync(CancellationToken.None)).Origin);

        _data.Time.Advance(StoredPanelConnection.CacheFor);
        Assert.Equal(PanelConnectionOrigin.KeyUnreadable, (await _data.Connection.ResolveAsync(CancellationToken.None)).Origin);
    }

    public void Dispose() => _data.Dispose();
}
