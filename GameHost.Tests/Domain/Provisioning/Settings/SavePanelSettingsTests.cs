using GameHost.Domain.Audit;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Provisioning.Settings;

public sealed class SavePanelSettingsTests : IDisposable
{
    private readonly PanelTestData _data = new();

    [Fact]
    public async Task Execute_NewSettings_StoresOnlyTheProtectedKeyAndItsMaskedHint()
    {
        var saved = await _data.ConnectAsync("https://panel.example.com/");

        Assert.True(saved.Changed);
        Assert.Equal("ptla_…WXYZ", saved.ApiKeyHint);
        var stored = await _data.StoredAsync();
        Assert.NotNull(stored);
        Assert.Equal("https://panel.example.com", stored.PanelUrl);
        Assert.DoesNotContain(PanelTestData.PanelKey, stored.ProtectedApiKey, StringComparison.Ordinal);
        Assert.Equal(PanelTestData.PanelKey, _data.Protector.Unprotect(stored.ProtectedApiKey));

        // Nothing in the row, read raw, holds the key in clear.
        await using var db = _data.Database.NewContext();
        var raw = await db.Database.SqlQueryRaw<string>(
                "SELECT PanelUrl || '|' || PublicPanelUrl || '|' || ProtectedApiKey || '|' || ApiKeyHint AS Value FROM PanelSettings")
            .SingleAsync();
        Assert.DoesNotContain(PanelTestData.PanelKey, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_KeyFieldLeftEmpty_KeepsTheStoredKey()
    {
        await _data.ConnectAsync();

        var result = await _data.Save().ExecuteAsync(_data.Command(url: "https://games.example.com", key: ""), CancellationToken.None);

        Assert.True(result.IsSuccess);
        var stored = await _data.StoredAsync();
        Assert.Equal("https://games.example.com", stored!.PanelUrl);
        Assert.Equal(PanelTestData.PanelKey, _data.Protector.Unprotect(stored.ProtectedApiKey));
        Assert.Equal("ptla_…WXYZ", stored.ApiKeyHint);
    }

    [Fact]
    public async Task Execute_Saved_IsAuditedWithTheHintButNeverTheKey()
    {
        await _data.ConnectAsync();
        const string newKey = "ptlc_NewAccountKey0000000000000000000000000000ZZ99";
        var replaced = await _data.Save().ExecuteAsync(_data.Command(key: newKey), CancellationToken.None);
        Assert.True(replaced.IsSuccess);

        await using var db = _data.Database.NewContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.SubjectType == SavePanelSettings.AuditSubject).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(SavePanelSettings.SavedAction, e.Action));
        Assert.All(entries, e =>
        {
            Assert.DoesNotContain(PanelTestData.PanelKey, (e.BeforeJson ?? "") + e.AfterJson, StringComparison.Ordinal);
            Assert.DoesNotContain(newKey, (e.BeforeJson ?? "") + e.AfterJson, StringComparison.Ordinal);
        });
        var change = Assert.Single(AuditSnapshotDiff.Compare(entries[1].BeforeJson, entries[1].AfterJson));
        Assert.Equal(("apiKeyHint", "ptla_…WXYZ", "ptlc_…ZZ99"), (change.Field, change.Before, change.After));
    }

    [Fact]
    public async Task Execute_SameSettingsTwice_SecondSaveChangesNothing()
    {
        await _data.ConnectAsync();

        var again = await _data.Save().ExecuteAsync(_data.Command(), CancellationToken.None);
        var emptyKey = await _data.Save().ExecuteAsync(_data.Command(key: null), CancellationToken.None);

        Assert.False(again.Value!.Changed);
        Assert.False(emptyKey.Value!.Changed);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.SubjectType == SavePanelSettings.AuditSubject));
    }

    [Fact]
    public async Task Execute_NoKeyGivenAndNoneStored_FailsAtTheKeyField()
    {
        var result = await _data.Save().ExecuteAsync(_data.Command(key: " "), CancellationToken.None);

        Assert.Equal("panel.api_key_required", result.Error?.Code);
        Assert.Equal("ApiKey", result.Error?.Field);
        Assert.Null(await _data.StoredAsync());
    }

    [Theory]
    [InlineData("panel.example.com", "panel.url_invalid")]
    [InlineData("ftp://panel.example.com", "panel.url_invalid")]
    [InlineData("https://panel.example.com/?page=1", "panel.url_invalid")]
    [InlineData("https://admin:secret@panel.example.com", "panel.url_invalid")]
    [InlineData("https://panel.example.com/api/application", "panel.url_includes_api_path")]
    [InlineData("https://panel.example.com/api/application/", "panel.url_includes_api_path")]
    public async Task Execute_BadPanelAddress_FailsAtTheAddressField(string url, string code)
    {
        var result = await _data.Save().ExecuteAsync(_data.Command(url: url), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal("PanelUrl", result.Error?.Field);
    }

    [Theory]
    [InlineData("short", "panel.api_key_invalid")]
    [InlineData("ptla_has a space in it 0123456789", "panel.api_key_invalid")]
    public async Task Execute_BadKey_FailsAtTheKeyField(string key, string code)
    {
        var result = await _data.Save().ExecuteAsync(_data.Command(key: key), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1441)]
    public async Task Execute_IntervalOutOfRange_Fails(int minutes)
    {
        var result = await _data.Save().ExecuteAsync(_data.Command(interval: minutes), CancellationToken.None);

        Assert.Equal("panel.sync_interval_out_of_range", result.Error?.Code);
    }

    [Fact]
    public async Task Execute_BySupportAgent_IsRefusedAndStoresNothing()
    {
        var result = await _data.Save().ExecuteAsync(_data.Command(actor: _data.SupportId), CancellationToken.None);

        Assert.Equal(PanelSettingsErrors.ActorNotAdmin, result.Error);
        Assert.Null(await _data.StoredAsync());
    }

    [Fact]
    public async Task Execute_NewKey_ClearsTheLastTestAndTheConnectionUsesItAtOnce()
    {
        await _data.ConnectAsync();
        await _data.Test().ExecuteAsync(CancellationToken.None);
        Assert.NotNull((await _data.StoredAsync())!.LastTestAtUtc);
        Assert.Equal(PanelTestData.PanelKey, (await _data.Connection.GetAsync(CancellationToken.None))!.ApiKey);

        const string newKey = "ptla_Replacement000000000000000000000000000000KEY1";
        var result = await _data.Save().ExecuteAsync(_data.Command(key: newKey, publicUrl: "https://play.example.com/"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        var stored = await _data.StoredAsync();
        Assert.Null(stored!.LastTestAtUtc);
        Assert.Null(stored.LastTestSucceeded);
        var connection = await _data.Connection.GetAsync(CancellationToken.None);
        Assert.Equal(newKey, connection!.ApiKey);
        Assert.Equal(new Uri("https://play.example.com"), connection.PublicPanelUrl);
    }

    public void Dispose() => _data.Dispose();
}
