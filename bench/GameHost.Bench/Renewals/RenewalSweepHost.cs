using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Bench.Renewals;

/// <summary>The renewal sweep wired as the app wires it (no saved payment methods, no tax rules yet).</summary>
public static class RenewalSweepHost
{
    public static RenewalSweep Create(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time, int batchSize, int? writerCacheMiB = null)
    {
        var ledger = new LedgerPosting(time);
        return new RenewalSweep(contexts, ledger, new InvoiceSettlement(ledger, new ProvisioningRequests(time), time), new NoTaxYet(), new NoAutoPay(),
            Options.Create(new RenewalOptions { BatchSize = batchSize, WriterCacheMiB = writerCacheMiB ?? new RenewalOptions().WriterCacheMiB }), time);
    }
}

/// <summary>
/// <c>renewal-run --db FILE --now ISO [--batch N] [--hang-after K]</c>: runs the renewal sweep on an existing database.
/// With <c>--hang-after</c>, once a batch holding the K-th renewal is written but not yet committed, it prints
/// <c>CRASH-POINT</c> and waits forever, so a test can kill the process at that moment (a real process death, not an
/// exception) and check that a restarted sweep finishes the work exactly once.
/// </summary>
public static class RenewalRunCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        string? path = null;
        DateTimeOffset? now = null;
        var batch = 1000;
        int? hangAfter = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--db": path = args[i + 1]; break;
                case "--now": now = DateTimeOffset.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--hang-after": hangAfter = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (path is null || now is null || !File.Exists(path))
        {
            throw new ArgumentException("renewal-run needs --db (an existing file) and --now.");
        }

        using var database = new BenchDatabase(path);
        var sweep = RenewalSweepHost.Create(database, new FixedClock(now.Value), batch);
        var result = await sweep.RunAsync(async (checkpoint, done) =>
        {
            if (hangAfter is { } k && checkpoint == RenewalCheckpoint.BatchWritten && done >= k)
            {
                await output.WriteLineAsync($"CRASH-POINT {done}");
                await output.FlushAsync();
                await Task.Delay(Timeout.Infinite);
            }
        }, CancellationToken.None);
        await output.WriteLineAsync($"DONE {result.Invoiced} {result.PaidFromBalance} {result.Advanced}");
        return 0;
    }
}
