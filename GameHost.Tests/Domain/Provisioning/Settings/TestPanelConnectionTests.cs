using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Settings;

namespace GameHost.Tests.Domain.Provisioning.Settings;

public sealed class TestPanelConnectionTests : IDisposable
{
    private readonly PanelTestData _data = new();

    [Fact]
    public async Task Execute_PanelAnswers_RecordsSuccessWithTheLocationCount()
    {
        await _data.ConnectAsync();

        var result = await _data.Test().ExecuteAsync(CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Locations);
        Assert.Equal(PanelConnectionOrigin.Stored, result.Origin);
        var stored = await _data.StoredAsync();
        Assert.Equal(_data.Time.GetUtcNow().UtcDateTime, stored!.LastTestAtUtc);
        Assert.True(stored.LastTestSucceeded);
        Assert.Null(stored.LastTestProblem);
    }

    [Fact]
    public async Task Execute_PanelRefusesTheKey_RecordsWrongKeyWithThePanelsWords()
    {
        await _data.ConnectAsync();
        _data.Panel.Failures["ListLocations"] = FakePanelApi.Failure(PanelFailureKind.Credentials, 401, "AuthenticationException", "Unauthenticated.");

        var result = await _data.Test().ExecuteAsync(CancellationToken.None);

        Assert.Equal(PanelProblem.WrongKey, result.Problem);
        Assert.Equal("HTTP 401 AuthenticationException: Unauthenticated.", result.Detail);
        var view = await _data.SettingsQuery().ExecuteAsync(CancellationToken.None);
        Assert.Equal(new PanelTestStatus(_data.Time.GetUtcNow().UtcDateTime, false, PanelProblem.WrongKey, result.Detail), view.LastTest);
    }

    [Fact]
    public async Task Execute_NoPanelConnected_SaysSoWithoutCallingAnything()
    {
        var result = await _data.Test().ExecuteAsync(CancellationToken.None);

        Assert.Equal(PanelProblem.NotConfigured, result.Problem);
        Assert.Empty(_data.Panel.Calls);
        Assert.Equal(PanelProblem.NotConfigured, (await _data.StoredAsync())!.LastTestProblem);
    }

    [Fact]
    public async Task Execute_KeyUnreadable_SaysTheKeyMustBeEnteredAgain()
    {
        await _data.ConnectAsync();
        _data.Protector.KeyRingLost = true;

        var result = await _data.Test().ExecuteAsync(CancellationToken.None);

        Assert.Equal(PanelProblem.KeyUnreadable, result.Problem);
        Assert.Empty(_data.Panel.Calls);
    }

    [Theory]
    [InlineData(PanelFailureKind.Credentials, 401, "AuthenticationException", "Unauthenticated.", PanelProblem.WrongKey)]
    [InlineData(PanelFailureKind.Credentials, 403, "AccessDeniedHttpException", "This account does not have permission to access the API.", PanelProblem.NotAdmin)]
    [InlineData(PanelFailureKind.Credentials, 403, "AccessDeniedHttpException", "This action is unauthorized.", PanelProblem.MissingPermission)]
    [InlineData(PanelFailureKind.Credentials, 403, "AccessDeniedHttpException", "This IP address (203.0.113.9) does not have permission to access the API using these credentials.", PanelProblem.IpNotAllowed)]
    [InlineData(PanelFailureKind.Credentials, 400, "TwoFactorAuthRequiredException", "Two-factor authentication is required on this account.", PanelProblem.TwoFactorRequired)]
    [InlineData(PanelFailureKind.Credentials, 302, "Redirect", "Redirected to https://panel.example.com/auth/login", PanelProblem.Redirected)]
    [InlineData(PanelFailureKind.Credentials, 200, "NotJson", "The answer was text/html.", PanelProblem.NotAnApi)]
    [InlineData(PanelFailureKind.NotFound, 404, "NotFoundHttpException", "The requested resource could not be found.", PanelProblem.NotFound)]
    [InlineData(PanelFailureKind.OutcomeUnknown, null, "Timeout", "No answer within 15 s.", PanelProblem.Unreachable)]
    [InlineData(PanelFailureKind.OutcomeUnknown, 500, "QueryException", "An unexpected error was encountered.", PanelProblem.PanelError)]
    [InlineData(PanelFailureKind.RateLimited, 429, "ThrottleRequestsException", "Too Many Attempts.", PanelProblem.RateLimited)]
    [InlineData(PanelFailureKind.InvalidRequest, 400, "InvalidFilterQuery", "Requested filter(s) are not allowed.", PanelProblem.Other)]
    [InlineData(PanelFailureKind.Credentials, null, NoPanelApi.NotConfiguredCode, "No panel is connected.", PanelProblem.NotConfigured)]
    public void Classify_PanelFailure_GivesTheProblemToExplain(PanelFailureKind kind, int? status, string code, string detail, PanelProblem expected) =>
        Assert.Equal(expected, PanelProblems.Classify(FakePanelApi.Failure(kind, status, code, detail)));

    [Fact]
    public async Task NoPanelApi_AnyCall_AnswersNoPanelConnected()
    {
        var answer = await new NoPanelApi().ListLocationsAsync(CancellationToken.None);

        Assert.False(answer.IsSuccess);
        Assert.Equal(PanelFailureKind.Credentials, answer.Failure.Kind);
        Assert.Equal(PanelProblem.NotConfigured, PanelProblems.Classify(answer.Failure));
    }

    public void Dispose() => _data.Dispose();
}
