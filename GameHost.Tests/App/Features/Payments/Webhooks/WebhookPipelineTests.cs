using System.Net;
using System.Net.Http.Headers;
using GameHost.App.Features.Payments.Gateways.Demo;
using GameHost.App.Features.Payments.Webhooks;
using GameHost.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace GameHost.Tests.App.Features.Payments.Webhooks;

/// <summary>The real app on a loopback port with the demo gateway, shared by the tests of the webhook branch.</summary>
public sealed class WebhookPipelineApp : IAsyncLifetime
{
    public string Secret { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public RunningApp App { get; private set; } = null!;

    public async Task InitializeAsync() =>
        App = await RunningApp.StartAsync("Testing", null,
            ["--Payments:DemoGateway:Enabled", "true", "--Payments:DemoGateway:WebhookSecret", Secret, "--Logging:LogLevel:Default", "Warning"]);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// <c>/webhooks/*</c> runs on its own branch ahead of the site's middleware: every security property of the endpoint
/// stays (signature checked before anything is stored, forged and oversized bodies refused), and the answers carry
/// nothing of the site (no cookie, no status page) — only the status, Server-Timing and the correlation id.
/// </summary>
public sealed class WebhookPipelineTests(WebhookPipelineApp fixture) : IClassFixture<WebhookPipelineApp>
{
    private readonly RunningApp _app = fixture.App;

    private HttpClient Client() => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };

    private static ByteArrayContent Signed(string secret, string eventId, byte[]? body = null)
    {
        body ??= DemoSignature.Body(eventId, "payment.succeeded", Guid.NewGuid());
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.TryAddWithoutValidation(DemoSignature.Header, DemoSignature.Sign(secret, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), body));
        return content;
    }

    private async Task<long> StoredAsync(string eventId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "gamehost.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM GatewayEvents WHERE EventId = $id";
        command.Parameters.AddWithValue("$id", eventId);
        return (long)(await command.ExecuteScalarAsync(CancellationToken.None) ?? 0L);
    }

    private async Task<Dictionary<string, string>> StoredHeadersAsync(string eventId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "gamehost.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Headers FROM GatewayEvents WHERE EventId = $id";
        command.Parameters.AddWithValue("$id", eventId);
        var json = (string)(await command.ExecuteScalarAsync(CancellationToken.None))!;
        return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
    }

    [Fact]
    public async Task PostWebhook_SignedEvent_Answered200WithTimingAndCorrelationAndNoCookieOrBody()
    {
        using var client = Client();
        // A browser-like request: a culture cookie and an Accept-Language the site's own pages would act on.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/demo") { Content = Signed(fixture.Secret, "evt_pipeline_ok") };
        request.Headers.TryAddWithoutValidation("Cookie", ".AspNetCore.Culture=c%3Des%7Cuic%3Des");
        request.Headers.AcceptLanguage.ParseAdd("es");

        using var response = await client.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(CancellationToken.None));
        Assert.StartsWith("app;dur=", Assert.Single(response.Headers.GetValues("Server-Timing")), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(response.Headers.GetValues("X-Correlation-Id"))));
        Assert.Equal(1, await StoredAsync("evt_pipeline_ok"));
        // The headers as they arrived (the endpoint reads them through a view, not a copy): the signature the gateway
        // checked, and the others by their names.
        var stored = await StoredHeadersAsync("evt_pipeline_ok");
        Assert.Equal(Assert.Single(request.Content!.Headers.GetValues(DemoSignature.Header)), stored[DemoSignature.Header]);
        Assert.Equal(("es", "application/json"), (stored["Accept-Language"], stored["Content-Type"]));
    }

    [Fact]
    public async Task PostWebhook_ForgedSignature_Answered400AndNothingStored()
    {
        using var client = Client();

        using var response = await client.PostAsync(new Uri("/webhooks/demo", UriKind.Relative), Signed("not-the-secret", "evt_pipeline_forged"),
            CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(0, await StoredAsync("evt_pipeline_forged"));
    }

    [Fact]
    public async Task PostWebhook_BodyOverTheLimitWithItsLength_Answered413AndNothingStored()
    {
        using var client = Client();
        var body = new byte[WebhookPipeline.MaxBodyBytes + 1];

        using var response = await client.PostAsync(new Uri("/webhooks/demo", UriKind.Relative), Signed(fixture.Secret, "evt_pipeline_big", body),
            CancellationToken.None);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StoredAsync("evt_pipeline_big"));
    }

    [Fact]
    public async Task PostWebhook_ChunkedBodyOverTheLimit_Answered413()
    {
        using var client = Client();
        using var content = new StreamContent(new MemoryStream(new byte[WebhookPipeline.MaxBodyBytes + 10]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/demo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostWebhook_SignedChunkedBodyWithoutLength_Answered200AndStoredOnce()
    {
        using var client = Client();
        var body = DemoSignature.Body("evt_pipeline_chunked", "payment.succeeded", Guid.NewGuid());
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.TryAddWithoutValidation(DemoSignature.Header, DemoSignature.Sign(fixture.Secret, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), body));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/demo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await StoredAsync("evt_pipeline_chunked"));
    }

    [Theory]
    [InlineData("GET", "/webhooks/demo", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/webhooks", HttpStatusCode.NotFound)]
    [InlineData("POST", "/webhooks/demo/extra", HttpStatusCode.NotFound)]
    [InlineData("POST", "/webhooks/nosuchgateway", HttpStatusCode.NotFound)]
    public async Task SendWebhook_NotAWebhookCall_PlainStatusWithoutAPage(string method, string path, HttpStatusCode expected)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new ByteArrayContent("{}"u8.ToArray());
        }

        using var response = await client.SendAsync(request, CancellationToken.None);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(CancellationToken.None));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
