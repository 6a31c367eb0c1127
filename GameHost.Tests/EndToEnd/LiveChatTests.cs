using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// Live chat between two browsers: the customer starts a chat, it appears on the agent's open console without a
/// reload, the agent's answer appears on the customer's open page, and the agent turns the chat into a ticket the
/// customer's page then links to.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LiveChatTests(BrowserFixture fixture)
{
    [Fact]
    public Task Customer_StartsChat_AgentAnswersLive_AndTurnsItIntoATicket() => fixture.RunAsync(nameof(Customer_StartsChat_AgentAnswersLive_AndTurnsItIntoATicket), async page =>
    {
        var (staffContext, staff) = await fixture.SecondBrowserAsync("Support");
        await using var staffBrowser = staffContext;
        await staff.GotoAsync("/admin/support/chats");
        await BrowserFixture.WaitForInteractiveAsync(staff);

        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/cabinet/support/chat");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var box = page.Locator("input[data-testid=chat-message], [data-testid=chat-message] input");
        await box.FillAsync("Hi! My modpack server will not start after adding **Create**.");
        await box.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("chat-line")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("chat-status")).ToHaveTextAsync("Waiting for an agent…");
        await Assertions.Expect(box).ToHaveValueAsync("");

        // The agent's console was open before the chat started: the chat arrives through the circuit.
        await Assertions.Expect(staff.GetByTestId("chat-row-waiting")).ToHaveCountAsync(1);
        var customerUrl = page.Url;
        await staff.GetByTestId("chat-row").Filter(new() { Has = staff.GetByTestId("chat-row-waiting") }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("chat-line-body").Last).ToContainTextAsync("modpack server will not start");
        var reply = staff.Locator("input[data-testid=chat-message], [data-testid=chat-message] input");
        await reply.FillAsync("Hi! Create needs Forge 47.2 or newer — I can update it for you.");
        await reply.PressAsync("Enter");
        await Assertions.Expect(staff.GetByTestId("chat-line")).ToHaveCountAsync(2);
        await ScreenTourTests.SaveAsync(staff, "support-chat-console");

        Assert.Equal(customerUrl, page.Url);
        await Assertions.Expect(page.GetByTestId("chat-line")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("chat-line-body").Nth(1)).ToContainTextAsync("Forge 47.2");
        await Assertions.Expect(page.GetByTestId("chat-status")).ToContainTextAsync("Chatting with");
        await ScreenTourTests.SaveAsync(page, "support-chat-customer");

        await staff.GetByTestId("chat-to-ticket").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("chat-ticket")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("chat-ticket-link")).ToBeVisibleAsync();
        await page.GetByTestId("chat-ticket-link").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/support/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("message-body").First).ToContainTextAsync("Forge 47.2");
    });
}
