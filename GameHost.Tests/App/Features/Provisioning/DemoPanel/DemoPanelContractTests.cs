using System.Net;
using System.Text;
using System.Text.Json;
using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.App.Features.Provisioning.DemoPanel;

/// <summary>The demo panel's own behaviour, raw over HTTP, against the contract's §2, §3, §6 and §10.</summary>
public sealed class DemoPanelContractTests : IAsyncLifetime
{
    private const string PaperBody = """
        {"external_id":"sub-1","name":"S","user":12,"egg":3,"docker_image":"ghcr.io/pterodactyl/yolks:java_21","startup":"java",
         "environment":{"MINECRAFT_VERSION":"latest","SERVER_JARFILE":"server.jar","DL_PATH":"","BUILD_NUMBER":"latest"},
         "limits":{"memory":1024,"swap":0,"disk":5120,"io":500,"cpu":100},"oom_disabled":false,
         "feature_limits":{"databases":0,"allocations":1,"backups":0},
         "deploy":{"locations":[2],"dedicated_ip":false,"port_range":[]}}
        """;

    private DemoPanelHost _host = null!;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly FakeTimeProvider _time = new(FakePanel.Start);

    public async Task InitializeAsync() => _host = await DemoPanelHost.StartAsync(new DemoPanelOptions { InstallSeconds = 20 }, _time);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task CreateServer_Valid_201WithoutMeta_InstallingUntilTheInstallTimePasses()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/servers", PaperBody);

        Assert.Equal(201, status);
        Assert.False(body.TryGetProperty("meta", out _));
        var attributes = body.GetProperty("attributes");
        Assert.Equal(("server", "installing", 0), (body.GetProperty("object").GetString(), attributes.GetProperty("status").GetString(),
            attributes.GetProperty("container").GetProperty("installed").GetInt32()));
        var id = attributes.GetProperty("id").GetInt32();

        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal("installing", (await SendAsync(HttpMethod.Get, $"/servers/{id}")).Body.GetProperty("attributes").GetProperty("status").GetString());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(JsonValueKind.Null, (await SendAsync(HttpMethod.Get, $"/servers/{id}")).Body.GetProperty("attributes").GetProperty("status").ValueKind);
    }

    [Fact]
    public async Task CreateServer_OomDisabledOnlyInsideLimits_IsIgnoredAndDefaultsToTrue()
    {
        var body = PaperBody.Replace("\"oom_disabled\":false,", "", StringComparison.Ordinal)
            .Replace("\"cpu\":100}", "\"cpu\":100,\"oom_disabled\":false}", StringComparison.Ordinal);

        var (status, created) = await SendAsync(HttpMethod.Post, "/servers", body);

        Assert.Equal(201, status);
        Assert.True(created.GetProperty("attributes").GetProperty("limits").GetProperty("oom_disabled").GetBoolean());
    }

    [Fact]
    public async Task CreateServer_NumericExternalId_422StringRule()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/servers", PaperBody.Replace("\"sub-1\"", "8812", StringComparison.Ordinal));

        Assert.Equal(422, status);
        var error = body.GetProperty("errors")[0];
        Assert.Equal(("422", "external_id", "string"), (error.GetProperty("status").GetString(),
            error.GetProperty("meta").GetProperty("source_field").GetString(), error.GetProperty("meta").GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task CreateServer_RequestAndVariableErrors_RequestValidationAnswersFirst()
    {
        var body = PaperBody.Replace("\"io\":500", "\"io\":0", StringComparison.Ordinal)
            .Replace("\"SERVER_JARFILE\":\"server.jar\",", "", StringComparison.Ordinal);

        var first = await SendAsync(HttpMethod.Post, "/servers", body);
        var second = await SendAsync(HttpMethod.Post, "/servers", body.Replace("\"io\":0", "\"io\":500", StringComparison.Ordinal));

        Assert.Equal(["limits.io"], Fields(first.Body));
        Assert.Equal(["environment.SERVER_JARFILE"], Fields(second.Body));
        Assert.Equal("The Server Jar File variable field is required.", second.Body.GetProperty("errors")[0].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateServer_NumberForAStringVariable_422()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/servers", PaperBody.Replace("\"BUILD_NUMBER\":\"latest\"", "\"BUILD_NUMBER\":123", StringComparison.Ordinal));

        Assert.Equal(422, status);
        Assert.Equal(["environment.BUILD_NUMBER"], Fields(body));
    }

    [Fact]
    public async Task CreateServer_SameExternalIdTwice_Second422Unique()
    {
        await SendAsync(HttpMethod.Post, "/servers", PaperBody);

        var (status, body) = await SendAsync(HttpMethod.Post, "/servers", PaperBody.Replace("\"sub-1\"", "\"SUB-1\"", StringComparison.Ordinal));

        Assert.Equal(422, status);
        Assert.Equal("unique", body.GetProperty("errors")[0].GetProperty("meta").GetProperty("rule").GetString());
    }

    [Fact]
    public async Task CreateServer_Overallocation_FillsTheNodeThenNoViableNode()
    {
        // fra-node-01: 32768 MiB with 10 % overallocation, 4096 MiB already promised: 31948 MiB left.
        var big = PaperBody.Replace("\"memory\":1024", "\"memory\":31948", StringComparison.Ordinal);

        var fits = await SendAsync(HttpMethod.Post, "/servers", big);
        var full = await SendAsync(HttpMethod.Post, "/servers", PaperBody.Replace("sub-1", "sub-2", StringComparison.Ordinal));

        Assert.Equal(201, fits.Status);
        Assert.Equal((400, "NoViableNodeException"), (full.Status, full.Body.GetProperty("errors")[0].GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Lookups_ExternalIdInAnyLetterCase_Found_UnknownRoute404()
    {
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/servers/external/SVC-8812")).Status);
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/users/external/Cust-1042")).Status);
        var (status, body) = await SendAsync(HttpMethod.Get, "/server/57");
        Assert.Equal((404, "NotFoundHttpException"), (status, body.GetProperty("errors")[0].GetProperty("code").GetString()));
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/servers/abc")).Status);
    }

    [Fact]
    public async Task Lists_UnknownFilter400_SubstringEmail_ExactPort_FreeAllocations()
    {
        var unknown = await SendAsync(HttpMethod.Get, "/users?filter[name]=x");
        Assert.Equal((400, "InvalidFilterQuery"), (unknown.Status, unknown.Body.GetProperty("errors")[0].GetProperty("code").GetString()));

        var users = await SendAsync(HttpMethod.Get, "/users?filter[email]=ALICE@example.com");
        Assert.Equal(2, users.Body.GetProperty("data").GetArrayLength());

        var port = await SendAsync(HttpMethod.Get, "/nodes/1/allocations?filter[port]=2556");
        Assert.Equal(0, port.Body.GetProperty("data").GetArrayLength());
        var exact = await SendAsync(HttpMethod.Get, "/nodes/1/allocations?filter[port]=25568");
        Assert.Equal(104, exact.Body.GetProperty("data")[0].GetProperty("attributes").GetProperty("id").GetInt32());

        var free = await SendAsync(HttpMethod.Get, "/nodes/1/allocations?filter[server_id]=false&per_page=100");
        Assert.Equal(38, free.Body.GetProperty("meta").GetProperty("pagination").GetProperty("total").GetInt32());
        var owned = await SendAsync(HttpMethod.Get, "/nodes/1/allocations?filter[server_id]=57");
        Assert.Equal(2, owned.Body.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Lists_PageLinks_ObjectWithOnlyThePageNumber_EmptyArrayOnASinglePage()
    {
        var page = await SendAsync(HttpMethod.Get, "/nodes/1/allocations?per_page=5&page=2&filter[server_id]=false");
        var links = page.Body.GetProperty("meta").GetProperty("pagination").GetProperty("links");
        Assert.EndsWith("/nodes/1/allocations?page=3", links.GetProperty("next").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/nodes/1/allocations?page=1", links.GetProperty("previous").GetString(), StringComparison.Ordinal);

        var single = await SendAsync(HttpMethod.Get, "/locations");
        Assert.Equal(JsonValueKind.Array, single.Body.GetProperty("meta").GetProperty("pagination").GetProperty("links").ValueKind);

        var eggs = await SendAsync(HttpMethod.Get, "/nests/1/eggs");
        Assert.False(eggs.Body.TryGetProperty("meta", out _));
    }

    [Fact]
    public async Task PatchDetails_WithoutExternalId_ClearsIt()
    {
        var (status, body) = await SendAsync(new HttpMethod("PATCH"), "/servers/57/details", """{"name":"Renamed","user":12}""");

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("attributes").GetProperty("external_id").ValueKind);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/servers/external/svc-8812")).Status);
    }

    [Fact]
    public async Task PatchStartup_PartialEnvironment_BlanksTheRestAndFailsRequiredOnes()
    {
        var (status, body) = await SendAsync(new HttpMethod("PATCH"), "/servers/57/startup",
            """{"startup":"java","environment":{"MINECRAFT_VERSION":"1.21"},"egg":3,"image":"ghcr.io/pterodactyl/yolks:java_21","skip_scripts":false}""");

        Assert.Equal(422, status);
        Assert.Equal(["environment.BUILD_NUMBER", "environment.SERVER_JARFILE"], Fields(body).Order());

        var untouched = await SendAsync(new HttpMethod("PATCH"), "/servers/57/startup",
            """{"startup":"java","environment":{},"egg":3,"image":"ghcr.io/pterodactyl/yolks:java_21","skip_scripts":false}""");
        Assert.Equal("server.jar", untouched.Body.GetProperty("attributes").GetProperty("container").GetProperty("environment").GetProperty("SERVER_JARFILE").GetString());
    }

    [Fact]
    public async Task PatchBuild_WithoutAllocationOrBackups_422_RemovingTheDefault400()
    {
        var missing = await SendAsync(new HttpMethod("PATCH"), "/servers/57/build",
            """{"limits":{"memory":1,"swap":0,"disk":1,"io":500,"cpu":0},"feature_limits":{"databases":0}}""");
        Assert.Equal(["allocation", "feature_limits.backups"], Fields(missing.Body).Order());

        var removing = await SendAsync(new HttpMethod("PATCH"), "/servers/57/build",
            """{"allocation":104,"limits":{"memory":1,"swap":0,"disk":1,"io":500,"cpu":0},"feature_limits":{"databases":0,"backups":0},"remove_allocations":[104]}""");
        Assert.Equal((400, "DisplayException"), (removing.Status, removing.Body.GetProperty("errors")[0].GetProperty("code").GetString()));
    }

    [Fact]
    public async Task SuspendUnsuspendDelete_204WithEmptyBody_RepeatsHarmless_DeleteThen404()
    {
        foreach (var action in new[] { "suspend", "suspend", "unsuspend", "unsuspend" })
        {
            using var response = await RawAsync(HttpMethod.Post, $"/servers/57/{action}");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(204, (await SendAsync(HttpMethod.Delete, "/servers/57")).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Delete, "/servers/57")).Status);
        // The ports are free again.
        var free = await SendAsync(HttpMethod.Get, "/nodes/1/allocations?filter[server_id]=false&per_page=100");
        Assert.Equal(40, free.Body.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Reinstall_FailingInstall_EndsReinstallFailed()
    {
        _host.Panel.FailNextInstalls(1);
        await SendAsync(HttpMethod.Post, "/servers/57/reinstall");
        Assert.Equal("installing", _host.Panel.Read(d => d.Servers.Single(s => s.Id == 57).Status));

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal("reinstall_failed", (await SendAsync(HttpMethod.Get, "/servers/57")).Body.GetProperty("attributes").GetProperty("status").GetString());
    }

    [Fact]
    public async Task CreateUser_201WithMetaResource_PatchNeedsEveryNameField_DeleteRefusedWhileOwningServers()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/users",
            """{"external_id":"acct-9","email":"dana@example.com","username":"dana","first_name":"Dana","last_name":"Lee"}""");
        Assert.Equal(201, status);
        var id = body.GetProperty("attributes").GetProperty("id").GetInt32();
        Assert.EndsWith($"/users/{id}", body.GetProperty("meta").GetProperty("resource").GetString(), StringComparison.Ordinal);
        Assert.False(body.GetProperty("attributes").GetProperty("2fa").GetBoolean());

        var partial = await SendAsync(new HttpMethod("PATCH"), $"/users/{id}", """{"email":"dana@example.org"}""");
        Assert.Equal(["first_name", "last_name", "username"], Fields(partial.Body).Order());

        var badName = await SendAsync(HttpMethod.Post, "/users", """{"email":"x@example.com","username":"a@","first_name":"X","last_name":""}""");
        Assert.Equal([("last_name", "required"), ("username", "p_username")], Rules(badName.Body).Order());

        Assert.Equal((400, "DisplayException"), ((await SendAsync(HttpMethod.Delete, "/users/12")).Status,
            (await SendAsync(HttpMethod.Delete, "/users/12")).Body.GetProperty("errors")[0].GetProperty("code").GetString()));
        Assert.Equal(204, (await SendAsync(HttpMethod.Delete, $"/users/{id}")).Status);
    }

    [Fact]
    public async Task Auth_NoKey401_ReadOnlyKeyWrite403_EveryAnswerCarriesRateLimitHeaders()
    {
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, _host.ApiBaseUrl + "/servers");
        anonymous.Headers.Add("Accept", "application/json");
        using var unauthenticated = await _http.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        _host.Panel.AddKey("ptla_readonly", canWrite: false);
        using var write = new HttpRequestMessage(HttpMethod.Post, _host.ApiBaseUrl + "/servers/57/suspend");
        write.Headers.Add("Accept", "application/json");
        write.Headers.Add("Authorization", "Bearer ptla_readonly");
        using var forbidden = await _http.SendAsync(write);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var ok = await RawAsync(HttpMethod.Get, "/servers");
        Assert.Equal("240", ok.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.True(int.Parse(ok.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture) < 240);
    }

    [Fact]
    public async Task ValidationError_WithoutAcceptJson_IsARedirectNotJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _host.ApiBaseUrl + "/servers")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer " + _host.Panel.ApiKey);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_400BadRequest()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/servers", "{not json");

        Assert.Equal((400, "BadRequestHttpException"), (status, body.GetProperty("errors")[0].GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Deployable_PaperSizeInLocationThree_NoViableNode_InLocationOne_ListsTheNode()
    {
        var none = await SendAsync(HttpMethod.Get, "/nodes/deployable?memory=2048&disk=10240&location_ids[]=3");
        var some = await SendAsync(HttpMethod.Get, "/nodes/deployable?memory=2048&disk=10240&location_ids[]=1");

        Assert.Equal(400, none.Status);
        var node = Assert.Single(some.Body.GetProperty("data").EnumerateArray()).GetProperty("attributes");
        Assert.Equal((1, "12288"), (node.GetProperty("id").GetInt32(), node.GetProperty("sum_memory").GetString()));
        Assert.False(some.Body.TryGetProperty("meta", out _));
    }

    [Fact]
    public void StateFile_ServersSurviveARestart()
    {
        var file = Path.Combine(Path.GetTempPath(), "gamehost-tests", Guid.NewGuid().ToString("N"), "demo-panel.json");
        try
        {
            var first = new GameHost.App.Features.Provisioning.DemoPanel.DemoPanel(new DemoPanelOptions { StateFile = file }, _time);
            first.Update(d => d.Servers.Single(s => s.Id == 57).Name = "Kept across restarts");

            var second = new GameHost.App.Features.Provisioning.DemoPanel.DemoPanel(new DemoPanelOptions { StateFile = file }, _time);

            Assert.Equal("Kept across restarts", second.Read(d => d.Servers.Single(s => s.Id == 57).Name));
            Assert.NotEqual(first.ApiKey, second.ApiKey);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task ServerPage_KnownIdentifier_ShowsNameStatusAndAddress_UnknownIs404()
    {
        using var page = await _http.GetAsync(new Uri(_host.BaseAddress, "/demo-panel/server/9f0b5c1e"));
        var html = await page.Content.ReadAsStringAsync();
        using var missing = await _http.GetAsync(new Uri(_host.BaseAddress, "/demo-panel/server/00000000"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Built-in demo panel", html, StringComparison.Ordinal);
        Assert.Contains("Alice&#x27;s Paper Server", html, StringComparison.Ordinal);
        Assert.Contains("198.51.100.10:25568", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static List<string> Fields(JsonElement body) =>
        body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("meta").GetProperty("source_field").GetString()!).ToList();

    private static List<(string, string)> Rules(JsonElement body) =>
        body.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("meta").GetProperty("source_field").GetString()!, e.GetProperty("meta").GetProperty("rule").GetString()!)).ToList();

    private async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var response = await RawAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<HttpResponseMessage> RawAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, _host.ApiBaseUrl + path);
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("Authorization", "Bearer " + _host.Panel.ApiKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request);
    }
}
