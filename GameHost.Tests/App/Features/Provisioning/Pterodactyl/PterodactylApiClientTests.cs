using System.Text.Json;
using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Provisioning.Pterodactyl;

/// <summary>The adapter against the demo panel over real HTTP: what it sends, and how it reads the panel's envelopes.</summary>
public sealed class PterodactylApiClientTests : IAsyncLifetime
{
    private FakePanel _panel = null!;

    public async Task InitializeAsync() => _panel = await FakePanel.StartAsync();

    public async Task DisposeAsync() => await _panel.DisposeAsync();

    [Fact]
    public async Task EveryCall_SendsAcceptJsonAndBearerKeyButNoCookie_AndJsonContentTypeOnBodies()
    {
        var api = _panel.Api;
        await api.GetServerAsync(57, default);
        var created = await api.CreateServerAsync(FakePanelRequests.PaperServer("sub-headers"), default);
        await api.UpdateServerDetailsAsync(created.Value!.Id, new PanelServerDetails("Renamed", 12, "sub-headers", ""), default);
        await api.SuspendServerAsync(created.Value.Id, default);
        await api.DeleteServerAsync(created.Value.Id, default);

        var requests = _panel.Panel.Requests.All;
        Assert.Equal(5, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("application/json", r.Header("Accept"));
            Assert.Equal($"Bearer {_panel.Panel.ApiKey}", r.Header("Authorization"));
            Assert.Null(r.Header("Cookie"));
        });
        Assert.All(requests.Where(r => r.Method is "POST" or "PATCH" && r.Body.Length > 0),
            r => Assert.Equal("application/json", r.Header("Content-Type")));
    }

    [Fact]
    public async Task SearchUsersByEmailAsync_SubstringFilter_ReturnsMaliceForAlice_SoCallersMustCompareExactly()
    {
        var result = await _panel.Api.SearchUsersByEmailAsync("alice@example.com", default);

        Assert.True(result.IsSuccess);
        Assert.Equal(["alice@example.com", "malice@example.com"], result.Value!.Select(u => u.Email).Order());
        Assert.Single(result.Value!, u => string.Equals(u.Email, "alice@example.com", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("filter[email]=alice%40example.com", _panel.Panel.Requests.All.Single().Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUserByExternalIdAsync_DifferentLetterCase_FindsTheUserAndReadsTwoFactorAndTimestamp()
    {
        _panel.Panel.Update(d => d.Users.Single(u => u.Id == 12).TwoFactor = true);

        var result = await _panel.Api.GetUserByExternalIdAsync("CUST-1042", default);

        var user = Assert.IsType<PanelUser>(result.Value);
        Assert.Equal((12, "alice.w", true), (user.Id, user.Username, user.TwoFactorEnabled));
        Assert.NotNull(user.CreatedAt);
        Assert.Equal(TimeSpan.Zero, user.CreatedAt!.Value.Offset);
    }

    [Fact]
    public async Task GetUserByExternalIdAsync_NoSuchUser_SucceedsWithNull()
    {
        var result = await _panel.Api.GetUserByExternalIdAsync("nobody", default);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task GetServerAsync_AllocationsListedHighestPortFirst_PrimaryIsMatchedById()
    {
        var result = await _panel.Api.GetServerAsync(57, default);

        var server = Assert.IsType<PanelServer>(result.Value);
        Assert.Equal([106, 104], server.Allocations.Select(a => a.Id));
        Assert.Equal(104, server.PrimaryAllocation?.Id);
        Assert.Equal("198.51.100.10:25568", server.PrimaryAllocation?.Address);
    }

    [Fact]
    public async Task GetServerAsync_MixedTypeEnvironment_IsReadAsStrings()
    {
        var server = (await _panel.Api.GetServerAsync(57, default)).Value!;

        Assert.Equal("3", server.Environment["P_SERVER_ALLOCATION_LIMIT"]);
        Assert.Equal("server.jar", server.Environment["SERVER_JARFILE"]);
        Assert.Equal("za-jnb", server.Environment["P_SERVER_LOCATION"]);
        Assert.NotNull(server.CreatedAt);
    }

    [Fact]
    public async Task ListEggsAsync_VariablesWithMicrosecondTimestamps_AreReadWithTheirRules()
    {
        var result = await _panel.Api.ListEggsAsync(1, default);

        var paper = Assert.Single(result.Value!, e => e.Id == 3);
        Assert.Equal(["MINECRAFT_VERSION", "SERVER_JARFILE", "DL_PATH", "BUILD_NUMBER"], paper.Variables.Select(v => v.EnvVariable));
        Assert.Equal("required|string|max:20", paper.Variables.Single(v => v.EnvVariable == "BUILD_NUMBER").Rules);
        Assert.All(paper.Variables, v => Assert.NotNull(v.UpdatedAt));
        Assert.Contains("5", result.Value!.Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.EndsWith(".000000Z\"", JsonDocument.Parse(await RawAsync("/nests/1/eggs?include=variables"))
            .RootElement.GetProperty("data")[0].GetProperty("attributes").GetProperty("relationships").GetProperty("variables")
            .GetProperty("data")[0].GetProperty("attributes").GetProperty("updated_at").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFreeAllocationsAsync_ThreePagesAndMore_ReadsEveryPageWithItsOwnUrls()
    {
        await using var panel = await FakePanel.StartAsync(client: o => o.SyncPageSize = 15);

        var result = await panel.Api.ListFreeAllocationsAsync(1, default);

        // Node 1 has 40 ports, two of them taken by the seeded server.
        Assert.Equal(38, result.Value!.Count);
        Assert.DoesNotContain(result.Value!, a => a.Id is 104 or 106);
        var queries = panel.Panel.Requests.All.Select(r => r.Query).ToList();
        Assert.Equal(3, queries.Count);
        Assert.All(queries, q => Assert.Contains("filter[server_id]=false", Uri.UnescapeDataString(q), StringComparison.Ordinal));
        Assert.All(queries, q => Assert.Contains("per_page=15", q, StringComparison.Ordinal));
        Assert.Equal(["page=1", "page=2", "page=3"], queries.Select(q => q.Split('&').Single(p => p.StartsWith("page=", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task ListLocationsAsync_SinglePageWithEmptyLinksArray_IsRead()
    {
        var raw = JsonDocument.Parse(await RawAsync("/locations")).RootElement;
        Assert.Equal(JsonValueKind.Array, raw.GetProperty("meta").GetProperty("pagination").GetProperty("links").ValueKind);

        var result = await _panel.Api.ListLocationsAsync(default);

        Assert.Equal([(1, "za-jnb"), (2, "de-fra"), (3, "us-nyc")], result.Value!.Select(l => (l.Id, l.Code)));
    }

    [Fact]
    public async Task CreateServerAsync_Deploy_SendsOomDisabledTopLevelStringsAndEveryFeatureLimit()
    {
        var result = await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-oom"), default);

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        var body = JsonDocument.Parse(_panel.Panel.Requests.All.Single(r => r.Method == "POST").Body).RootElement;
        Assert.False(body.GetProperty("oom_disabled").GetBoolean());
        Assert.False(body.GetProperty("limits").TryGetProperty("oom_disabled", out _));
        Assert.Equal(JsonValueKind.String, body.GetProperty("external_id").ValueKind);
        Assert.All(body.GetProperty("environment").EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal([1, 2, 2], new[] { "databases", "allocations", "backups" }.Select(n => body.GetProperty("feature_limits").GetProperty(n).GetInt32()));
        Assert.False(_panel.Panel.Read(d => d.Servers.Single(s => s.ExternalId == "sub-oom").OomDisabled));
        var server = result.Value!;
        Assert.Equal(("installing", "sub-oom"), (server.Status, server.ExternalId));
        Assert.NotNull(server.PrimaryAllocation);
    }

    [Fact]
    public async Task CreateServerAsync_InstallCompletes_StatusTurnsNull_OrInstallFailed()
    {
        var ok = (await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-ok"), default)).Value!;
        var bad = (await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-bad"), default)).Value!;

        _panel.Panel.CompleteInstall(ok.Id);
        _panel.Panel.CompleteInstall(bad.Id, success: false);

        Assert.Null((await _panel.Api.GetServerAsync(ok.Id, default)).Value!.Status);
        Assert.Equal("install_failed", (await _panel.Api.GetServerAsync(bad.Id, default)).Value!.Status);
    }

    [Fact]
    public async Task CreateServerAsync_ExplicitAllocations_TakesThoseOnly()
    {
        var result = await _panel.Api.CreateServerAsync(
            FakePanelRequests.PaperServer("sub-explicit", PanelPlacement.Explicit(110, [111])), default);

        var server = result.Value!;
        Assert.Equal((110, 1), (server.AllocationId, server.NodeId));
        Assert.Equal([110, 111], server.Allocations.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task UpdateServerDetailsAsync_AlwaysSendsExternalId_SoThePanelKeepsIt()
    {
        var result = await _panel.Api.UpdateServerDetailsAsync(57, new PanelServerDetails("Renamed", 12, "svc-8812", "New text"), default);

        Assert.Equal(("Renamed", "svc-8812"), (result.Value!.Name, result.Value.ExternalId));
        var body = JsonDocument.Parse(_panel.Panel.Requests.All.Single().Body).RootElement;
        Assert.Equal("svc-8812", body.GetProperty("external_id").GetString());
    }

    [Fact]
    public async Task UpdateServerBuildAsync_SendsAllocationAndEveryFeatureLimit_AndTheUpgradeApplies()
    {
        var build = new PanelBuild(104, new PanelLimits(8192, 0, 40960, 500, 300, null, true), new PanelFeatureLimits(3, 4, 5), [107], []);

        var result = await _panel.Api.UpdateServerBuildAsync(57, build, default);

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        Assert.Equal((8192, 5, 104), (result.Value!.Limits.MemoryMb, result.Value.FeatureLimits.Backups, result.Value.AllocationId));
        Assert.Contains(result.Value.Allocations, a => a.Id == 107);
        var body = JsonDocument.Parse(_panel.Panel.Requests.All.Single().Body).RootElement;
        Assert.Equal(104, body.GetProperty("allocation").GetInt32());
        Assert.True(body.GetProperty("feature_limits").TryGetProperty("backups", out _));
        Assert.True(body.GetProperty("oom_disabled").GetBoolean());
    }

    [Fact]
    public async Task UpdateServerStartupAsync_FullEnvironment_KeepsEveryVariable()
    {
        var environment = new Dictionary<string, string>(FakePanelRequests.PaperEnvironment) { ["MINECRAFT_VERSION"] = "1.21.4" };

        var result = await _panel.Api.UpdateServerStartupAsync(57,
            new PanelStartup("java -jar {{SERVER_JARFILE}}", environment, 3, "ghcr.io/pterodactyl/yolks:java_17", SkipScripts: false), default);

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        Assert.Equal(("1.21.4", "server.jar", "latest"),
            (result.Value!.Environment["MINECRAFT_VERSION"], result.Value.Environment["SERVER_JARFILE"], result.Value.Environment["BUILD_NUMBER"]));
        Assert.Equal("ghcr.io/pterodactyl/yolks:java_17", result.Value.Image);
    }

    [Fact]
    public async Task SuspendAndUnsuspend_RepeatedCalls_AreHarmless()
    {
        Assert.True((await _panel.Api.SuspendServerAsync(57, default)).IsSuccess);
        Assert.True((await _panel.Api.SuspendServerAsync(57, default)).IsSuccess);
        Assert.Equal("suspended", (await _panel.Api.GetServerAsync(57, default)).Value!.Status);

        Assert.True((await _panel.Api.UnsuspendServerAsync(57, default)).IsSuccess);
        Assert.True((await _panel.Api.UnsuspendServerAsync(57, default)).IsSuccess);
        Assert.Null((await _panel.Api.GetServerAsync(57, default)).Value!.Status);
    }

    [Fact]
    public async Task DeleteServerAsync_Twice_BothSucceedAndTheServerIsGone()
    {
        Assert.True((await _panel.Api.DeleteServerAsync(57, default)).IsSuccess);
        Assert.True((await _panel.Api.DeleteServerAsync(57, default)).IsSuccess);

        Assert.Null((await _panel.Api.GetServerByExternalIdAsync("svc-8812", default)).Value);
        Assert.Equal([204, 404], _panel.Panel.Requests.All.Where(r => r.Method == "DELETE").Select(r => r.Status));
    }

    [Fact]
    public async Task CreateAndUpdateUser_FullState_AreAccepted()
    {
        var created = await _panel.Api.CreateUserAsync(new NewPanelUser("acct-77", "bob@example.com", "bob_77", "Bob", "Stone", "en"), default);
        Assert.True(created.IsSuccess, created.Failure?.ToString());

        var updated = await _panel.Api.UpdateUserAsync(created.Value!.Id,
            new PanelUserUpdate("bob@example.org", "bob_77", "Bob", "Stone", "acct-77"), default);

        Assert.Equal(("bob@example.org", "acct-77"), (updated.Value!.Email, updated.Value.ExternalId));
    }

    private async Task<string> RawAsync(string path)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _panel.Host.ApiBaseUrl + path);
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("Authorization", "Bearer " + _panel.Panel.ApiKey);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
