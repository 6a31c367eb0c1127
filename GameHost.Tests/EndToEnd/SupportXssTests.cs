using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.Domain.Audit;
using GameHost.Domain.Notifications;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.App.Features.Support;
using GameHost.Tests.Domain.Support;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// Every payload of the renderer's XSS list (<see cref="MessageRendererTests.Payloads"/>) as a message in one ticket,
/// written through the real use case into the running app's database, then read in Chromium: no dialog opens, no
/// payload's script runs, nothing is fetched from the payloads' hosts, and no element the messages produced carries
/// an event attribute or a script URL.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SupportXssTests(BrowserFixture fixture)
{
    [Fact]
    public Task Customer_TicketHoldingEveryXssPayload_RendersInert() => fixture.RunAsync(nameof(Customer_TicketHoldingEveryXssPayload_RendersInert), async page =>
    {
        var payloads = ((IEnumerable<object?[]>)MessageRendererTests.Payloads).Select(row => (string)row[0]!).ToList();
        var (email, password) = fixture.DemoAccounts["Customer"];
        var ticketId = await WriteTicketAsync(email, payloads);

        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add(dialog.Message);
            }

            _ = dialog.DismissAsync();
        };
        var fetched = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("evil.example", StringComparison.OrdinalIgnoreCase))
            {
                lock (fetched)
                {
                    fetched.Add(request.Url);
                }
            }
        };

        // Any alert/confirm/prompt a payload manages to call sets a flag, even one that never shows as a dialog.
        await page.AddInitScriptAsync("""
            window.__xssRan = false;
            for (const name of ['alert', 'confirm', 'prompt']) {
                const original = window[name];
                window[name] = function (...args) { window.__xssRan = true; return original.apply(this, args); };
            }
            """);
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync($"/cabinet/support/{ticketId}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("message")).ToHaveCountAsync(payloads.Count + 1);

        // Give anything deferred (onload, autofocus, a toggled details, a meta refresh) the chance to fire, and hover
        // and click every message body so pointer and click handlers would run if any were left.
        var bodies = page.GetByTestId("message-body");
        for (var i = 0; i < await bodies.CountAsync(); i++)
        {
            await bodies.Nth(i).HoverAsync();
        }

        await page.WaitForTimeoutAsync(500);
        var findings = await page.EvaluateAsync<string[]>("""
            () => {
                const found = [];
                const scriptUrl = /^\s*(javascript|vbscript|data)\s*:/i;
                for (const body of document.querySelectorAll('[data-testid=message-body]')) {
                    for (const element of body.querySelectorAll('*')) {
                        const tag = element.tagName.toLowerCase();
                        if (['script', 'iframe', 'object', 'embed', 'form', 'base', 'meta', 'style', 'svg', 'math', 'input', 'details'].includes(tag)) {
                            found.push('element ' + tag);
                        }
                    }
                }

                for (const element of document.querySelectorAll('*')) {
                    for (const attribute of element.attributes) {
                        const name = attribute.name.toLowerCase();
                        if (name.startsWith('on')) {
                            found.push(element.tagName.toLowerCase() + ' ' + name);
                        }

                        if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(name) && scriptUrl.test(attribute.value)) {
                            found.push(element.tagName.toLowerCase() + ' ' + name + '=' + attribute.value);
                        }
                    }
                }

                return found;
            }
            """);

        Assert.Empty(findings);
        Assert.False(await page.EvaluateAsync<bool>("() => window.__xssRan"));
        Assert.Empty(dialogs);
        Assert.Empty(fetched);
        Assert.EndsWith($"/cabinet/support/{ticketId}", page.Url, StringComparison.Ordinal); // no refresh or redirect took the page away

        // The payloads are there, as text.
        await Assertions.Expect(page.GetByTestId("message-body").Nth(1)).ToContainTextAsync("alert(1)");
    });

    /// <summary>Opens a ticket for the demo customer and writes each payload as one of their replies, as the cabinet would.</summary>
    private async Task<Guid> WriteTicketAsync(string customerEmail, IReadOnlyList<string> payloads)
    {
        var database = Path.Combine(fixture.App.DataDirectory, "gamehost.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 30 }.ToString();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<GameHostDbContext>(o => o.UseSqlite(connection).AddInterceptors(new SqlitePragmaInterceptor()));
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddSingleton<ISupportServices>(new InMemorySupportServices());
        services.AddSingleton<ISupportCharges>(new InMemorySupportCharges());
        services.AddAudit();
        services.AddNotifications();
        services.AddSupport();
        services.Configure<SupportOptions>(o => o.AttachmentFolder = Path.Combine(fixture.App.DataDirectory, "xss-attachments"));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        Guid customerId;
        Guid departmentId;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<GameHostDbContext>>().CreateDbContextAsync())
        {
            customerId = await db.Users.Where(u => u.Email == customerEmail).Select(u => u.Id).SingleAsync();
            departmentId = await db.SupportDepartments().Where(d => d.Name == "Technical support").Select(d => d.Id).SingleAsync();
        }

        var desk = scope.ServiceProvider.GetRequiredService<TicketDesk>();
        var opened = await desk.OpenAsync(customerId, new OpenTicketRequest(departmentId, "Every payload", "The list follows, one per message.")
        {
            RequestId = Guid.NewGuid().ToString("N"),
        }, CancellationToken.None);
        Assert.True(opened.IsSuccess, opened.Error?.Code);
        foreach (var payload in payloads)
        {
            var written = await desk.CustomerReplyAsync(customerId, opened.Value!.TicketId, new ReplyRequest("Before " + payload + " after")
            {
                RequestId = Guid.NewGuid().ToString("N"),
            }, CancellationToken.None);
            Assert.True(written.IsSuccess, $"{payload}: {written.Error?.Code}");
        }

        return opened.Value!.TicketId;
    }
}
