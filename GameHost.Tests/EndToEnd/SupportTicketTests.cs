using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The helpdesk between two browsers: a customer opens a ticket (with markup meant to run script), an agent answers
/// from the staff console in another browser context, and the customer's open page shows the answer without a reload
/// and rates it. No dialog ever opens and the hostile markup renders as text.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SupportTicketTests(BrowserFixture fixture)
{
    [Fact]
    public Task Customer_OpensTicket_StaffReply_AppearsLive_AndIsRated() => fixture.RunAsync(nameof(Customer_OpensTicket_StaffReply_AppearsLive_AndIsRated), async page =>
    {
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            lock (console)
            {
                console.Add($"{message.Type}: {message.Text}");
            }
        };
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/cabinet/support/new");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await BrowserFixture.ChooseAsync(page, page.GetByTestId("department"), "Technical support");
        await page.Locator("input[data-testid=subject], [data-testid=subject] input").FillAsync("Server crashes after the update");
        await page.Locator("textarea[data-testid=body], [data-testid=body] textarea").FillAsync(
            "It crashes with **OutOfMemory**.\n\n<img src=x onerror=alert(1)> <script>alert(2)</script> [click me](javascript:alert(3))\n\n```\njava -Xmx2G -jar server.jar\n```");
        await page.GetByTestId("submit-ticket").ClickAsync();
        try
        {
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/support/[0-9a-f-]{36}$"));
        }
        catch (TimeoutException ex)
        {
            // What the server said is the only clue when the circuit fails without a visible error.
            var problems = fixture.App.Output.Split('\n')
                .Where(l => l.Contains("\"Warning\"", StringComparison.Ordinal) || l.Contains("\"Error\"", StringComparison.Ordinal)
                    || l.Contains("Support", StringComparison.Ordinal) || l.Contains("Circuit", StringComparison.Ordinal))
                .TakeLast(40);
            string browser;
            lock (console)
            {
                browser = string.Join("\n", console);
            }

            throw new TimeoutException($"The new ticket did not open.\nBrowser console:\n{browser}\nApp warnings and errors:\n{string.Join("\n", problems)}", ex);
        }

        var ticketUrl = page.Url;
        await Assertions.Expect(page.GetByTestId("message")).ToHaveCountAsync(1);
        var body = page.GetByTestId("message-body").First;
        await Assertions.Expect(body.Locator("strong")).ToHaveTextAsync("OutOfMemory");
        await Assertions.Expect(body.Locator("img, script")).ToHaveCountAsync(0);
        await Assertions.Expect(body.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        await Assertions.Expect(body).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await ScreenTourTests.SaveAsync(page, "support-customer-ticket");

        // The agent answers from a second browser while the customer's page stays open.
        var (staffContext, staff) = await fixture.SecondBrowserAsync("Support");
        await using var staffBrowser = staffContext;
        await staff.GotoAsync("/admin/support");
        await BrowserFixture.WaitForInteractiveAsync(staff);
        await staff.Locator("input[data-testid=queue-search], [data-testid=queue-search] input").FillAsync("crashes after the update");
        await Assertions.Expect(staff.GetByTestId("queue-link")).ToHaveCountAsync(1);
        await ScreenTourTests.SaveAsync(staff, "support-queue");
        await staff.GetByTestId("queue-link").ClickAsync();
        await staff.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/admin/support/[0-9a-f-]{36}$"));
        await staff.Locator("textarea[data-testid=staff-reply-body], [data-testid=staff-reply-body] textarea").FillAsync("Thanks! Please raise the memory: `-Xmx3G`.");
        await staff.GetByTestId("send-staff-reply").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("message")).ToHaveCountAsync(2);
        await ScreenTourTests.SaveAsync(staff, "support-staff-ticket");

        // No reload on the customer's side: the reply arrives through the circuit.
        Assert.Equal(ticketUrl, page.Url);
        await Assertions.Expect(page.GetByTestId("message")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("message").Nth(1)).ToContainTextAsync("-Xmx3G");
        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveTextAsync("Awaiting your reply");
        await page.GetByTestId("rate-good").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rated")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "support-customer-rated");
        Assert.Equal(0, dialogs);
    });
}
