using System.Diagnostics;
using System.Globalization;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Catalog;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// Kills a renewal run in the middle (a real process killed while a batch is written but not committed), restarts it
/// in a new process, and finds exactly one invoice and one charge per service and period.
/// </summary>
public class RenewalCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task RenewalRun_KilledMidBatchThenRestarted_OneInvoiceAndOneChargePerServiceAndPeriod()
    {
        var services = new List<(Guid Customer, Guid Subscription, DateTime PaidUntil)>();
        for (var i = 0; i < 12; i++)
        {
            var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
            await _kit.TopUpAsync(customer, price.Minor, $"topup-{i}");
            services.Add((customer, subscriptionId, (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value));
        }

        var now = services.Max(s => s.PaidUntil).AddDays(-6);
        var path = new SqliteConnectionStringBuilder(_kit.Data.Database.ConnectionString).DataSource;
        var iso = now.ToString("O", CultureInfo.InvariantCulture);

        using (var first = Start($"renewal-run --db \"{path}\" --now {iso} --batch 4 --hang-after 8"))
        {
            var line = await ReadUntilAsync(first, "CRASH-POINT", TimeSpan.FromMinutes(3));
            Assert.StartsWith("CRASH-POINT 8", line, StringComparison.Ordinal);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        SqliteConnection.ClearAllPools();
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            // The first batch was committed; the second died with the process and left nothing behind.
            Assert.Equal(4, await db.Invoices().CountAsync(i => i.ServicePeriodStartUtc != null));
        }

        using (var second = Start($"renewal-run --db \"{path}\" --now {iso} --batch 4"))
        {
            var done = await ReadUntilAsync(second, "DONE", TimeSpan.FromMinutes(3));
            await second.WaitForExitAsync();
            Assert.Equal(0, second.ExitCode);
            Assert.Equal("DONE 8 8 8", done.Trim());
        }

        await using var check = _kit.Data.Database.CreateDbContext();
        foreach (var (_, subscriptionId, paidUntil) in services)
        {
            var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId));
            Assert.Equal((paidUntil, InvoiceStatus.Paid), (invoice.ServicePeriodStartUtc!.Value, invoice.Status));
            Assert.Equal(RenewalSweep.InvoiceKey(subscriptionId, paidUntil), invoice.IdempotencyKey);
            Assert.Equal(1, await check.LedgerTransactions().CountAsync(t => t.InvoiceId == invoice.Id && t.Kind == InvoiceSettlement.TransactionKind));
            Assert.Equal(BillingPeriod.Month1.EndOf(paidUntil), (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc);
        }

        await _kit.AssertBooksBalanceAsync();
    }

    private Process Start(string arguments)
    {
        var bench = BenchAssembly();
        var info = new ProcessStartInfo("dotnet", $"\"{bench}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the renewal run.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.WriteLine("stderr: " + e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<string> ReadUntilAsync(Process process, string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            output.WriteLine(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The renewal run ended without printing {prefix}.");
    }

    /// <summary>The bench console built beside this test assembly's configuration (the test project references it).</summary>
    private static string BenchAssembly()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = baseDir.Name;
        var configuration = baseDir.Parent!.Name;
        var root = baseDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GameHost.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var path = Path.Combine(root.FullName, "bench", "GameHost.Bench", "bin", configuration, framework, "GameHost.Bench.dll");
        Assert.True(File.Exists(path), $"Build the solution first: {path} is missing.");
        return path;
    }
}
