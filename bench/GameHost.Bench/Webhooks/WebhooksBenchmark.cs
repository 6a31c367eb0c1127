using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using GameHost.App.Features.Payments.Gateways.Demo;
using Microsoft.Data.Sqlite;

namespace GameHost.Bench.Webhooks;

public sealed record WebhooksBenchmarkOptions(int Events, int Concurrency, int MaxMinutes)
{
    public static WebhooksBenchmarkOptions From(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new WebhooksBenchmarkOptions(args.Number("events", 1000), args.Number("concurrency", 1000), args.Number("max-minutes", 10));
        args.EnsureAllUsed();
        return options;
    }
}

/// <summary>
/// Starts the real app (its Release build) on a loopback port with the demo gateway and a known signing secret, sends
/// a burst of signed demo webhooks to <c>/webhooks/demo</c>, and reports the acknowledgement latency (p50/p95/max)
/// and the time until the inbox has processed every event.
/// </summary>
public static class WebhooksBenchmark
{
    public static async Task RunAsync(WebhooksBenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gamehost-bench-webhooks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        using var app = StartApp(baseAddress, dataDirectory, secret);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = baseAddress,
                Timeout = TimeSpan.FromMinutes(2),
            };
            await WaitHealthyAsync(client, app);
            output.WriteLine($"webhooks: {options.Events} signed demo events, up to {options.Concurrency} in flight, app on {baseAddress}");
            output.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");

            // Warm-up: one event, so JIT and the first connection are not in the figures.
            await SendAsync(client, secret, $"evt_bench_warmup_{Guid.NewGuid():N}");

            var latencies = new double[options.Events];
            var serverTimes = new double[options.Events];
            var statuses = new int[options.Events];
            using var gate = new SemaphoreSlim(options.Concurrency);
            app.Refresh();
            var appCpuBefore = app.TotalProcessorTime;
            var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Events).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var watch = Stopwatch.StartNew();
                    (statuses[i], serverTimes[i]) = await SendAsync(client, secret, $"evt_bench_{i:D6}_{Guid.NewGuid():N}");
                    latencies[i] = watch.Elapsed.TotalMilliseconds;
                }
                finally
                {
                    gate.Release();
                }
            }));
            var acknowledged = total.Elapsed;
            app.Refresh();
            var appCpuAcknowledged = app.TotalProcessorTime - appCpuBefore;
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore;
            var database = Path.Combine(dataDirectory, "gamehost.db");
            var deadline = Stopwatch.StartNew();
            long done;
            while ((done = await CountProcessedAsync(database)) < options.Events + 1 && deadline.Elapsed < TimeSpan.FromMinutes(options.MaxMinutes))
            {
                await Task.Delay(50);
            }

            var processed = total.Elapsed;
            app.Refresh();
            var appCpuProcessed = app.TotalProcessorTime - appCpuBefore;
            Array.Sort(latencies);
            var answered = serverTimes.Where(t => t >= 0).ToArray();
            Array.Sort(answered);
            output.WriteLine($"answers: {statuses.Count(s => s == 200)} × 200, {statuses.Count(s => s != 200)} other"
                + (statuses.Any(s => s != 200) ? $" ({string.Join(", ", statuses.Where(s => s != 200).GroupBy(s => s).Select(g => $"{g.Count()} × {g.Key}"))})" : ""));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ack latency ms (client round trip): p50 {Percentile(latencies, 0.50):F1}, p95 {Percentile(latencies, 0.95):F1}, p99 {Percentile(latencies, 0.99):F1}, max {latencies[^1]:F1}"));
            output.WriteLine(answered.Length == 0
                ? "ack latency ms (server side): n/a (the app sent no Server-Timing header)"
                : string.Create(CultureInfo.InvariantCulture,
                    $"ack latency ms (server side, request handled → answer): p50 {Percentile(answered, 0.50):F1}, p95 {Percentile(answered, 0.95):F1}, p99 {Percentile(answered, 0.99):F1}, max {answered[^1]:F1}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all acknowledged after {acknowledged.TotalSeconds:F2} s ({options.Events / acknowledged.TotalSeconds:F0} events/s)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all processed after {processed.TotalSeconds:F2} s ({done - 1} of {options.Events} events out of the inbox)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU time: app {appCpuAcknowledged.TotalMilliseconds:F0} ms until all acknowledged, {appCpuProcessed.TotalMilliseconds:F0} ms until all processed; benchmark client {benchCpu.TotalMilliseconds:F0} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU per event: app {appCpuAcknowledged.TotalMilliseconds / options.Events:F2} ms to acknowledge, {(appCpuProcessed - appCpuAcknowledged).TotalMilliseconds / options.Events:F2} ms more to process; benchmark client {benchCpu.TotalMilliseconds / options.Events:F2} ms"));
            output.WriteLine($"load average after: {LoadAverage()}");
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }

            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left behind in the temp folder.
            }
        }
    }

    /// <returns>The status code and the app's own time for the request from its <c>Server-Timing</c> header (-1 when absent).</returns>
    private static async Task<(int Status, double ServerMilliseconds)> SendAsync(HttpClient client, string secret, string eventId)
    {
        // Events name attempts the demo gateway has never seen: each is verified, stored, claimed, interpreted and
        // closed as Ignored with its reason — the inbox's full path without touching any invoice.
        var body = DemoSignature.Body(eventId, "payment.succeeded", Guid.NewGuid());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.TryAddWithoutValidation(DemoSignature.Header, DemoSignature.Sign(secret, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), body));
        using var response = await client.PostAsync(new Uri("webhooks/demo", UriKind.Relative), content);
        return ((int)response.StatusCode, ServerMilliseconds(response));
    }

    private static double ServerMilliseconds(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var values))
        {
            return -1;
        }

        foreach (var part in values.SelectMany(v => v.Split(';', ',')).Select(p => p.Trim()))
        {
            if (part.StartsWith("dur=", StringComparison.Ordinal)
                && double.TryParse(part.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
            {
                return milliseconds;
            }
        }

        return -1;
    }

    private static async Task<long> CountProcessedAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM GatewayEvents WHERE Status IN ('Processed','Ignored')";
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static Process StartApp(Uri baseAddress, string dataDirectory, string secret)
    {
        var appDll = LocateApp();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(appDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     appDll, "--urls", baseAddress.ToString(), "--environment", "Testing", "--GameHost:DataDirectory", dataDirectory,
                     "--Payments:DemoGateway:Enabled", "true", "--Payments:DemoGateway:WebhookSecret", secret,
                     "--Logging:LogLevel:Default", "Warning",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string LocateApp()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GameHost.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Run the benchmark from inside the repository.");
        }

        var candidates = new[] { "Release", "Debug" }
            .Select(c => new FileInfo(Path.Combine(directory.FullName, "GameHost.App", "bin", c, "net10.0", "GameHost.App.dll")))
            .Where(f => f.Exists).OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        return candidates.FirstOrDefault()?.FullName ?? throw new InvalidOperationException("Build GameHost.App first (dotnet build -c Release).");
    }

    private static async Task WaitHealthyAsync(HttpClient client, Process app)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {app.ExitCode}.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The app did not become healthy in 3 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
