using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using GameHost.App.Features.Payments.Gateways.Demo;
using GameHost.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace GameHost.Tests.App.Features.Payments.Webhooks;

/// <summary>
/// The real app as its own process on a loopback port with the demo gateway: bursts of signed webhooks over real HTTP
/// are acknowledged only after their group committed to the app's SQLite file, stored once, and then processed. The
/// tests with the default inbox settings share one running app (each names its events with its own prefix and looks
/// only at those); the full-queue test starts its own app with a queue of three.
/// </summary>
public sealed class WebhookBurstTests(WebhookPipelineApp shared) : IClassFixture<WebhookPipelineApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static async Task<(RunningApp App, string Secret)> StartAsync(params string[] settings)
    {
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var app = await RunningApp.StartAsync("Testing", null,
            ["--Payments:DemoGateway:Enabled", "true", "--Payments:DemoGateway:WebhookSecret", secret, "--Logging:LogLevel:Default", "Warning", .. settings]);
        return (app, secret);
    }

    private static HttpClient Client(RunningApp app) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app.BaseAddress, Timeout = Patience };

    private static string Database(RunningApp app) => Path.Combine(app.DataDirectory, "gamehost.db");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string secret, string eventId)
    {
        var body = DemoSignature.Body(eventId, "payment.succeeded", Guid.NewGuid());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.TryAddWithoutValidation(DemoSignature.Header, DemoSignature.Sign(secret, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), body));
        return await client.PostAsync(new Uri("/webhooks/demo", UriKind.Relative), content);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string secret, string eventId)
    {
        using var response = await PostAsync(client, secret, eventId);
        return response.StatusCode;
    }

    /// <summary>The stored events whose id starts with <paramref name="prefix"/> (a test's own events), warm-ups excluded.</summary>
    private static async Task<List<(string EventId, string Status)>> EventsAsync(RunningApp app, string prefix)
    {
        await using var connection = new SqliteConnection($"Data Source={Database(app)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EventId, Status FROM GatewayEvents WHERE substr(EventId, 1, length($prefix)) = $prefix AND EventId NOT LIKE 'evt_warm%' ORDER BY EventId";
        command.Parameters.AddWithValue("$prefix", prefix);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>Takes the app database's write lock, as another writer would, until disposed.</summary>
    private static SqliteConnection HoldWriteLock(RunningApp app)
    {
        var connection = new SqliteConnection($"Data Source={Database(app)};Pooling=False;Default Timeout=30");
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "PRAGMA busy_timeout=5000; BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
        return connection;
    }

    private static async Task ExecuteAsync(RunningApp app, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database(app)};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout=5000; {sql}";
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task PostWebhooks_200SignedEventsConcurrentlyWithAForgedOneInTheMiddle_AllStoredOnceProcessedAndTheForgedRejected()
    {
        var (app, secret) = (shared.App, shared.Secret);
        using var client = Client(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, secret, "evt_warmup_burst"));

        var sends = Enumerable.Range(0, 200).Select(i => StatusAsync(client, secret, $"evt_burst_{i:D3}")).ToList();
        sends.Insert(100, StatusAsync(client, "not-the-secret", "evt_burst_forged"));
        var statuses = await Task.WhenAll(sends);

        Assert.Equal(HttpStatusCode.BadRequest, statuses[100]);
        Assert.All(statuses.Where((_, i) => i != 100), s => Assert.Equal(HttpStatusCode.OK, s));
        var stored = await EventsAsync(app, "evt_burst_");
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"evt_burst_{i:D3}"), stored.Select(e => e.EventId));
        var watch = Stopwatch.StartNew();
        while (stored.Any(e => e.Status is "Received" or "Processing") && watch.Elapsed < Patience)
        {
            await Task.Delay(200);
            stored = await EventsAsync(app, "evt_burst_");
        }

        // Demo events naming payments the demo gateway never saw: each one processed and closed as Ignored.
        Assert.All(stored, e => Assert.Equal("Ignored", e.Status));
    }

    [Fact]
    public async Task PostWebhooks_UnknownGateway_Answered404NotAStatusPage()
    {
        using var client = Client(shared.App);

        using var response = await client.PostAsync(new Uri("/webhooks/nosuchgateway", UriKind.Relative), new ByteArrayContent("{}"u8.ToArray()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PostWebhooks_SameEventTwiceConcurrentlyWhileTheWriterWaits_StoredOnceAndBothAnswered200()
    {
        var (app, secret) = (shared.App, shared.Secret);
        using var client = Client(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, secret, "evt_warmup_twice"));

        Task<HttpStatusCode>[] copies;
        Task<HttpStatusCode> blocker;
        using (HoldWriteLock(app))
        {
            // The writer's first group waits for the lock; both copies queue behind it and are written together.
            blocker = StatusAsync(client, secret, "evt_twice_blocker");
            await Task.Delay(500);
            copies = [StatusAsync(client, secret, "evt_twice_copy"), StatusAsync(client, secret, "evt_twice_copy")];
            await Task.Delay(1000);
            Assert.False(blocker.IsCompleted || copies.Any(c => c.IsCompleted), "An answer came before its event could be committed.");
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await Task.WhenAll([blocker, .. copies]));
        Assert.Equal(["evt_twice_blocker", "evt_twice_copy"], (await EventsAsync(app, "evt_twice_")).Select(e => e.EventId));
    }

    [Fact]
    public async Task PostWebhooks_TheInboxWriteFails_Answered503WithRetryAfterAndNothingStored()
    {
        var (app, secret) = (shared.App, shared.Secret);
        using var client = Client(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, secret, "evt_warmup_fail"));
        await ExecuteAsync(app, "CREATE TRIGGER inbox_refuses BEFORE INSERT ON GatewayEvents BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END;");
        var refusing = true;
        try
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PostAsync(client, secret, $"evt_fail_{i:D2}")));
            try
            {
                Assert.All(responses, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
                Assert.All(responses, r => Assert.Equal(TimeSpan.FromSeconds(5), r.Headers.RetryAfter?.Delta));
            }
            finally
            {
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }

            Assert.Empty(await EventsAsync(app, "evt_fail_"));
            await ExecuteAsync(app, "DROP TRIGGER inbox_refuses;");
            refusing = false;
        }
        finally
        {
            if (refusing)
            {
                // The app is shared by the other tests of this class: never leave it refusing writes.
                await ExecuteAsync(app, "DROP TRIGGER IF EXISTS inbox_refuses;");
            }
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, secret, "evt_fail_00"));
        Assert.Equal(["evt_fail_00"], (await EventsAsync(app, "evt_fail_")).Select(e => e.EventId));
    }

    [Fact]
    public async Task PostWebhooks_TheInboxQueueIsFull_RefusedAt503WithRetryAfterAndOnlyTheAcknowledgedStored()
    {
        var (app, secret) = await StartAsync("--Payments:Inbox:QueueCapacity", "3", "--Payments:Inbox:RetryAfterSeconds", "7");
        await using var _ = app;
        using var client = Client(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, secret, "evt_warmup"));

        Task<HttpResponseMessage> blocker;
        List<(string EventId, Task<HttpResponseMessage> Answer)> sends;
        List<string> answeredWhileLocked;
        using (HoldWriteLock(app))
        {
            // The writer is stuck on its first group; three more fit the queue, the rest are refused at once.
            blocker = PostAsync(client, secret, "evt_full_blocker");
            await Task.Delay(500);
            sends = [.. Enumerable.Range(0, 12).Select(i => ($"evt_full_{i:D2}", PostAsync(client, secret, $"evt_full_{i:D2}")))];
            var watch = Stopwatch.StartNew();
            var answered = 0;
            var steadySince = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(20) && (answered == 0 || steadySince.Elapsed < TimeSpan.FromSeconds(1)))
            {
                await Task.Delay(50);
                var now = sends.Count(s => s.Answer.IsCompleted);
                if (now != answered)
                {
                    answered = now;
                    steadySince.Restart();
                }
            }

            answeredWhileLocked = [.. sends.Where(s => s.Answer.IsCompleted).Select(s => s.EventId)];
            Assert.False(blocker.IsCompleted, "The blocker was answered before it could be committed.");
        }

        using var blocked = await blocker;
        var responses = await Task.WhenAll(sends.Select(s => s.Answer));
        try
        {
            var statuses = sends.Select((s, i) => (s.EventId, responses[i].StatusCode, responses[i].Headers.RetryAfter?.Delta)).ToList();
            var refused = statuses.Where(s => s.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
            var acknowledged = statuses.Where(s => s.StatusCode == HttpStatusCode.OK).Select(s => s.EventId).ToList();
            Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
            // At most three fit the queue and at most three more were taken with the blocker: seven or more refused.
            Assert.True(refused.Count >= 7, $"only {refused.Count} of 12 refused with a queue of 3");
            Assert.Equal(12, refused.Count + acknowledged.Count);
            Assert.Equal(answeredWhileLocked.Order(), refused.Select(r => r.EventId).Order());
            Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(7), r.Delta));
            Assert.Equal(acknowledged.Append("evt_full_blocker").Order(), (await EventsAsync(app, "evt_full_")).Select(e => e.EventId).Order());
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }
}
