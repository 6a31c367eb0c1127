using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using GameHost.App.Features.Payments.Gateways.Demo;
using Microsoft.Data.Sqlite;

namespace GameHost.Bench.Webhooks;

/// <param name="Client"><c>http</c> (HttpClient, each request built and signed as it is sent) or <c>raw</c> (requests
/// pre-built and pre-signed before the burst, written over keep-alive sockets opened before the burst).</param>
/// <param name="App">A GameHost.App.dll to start instead of the repository's newest build (to compare two builds).</param>
/// <param name="PauseSeconds">Wait this long before the burst, with the app's process id printed, to attach a profiler.</param>
/// <param name="AppEnvironment">Extra environment variables for the app process (runtime experiments such as
/// <c>DOTNET_gcServer=0</c>), as NAME=VALUE pairs separated by commas.</param>
/// <param name="Warmup">Events sent (10 in flight) and processed before the burst, so the app's code is compiled and
/// tiered up as in a running installation; 1 (the default) keeps the figures comparable with the first ones.</param>
/// <param name="Runs">Whole runs one after another, each with a freshly started app and its warm-up; with more than one
/// the benchmark ends with every run's p95 and the percentiles of all runs' acknowledgements pooled. One burst's p95 is
/// one sample of a noisy machine; the pooled figure is the one to compare.</param>
/// <param name="Connect">With the raw client, when its keep-alive connections are opened: <c>after-warmup</c> (the
/// default), just before the burst, or <c>before-warmup</c>, so the app's state for them has lived through the
/// warm-up's collections as a gateway's long-open connections have. The two gave the same figures within the
/// run-to-run scatter (2026-11-28).</param>
public sealed record WebhooksBenchmarkOptions(int Events, int Concurrency, int MaxMinutes, string Client = "http", string? App = null, int PauseSeconds = 0,
    IReadOnlyDictionary<string, string>? AppEnvironment = null, int Warmup = 1, int Runs = 1, string Connect = "after-warmup")
{
    public static WebhooksBenchmarkOptions From(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var client = args.Text("client") ?? "http";
        if (client is not ("http" or "raw"))
        {
            throw new ArgumentException($"--client must be http or raw, got '{client}'.");
        }

        var connect = args.Text("connect") ?? "after-warmup";
        if (connect is not ("before-warmup" or "after-warmup"))
        {
            throw new ArgumentException($"--connect must be before-warmup or after-warmup, got '{connect}'.");
        }

        var app = args.Text("app");
        if (app is not null && !File.Exists(app))
        {
            throw new ArgumentException($"--app names no file: '{app}'.");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (args.Text("app-env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--app-env takes NAME=VALUE pairs separated by commas, got '{pair}'.");
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        var options = new WebhooksBenchmarkOptions(args.Number("events", 1000), args.Number("concurrency", 1000), args.Number("max-minutes", 10),
            client, app is null ? null : Path.GetFullPath(app), args.Number("pause-seconds", 0, minimum: 0), environment, args.Number("warmup", 1),
            args.Number("runs", 1), connect);
        args.EnsureAllUsed();
        return options;
    }
}

/// <summary>
/// Starts the real app (its Release build) on a loopback port with the demo gateway and a known signing secret, sends
/// a burst of signed demo webhooks to <c>/webhooks/demo</c>, and reports the acknowledgement latency (p50/p95/max),
/// the time until the inbox has processed every event, and the CPU time of the app and of the client apart.
/// </summary>
public static class WebhooksBenchmark
{
    public static async Task RunAsync(WebhooksBenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var runs = new List<double[]>();
        for (var run = 1; run <= options.Runs; run++)
        {
            if (options.Runs > 1)
            {
                output.WriteLine($"--- run {run} of {options.Runs}");
            }

            runs.Add(await RunOnceAsync(options, output));
        }

        if (runs.Count > 1)
        {
            var pooled = runs.SelectMany(r => r).Order().ToArray();
            output.WriteLine("--- all runs");
            output.WriteLine("p95 per run (client round trip, ms): "
                + string.Join(", ", runs.Select(r => Percentile(r, 0.95).ToString("F1", CultureInfo.InvariantCulture)))
                + string.Create(CultureInfo.InvariantCulture, $"; median {Percentile(runs.Select(r => Percentile(r, 0.95)).Order().ToArray(), 0.50):F1}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ack latency ms (client round trip), {pooled.Length} acknowledgements of {runs.Count} runs pooled: p50 {Percentile(pooled, 0.50):F1}, p95 {Percentile(pooled, 0.95):F1}, p99 {Percentile(pooled, 0.99):F1}, max {pooled[^1]:F1}"));
        }
    }

    /// <summary>Everything the raw client can do ahead, done before the clock starts: every request's bytes built and
    /// signed, and the keep-alive connections open (as a gateway keeps its connections to a merchant).</summary>
    private static async Task<RawBurst> PrepareRawAsync(WebhooksBenchmarkOptions options, Uri baseAddress, string secret, TextWriter output)
    {
        var preparing = Stopwatch.StartNew();
        var raw = await RawBurst.PrepareAsync(baseAddress, secret, options.Events, Math.Min(options.Concurrency, options.Events));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"client: {raw.Connections} keep-alive connections opened ({options.Connect}) and {options.Events} requests built and signed before the burst ({preparing.Elapsed.TotalMilliseconds:F0} ms, not counted)"));
        return raw;
    }

    /// <summary>One run: a fresh app, its warm-up, the burst and its figures; returns the round trips, sorted.</summary>
    private static async Task<double[]> RunOnceAsync(WebhooksBenchmarkOptions options, TextWriter output)
    {
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gamehost-bench-webhooks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        using var app = StartApp(options.App ?? LocateApp(), baseAddress, dataDirectory, secret, options.AppEnvironment);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = baseAddress,
                Timeout = TimeSpan.FromMinutes(2),
            };
            await WaitHealthyAsync(client, app);
            output.WriteLine($"webhooks: {options.Events} signed demo events, up to {options.Concurrency} in flight, {options.Client} client, app on {baseAddress}");
            output.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            if (options.AppEnvironment is { Count: > 0 } extra)
            {
                output.WriteLine($"app environment: {string.Join(", ", extra.Select(e => $"{e.Key}={e.Value}"))}");
            }

            // --connect before-warmup: the raw client's connections are opened before the warm-up, so the app's state
            // for them has been through the warm-up's collections, as a gateway's long-open connections' state has.
            RawBurst? raw = options is { Client: "raw", Connect: "before-warmup" } ? await PrepareRawAsync(options, baseAddress, secret, output) : null;

            // Warm-up: one event by default, so the first connection and the first compilation are not in the figures;
            // --warmup N sends N (10 in flight) and waits until they are processed, as in an installation that has run.
            var database = Path.Combine(dataDirectory, "gamehost.db");
            using (var warming = new SemaphoreSlim(10))
            {
                await Task.WhenAll(Enumerable.Range(0, options.Warmup).Select(async _ =>
                {
                    await warming.WaitAsync();
                    try
                    {
                        await SendAsync(client, secret, $"evt_bench_warmup_{Guid.NewGuid():N}");
                    }
                    finally
                    {
                        warming.Release();
                    }
                }));
            }

            if (options.Warmup > 1)
            {
                var warmed = Stopwatch.StartNew();
                while (await CountProcessedAsync(database) < options.Warmup && warmed.Elapsed < TimeSpan.FromMinutes(options.MaxMinutes))
                {
                    await Task.Delay(100);
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {options.Warmup} events sent and processed before the burst ({warmed.Elapsed.TotalSeconds:F1} s)"));
            }

            if (options is { Client: "raw", Connect: "after-warmup" })
            {
                raw = await PrepareRawAsync(options, baseAddress, secret, output);
            }

            var latencies = new double[options.Events];
            var serverTimes = new double[options.Events];
            var statuses = new int[options.Events];

            if (options.PauseSeconds > 0)
            {
                output.WriteLine($"app process id {app.Id}: waiting {options.PauseSeconds} s before the burst (attach a profiler now)");
                await Task.Delay(TimeSpan.FromSeconds(options.PauseSeconds));
            }

            app.Refresh();
            var appCpuBefore = app.TotalProcessorTime;
            var appSystemBefore = app.PrivilegedProcessorTime;
            var bench = Process.GetCurrentProcess();
            var benchCpuBefore = bench.TotalProcessorTime;
            var benchSystemBefore = bench.PrivilegedProcessorTime;
            var logLinesBefore = Interlocked.Read(ref _appLogLines);
            var total = Stopwatch.StartNew();
            if (raw is not null)
            {
                await raw.RunAsync(latencies, serverTimes, statuses);
                raw.Dispose();
            }
            else
            {
                using var gate = new SemaphoreSlim(options.Concurrency);
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
            }

            var acknowledged = total.Elapsed;
            app.Refresh();
            var appCpuAcknowledged = app.TotalProcessorTime - appCpuBefore;
            var appSystemAcknowledged = app.PrivilegedProcessorTime - appSystemBefore;
            bench.Refresh();
            var benchCpu = bench.TotalProcessorTime - benchCpuBefore;
            var benchSystem = bench.PrivilegedProcessorTime - benchSystemBefore;
            var deadline = Stopwatch.StartNew();
            long done;
            while ((done = await CountProcessedAsync(database)) < options.Events + options.Warmup && deadline.Elapsed < TimeSpan.FromMinutes(options.MaxMinutes))
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
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all processed after {processed.TotalSeconds:F2} s ({done - options.Warmup} of {options.Events} events out of the inbox)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU time: app {appCpuAcknowledged.TotalMilliseconds:F0} ms until all acknowledged, {appCpuProcessed.TotalMilliseconds:F0} ms until all processed; benchmark client {benchCpu.TotalMilliseconds:F0} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU per event: app {appCpuAcknowledged.TotalMilliseconds / options.Events:F3} ms to acknowledge, {(appCpuProcessed - appCpuAcknowledged).TotalMilliseconds / options.Events:F3} ms more to process; benchmark client {benchCpu.TotalMilliseconds / options.Events:F3} ms"));
            // Kernel time is listed apart: on loopback much of the receiving side's TCP work is charged to the sender.
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  of which kernel: app {appSystemAcknowledged.TotalMilliseconds / options.Events:F3} ms per acknowledged event, client {benchSystem.TotalMilliseconds / options.Events:F3} ms"));
            output.WriteLine($"app log lines during the run: {Interlocked.Read(ref _appLogLines) - logLinesBefore}");
            output.WriteLine($"load average after: {LoadAverage()}");
            return latencies;
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

    private static Process StartApp(string appDll, Uri baseAddress, string dataDirectory, string secret, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(appDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     appDll, "--urls", baseAddress.ToString(), "--environment", "Testing", "--GameHost:DataDirectory", dataDirectory,
                     "--Payments:DemoGateway:Enabled", "true", "--Payments:DemoGateway:WebhookSecret", secret,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, line) => CountLogLine(line.Data);
        process.ErrorDataReceived += (_, line) => CountLogLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static long _appLogLines;

    private static void CountLogLine(string? line)
    {
        // The console logger's first line of each entry starts with its level ("info: ", "warn: ", …).
        if (line is { Length: > 6 } && line[4] == ':' && !char.IsWhiteSpace(line[0]))
        {
            Interlocked.Increment(ref _appLogLines);
        }
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
