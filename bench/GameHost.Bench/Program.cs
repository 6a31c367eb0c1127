using GameHost.Bench;
using GameHost.Bench.ImapImport;
using GameHost.Bench.Provisioning;
using GameHost.Bench.Renewals;
using GameHost.Bench.Webhooks;
using GameHost.Bench.TicketQueue;

// dotnet run -c Release --project bench/GameHost.Bench -- <name> [options]
// Each benchmark prints its parameters and figures and exits 0; none asserts a time.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Usage();
    return 0;
}

try
{
    var options = BenchArgs.Parse(args.Skip(1));
    switch (args[0])
    {
        case "provisioning":
            await ProvisioningBenchmark.RunAsync(ProvisioningBenchmarkOptions.From(options), Console.Out);
            return 0;
        case "renewals":
            await RenewalsBenchmark.RunAsync(RenewalsBenchmarkOptions.From(options), Console.Out);
            return 0;
        case "webhooks":
            await WebhooksBenchmark.RunAsync(WebhooksBenchmarkOptions.From(options), Console.Out);
            return 0;
        case "imap-import":
            await ImapImportBenchmark.RunAsync(ImapImportBenchmarkOptions.From(options), Console.Out);
            return 0;
        case "ticket-queue":
            await TicketQueueBenchmark.RunAsync(TicketQueueBenchmarkOptions.From(options), Console.Out);
            return 0;
        case "renewal-run":
            return await RenewalRunCommand.RunAsync(args.Skip(1).ToArray(), Console.Out);
        default:
            Console.Error.WriteLine($"Unknown benchmark '{args[0]}'.");
            Usage();
            return 2;
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Usage();
    return 2;
}

static void Usage() => Console.Error.WriteLine("""
    Usage: dotnet run -c Release --project bench/GameHost.Bench -- <benchmark> [options]

      provisioning   queue server creations and carry them out with the real processor and panel client
                     against the demo panel on loopback, under the panel's rate limit
        --servers N              servers to create (default 1000)
        --servers-per-customer N servers each customer orders (default 1: every server needs a new panel user)
        --panel-limit N          the demo panel's requests per minute (default 240)
        --client-limit N         the client's own pace, requests per minute (default 200)
        --install-seconds N      how long the demo panel takes to install a server (default 2)
        --max-minutes N          stop waiting after this long and report what was done (default 120)

      renewals       a renewal sweep over due services on SQLite: invoiced, paid from balance and extended
        --services N               due services (default 100000)
        --services-per-customer N  services per customer (default 1)
        --batch N                  services per transaction (default 1000)
        --profile 1                also print the SQL the sweep sent, by statement, slowest first
        --database FILE            keep the seeded database in FILE (seeded on first use) and sweep a copy of it
        --pragmas "a=1;b=2"        extra PRAGMAs on every connection of the sweep (experiments only)
        --writer-cache-mib N       page cache of the sweep's writing connection (64; 0 keeps SQLite's own)

      webhooks       starts the app on loopback with the demo gateway and sends a burst of signed webhooks:
                     acknowledgement latency and the time until the inbox processed them all
        --events N               webhooks in the burst (default 1000)
        --concurrency N          requests in flight at once (default 1000)
        --max-minutes N          stop waiting for processing after this long (default 10)
        --client http|raw        http: HttpClient, each request built and signed as it is sent (default);
                                 raw: requests pre-built and pre-signed, keep-alive sockets opened before the burst
        --connect after-warmup|before-warmup
                                 raw client: open its connections just before the burst (default) or before the
                                 warm-up (their server-side state has then lived through the warm-up's collections)
        --app FILE               the GameHost.App.dll to start (default: the repository's newest build)
        --pause-seconds N        print the app's process id and wait N s before the burst (to attach a profiler)
        --warmup N               events sent and processed before the burst (default 1)
        --runs N                 whole runs (fresh app, warm-up, burst) one after another; ends with each run's p95 and all runs pooled (default 1)
        --app-env N=V[,N=V]      extra environment variables for the app (runtime experiments, e.g. DOTNET_gcServer=0)

      ticket-queue   the staff support queue's first page over many tickets on SQLite
        --tickets N    tickets (default 100000)   --customers N (default 5000)   --runs N per case (default 30)
        --plan 1       also print SQLite's query plan of each case's statements

      imap-import    fills a private Dovecot's inbox over IMAP and imports it with the support mail sweep
        --messages N (default 5000)   --attachments N messages with a PNG and a log (default 100)
        --customers N (default 500)   --replies-percent N answers to an earlier mail (default 40)
        --profile 1    also print the SQL the import sent, by statement, slowest first

      renewal-run    runs the renewal sweep once on an existing database (used by the crash test)
        --db FILE --now ISO-INSTANT [--batch N] [--hang-after K]
    """);
