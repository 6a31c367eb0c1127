using System.Net;
using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Provisioning.Pterodactyl;

/// <summary>Every class of panel trouble, served over HTTP by the demo panel, lands in the failure kind of contract §8.</summary>
public sealed class PanelFailureClassificationTests : IAsyncLifetime
{
    private FakePanel _panel = null!;

    public async Task InitializeAsync() => _panel = await FakePanel.StartAsync();

    public async Task DisposeAsync() => await _panel.DisposeAsync();

    [Fact]
    public async Task AnyCall_NoPanelConnected_CredentialsWithoutAnyRequest()
    {
        _panel.Connection.Current = null;

        var result = await _panel.Api.GetServerAsync(57, default);

        Assert.Equal((PanelFailureKind.Credentials, "PanelNotConfigured"), (result.Failure?.Kind, result.Failure?.Code));
        Assert.Empty(_panel.Panel.Requests.All);
    }

    [Fact]
    public async Task AnyCall_WrongKey_401IsCredentials()
    {
        _panel.Connection.Current = _panel.Connection.Current! with { ApiKey = "ptla_wrongwrongwrongwrongwrongwrongwrongwrongwro" };

        var result = await _panel.Api.ListLocationsAsync(default);

        Assert.Equal((PanelFailureKind.Credentials, 401), (result.Failure?.Kind, result.Failure?.HttpStatus));
    }

    [Fact]
    public async Task Write_KeyWithoutWritePermission_403IsCredentials()
    {
        _panel.Panel.AddKey("ptla_readonlyreadonlyreadonlyreadonlyreadonlyread", canWrite: false);
        _panel.Connection.Current = _panel.Connection.Current! with { ApiKey = "ptla_readonlyreadonlyreadonlyreadonlyreadonlyread" };

        var read = await _panel.Api.GetServerAsync(57, default);
        var write = await _panel.Api.SuspendServerAsync(57, default);

        Assert.True(read.IsSuccess);
        Assert.Equal((PanelFailureKind.Credentials, 403), (write.Failure?.Kind, write.Failure?.HttpStatus));
    }

    [Fact]
    public async Task AnyCall_TwoFactorRequired_IsCredentials()
    {
        _panel.Panel.Faults.Inject("GET", "/locations", DemoPanelFault.Of(DemoPanelFaultKind.TwoFactorRequired));

        var result = await _panel.Api.ListLocationsAsync(default);

        Assert.Equal((PanelFailureKind.Credentials, "TwoFactorAuthRequiredException"), (result.Failure?.Kind, result.Failure?.Code));
    }

    [Fact]
    public async Task AnyCall_RedirectToLogin_IsCredentialsAndNotFollowed()
    {
        _panel.Panel.Faults.Inject("GET", "/servers/57", DemoPanelFault.Of(DemoPanelFaultKind.RedirectToLogin));

        var result = await _panel.Api.GetServerAsync(57, default);

        Assert.Equal((PanelFailureKind.Credentials, 302, "Redirect"), (result.Failure?.Kind, result.Failure?.HttpStatus, result.Failure?.Code));
        Assert.Contains("/auth/login", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Single(_panel.Panel.Requests.All);
    }

    [Fact]
    public async Task AnyCall_HtmlPageWith200_IsCredentials()
    {
        _panel.Panel.Faults.Inject("GET", "/servers/57", DemoPanelFault.Of(DemoPanelFaultKind.HtmlPage));

        var result = await _panel.Api.GetServerAsync(57, default);

        Assert.Equal((PanelFailureKind.Credentials, "NotJson"), (result.Failure?.Kind, result.Failure?.Code));
    }

    [Fact]
    public async Task Panel_RequestWithoutAcceptJson_AnswersRedirectToLogin_WhichTheClientWouldClassifyAsCredentials()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, _panel.Host.ApiBaseUrl + "/servers/57");
        request.Headers.Add("Authorization", "Bearer wrong");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Suspend_DaemonDown504_IsDaemonUnavailableAndNothingChanges()
    {
        _panel.Panel.Faults.Inject("POST", "/servers/*/suspend", DemoPanelFault.Of(DemoPanelFaultKind.DaemonDown));

        var result = await _panel.Api.SuspendServerAsync(57, default);

        Assert.Equal((PanelFailureKind.DaemonUnavailable, 504), (result.Failure?.Kind, result.Failure?.HttpStatus));
        Assert.True(result.Failure!.IsTransient);
        Assert.Null(_panel.Panel.Read(d => d.Servers.Single(s => s.Id == 57).Status));
    }

    [Fact]
    public async Task Suspend_DuringTransfer409_IsConflict()
    {
        _panel.Panel.Faults.Inject("POST", "/servers/57/suspend", DemoPanelFault.Of(DemoPanelFaultKind.Transfer));

        var result = await _panel.Api.SuspendServerAsync(57, default);

        Assert.Equal(PanelFailureKind.Conflict, result.Failure?.Kind);
    }

    [Fact]
    public async Task Write_QueryException500_IsOutcomeUnknown()
    {
        _panel.Panel.Faults.Inject("PATCH", "/servers/57/details", DemoPanelFault.Of(DemoPanelFaultKind.ServerError));

        var result = await _panel.Api.UpdateServerDetailsAsync(57, new PanelServerDetails("x", 12, "svc-8812", ""), default);

        Assert.Equal((PanelFailureKind.OutcomeUnknown, 500, "QueryException"), (result.Failure?.Kind, result.Failure?.HttpStatus, result.Failure?.Code));
    }

    [Fact]
    public async Task Create_ConnectionDroppedAfterTheServerWasMade_OutcomeUnknown_AndTheServerCanBeAdoptedByExternalId()
    {
        _panel.Panel.Faults.Inject("POST", "/servers", DemoPanelFault.Of(DemoPanelFaultKind.DropConnection).ThenAfterCommit());

        var result = await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-drop"), default);

        Assert.Equal(PanelFailureKind.OutcomeUnknown, result.Failure?.Kind);
        var adopted = await _panel.Api.GetServerByExternalIdAsync("sub-drop", default);
        Assert.Equal("sub-drop", adopted.Value?.ExternalId);
        var retry = await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-drop"), default);
        Assert.Equal((PanelFailureKind.Duplicate, "external_id"), (retry.Failure?.Kind, retry.Failure?.SourceField));
        Assert.Equal(1, _panel.Panel.Read(d => d.Servers.Count(s => s.ExternalId == "sub-drop")));
    }

    [Fact]
    public async Task Create_CommittedThen504_IsDaemonUnavailable_ButTheServerExists()
    {
        _panel.Panel.Faults.Inject("POST", "/servers", DemoPanelFault.Of(DemoPanelFaultKind.DaemonDown).ThenAfterCommit());

        var result = await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-504"), default);

        Assert.Equal(PanelFailureKind.DaemonUnavailable, result.Failure?.Kind);
        Assert.NotNull((await _panel.Api.GetServerByExternalIdAsync("sub-504", default)).Value);
    }

    [Fact]
    public async Task Create_NoAnswerPastTheCreateTimeout_OutcomeUnknown_AndNotBeforeSixtySeconds()
    {
        _panel.Panel.Faults.Inject("POST", "/servers", DemoPanelFault.Of(DemoPanelFaultKind.Hang).ThenAfterCommit());

        var call = _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-hang"), default);
        await _panel.WaitForRequestAsync(r => r.Method == "POST");
        _panel.Time.Advance(TimeSpan.FromSeconds(59));
        await Task.WhenAny(call, Task.Delay(300));
        Assert.False(call.IsCompleted, "A create must wait at least 60 s for the panel.");

        // The configured default is 90 s; past it the call gives up without knowing whether the server was made.
        _panel.Time.Advance(TimeSpan.FromSeconds(32));
        var result = await call;

        Assert.Equal((PanelFailureKind.OutcomeUnknown, "Timeout"), (result.Failure?.Kind, result.Failure?.Code));
        Assert.NotNull((await _panel.Api.GetServerByExternalIdAsync("sub-hang", default)).Value);
    }

    [Fact]
    public async Task Create_ConfiguredTimeoutBelowTheFloor_IsRaisedToSixtySeconds()
    {
        await using var panel = await FakePanel.StartAsync(client: o => o.CreateTimeoutSeconds = 5);
        panel.Panel.Faults.Inject("POST", "/servers", DemoPanelFault.Slow(TimeSpan.FromMinutes(5)));

        var call = panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-slow"), default);
        await panel.WaitForRequestAsync(r => r.Method == "POST");
        panel.Time.Advance(TimeSpan.FromSeconds(30));
        await Task.WhenAny(call, Task.Delay(300));
        Assert.False(call.IsCompleted);
        panel.Time.Advance(TimeSpan.FromSeconds(31));
        var result = await call;

        Assert.Equal(PanelFailureKind.OutcomeUnknown, result.Failure?.Kind);
        // The slow request never reached the panel's handler: nothing was created.
        Assert.Null((await panel.Api.GetServerByExternalIdAsync("sub-slow", default)).Value);
    }

    [Fact]
    public async Task Create_DeployIntoFullLocation_NoViableNodeIsOutOfStock()
    {
        var result = await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-full", PanelPlacement.Deploy([3])), default);

        Assert.Equal((PanelFailureKind.OutOfStock, "NoViableNodeException"), (result.Failure?.Kind, result.Failure?.Code));
        Assert.False(result.Failure!.IsTransient);
    }

    [Fact]
    public async Task Create_NoFreePortInRange_NoViableAllocationIsOutOfStock()
    {
        var result = await _panel.Api.CreateServerAsync(
            FakePanelRequests.PaperServer("sub-ports", PanelPlacement.Deploy([1], ["30000-30010"])), default);

        Assert.Equal((PanelFailureKind.OutOfStock, "NoViableAllocationException"), (result.Failure?.Kind, result.Failure?.Code));
    }

    [Fact]
    public async Task Create_SeveralBadFields_InvalidRequestKeepsEveryEntry()
    {
        var request = FakePanelRequests.PaperServer("sub-bad") with
        {
            UserId = 9999,
            Limits = new PanelLimits(4096, 0, 20480, Io: 5, 200, null, true),
        };

        var result = await _panel.Api.CreateServerAsync(request, default);

        Assert.Equal(PanelFailureKind.InvalidRequest, result.Failure?.Kind);
        Assert.Equal(["limits.io", "user"], result.Failure!.All.Select(f => f.SourceField).Order());
        Assert.Equal(["between", "exists"], result.Failure.All.Select(f => f.Rule).Order());
    }

    [Fact]
    public async Task Create_DuplicateExternalId_IsDuplicateOnTheExternalId()
    {
        var result = await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("svc-8812"), default);

        Assert.Equal((PanelFailureKind.Duplicate, "external_id", "unique"), (result.Failure?.Kind, result.Failure?.SourceField, result.Failure?.Rule));
    }

    [Fact]
    public async Task Create_MissingRequiredEggVariables_InvalidRequestPerVariable()
    {
        var environment = new Dictionary<string, string> { ["MINECRAFT_VERSION"] = "latest" };

        var result = await _panel.Api.CreateServerAsync(FakePanelRequests.PaperServer("sub-vars", environment: environment), default);

        Assert.Equal(PanelFailureKind.InvalidRequest, result.Failure?.Kind);
        Assert.Equal(["environment.BUILD_NUMBER", "environment.SERVER_JARFILE"], result.Failure!.All.Select(f => f.SourceField).Order());
    }

    [Fact]
    public async Task CreateUser_TakenEmail_IsDuplicateOnEmail()
    {
        var result = await _panel.Api.CreateUserAsync(new NewPanelUser("acct-1", "ALICE@example.com", "alice2", "Alice", "W", "en"), default);

        Assert.Equal((PanelFailureKind.Duplicate, "email"), (result.Failure?.Kind, result.Failure?.SourceField));
    }

    [Fact]
    public async Task GetServerAsync_Missing_SucceedsWithNull_ButSuspendOfMissingIsNotFound()
    {
        Assert.Null((await _panel.Api.GetServerAsync(4242, default)).Value);
        Assert.Equal(PanelFailureKind.NotFound, (await _panel.Api.SuspendServerAsync(4242, default)).Failure?.Kind);
    }
}
