using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// The real app as its own process on a free loopback port, exactly as an operator starts it (Kestrel, migrations
/// checked and applied at start-up, e-mails dropped as .eml files). A fresh data folder starts with a copy of the
/// process's <see cref="MigratedTemplate"/> as the app's database, so start-up finds nothing pending; a given folder
/// is used as it is (an empty one is created and migrated by the app). Its console output is captured so tests can
/// read what it printed.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly bool _ownsDataDirectory;

    private RunningApp(Process process, Uri baseAddress, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app. With <paramref name="dataDirectory"/> it uses that folder as it is (a first start on an empty
    /// folder, or a restart) and leaves it in place on dispose; without, it makes a fresh one holding a migrated copy of
    /// the template database and removes it afterwards.
    /// </summary>
    public static async Task<RunningApp> StartAsync(string environment = "Testing", string? dataDirectory = null, params string[] extraArguments)
    {
        var appDll = LocateAppAssembly();
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "gamehost-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        if (ownsDataDirectory)
        {
            MigratedTemplate.PlaceAppDatabase(dataDirectory);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        foreach (var argument in new[]
                 {
                     "--urls", baseAddress.ToString(),
                     "--environment", environment,
                     "--GameHost:DataDirectory", dataDirectory,
                     "--GameHost:ServeBuildAssets", "true",
                     "--Email:Outbox:PollSeconds", "1",
                     "--GameHost:PublicBaseUrl", baseAddress.ToString().TrimEnd('/'),
                 }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new RunningApp(process, baseAddress, dataDirectory, ownsDataDirectory);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            // Generous: on a busy two-core machine a cold start with migrations and seeding can take a while.
            await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            // Nobody else holds this instance yet, so a start that never became healthy is stopped here
            // instead of leaving a stray app process (and its data directory) behind.
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The app did not become healthy within {timeout}:\n{Output}");
    }

    /// <summary>Waits (bounded) for an e-mail to appear in the mail drop and returns the newest matching message.</summary>
    public async Task<MimeKit.MimeMessage> WaitForMailAsync(Func<MimeKit.MimeMessage, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Directory.Exists(MailDirectory))
            {
                foreach (var file in new DirectoryInfo(MailDirectory).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc))
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file.FullName);
                    if (match(message))
                    {
                        return message;
                    }
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No matching e-mail arrived in {MailDirectory} within {timeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The app's own build output (same configuration as the tests), so it runs with its own deps and config.</summary>
    private static string LocateAppAssembly()
    {
        var testBin = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testBin).Parent?.Name ?? "Debug"; // …/bin/{Configuration}/net10.0/
        var root = RepositoryRoot.Find();
        var dll = Path.Combine(root, "GameHost.App", "bin", configuration, "net10.0", "GameHost.App.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build GameHost.App first.", dll);
    }
}

/// <summary>The folder holding GameHost.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GameHost.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("GameHost.sln not found above the test binaries.");
    }
}
