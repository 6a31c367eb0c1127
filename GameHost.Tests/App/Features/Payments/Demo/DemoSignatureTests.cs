using System.Text;
using GameHost.App.Features.Payments.Gateways.Demo;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.App.Features.Payments.Demo;

/// <summary>
/// The demo gateway's webhook check on its own: the signature header is parsed and compared without building
/// strings or a JSON document per event, and every way a header or body can be wrong is still refused.
/// </summary>
public sealed class DemoSignatureTests
{
    private const string Secret = "whsec_demo_0123456789";

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);

    private readonly DemoGateway _gateway = new(new DemoGatewayState(), new FakeTimeProvider(Now));

    private readonly GatewayAccountConfig _account = new(Guid.NewGuid(), "demo", Sandbox: true, new Dictionary<string, string> { [DemoGateway.SecretKey] = Secret });

    [Fact]
    public async Task Verify_SignedBody_ValidWithItsIdAndType()
    {
        var body = DemoSignature.Body("evt_1", "payment.succeeded", Guid.NewGuid());

        var verification = await VerifyAsync(body, DemoSignature.Sign(Secret, Now.ToUnixTimeSeconds(), body));

        Assert.Equal((WebhookVerificationStatus.Valid, "evt_1", "payment.succeeded"), (verification.Status, verification.EventId, verification.EventType));
    }

    [Fact]
    public async Task Verify_HeaderWithSpacesOtherSchemesAndUpperCaseHex_StillValid()
    {
        var body = DemoSignature.Body("evt_2", "payment.failed", Guid.NewGuid());
        var signed = DemoSignature.Sign(Secret, Now.ToUnixTimeSeconds(), body);
        var mac = signed[(signed.IndexOf("v1=", StringComparison.Ordinal) + 3)..];

        var verification = await VerifyAsync(body, $" t = {Now.ToUnixTimeSeconds()} , v0=abc, v1= {mac.ToUpperInvariant()} ");

        Assert.Equal((WebhookVerificationStatus.Valid, "evt_2"), (verification.Status, verification.EventId));
    }

    [Theory]
    [InlineData("", "malformed signature")]
    [InlineData("v1=00", "malformed signature")]
    [InlineData("t=1764298800", "malformed signature")]
    [InlineData("t=-5,v1=00", "malformed signature")]
    [InlineData("t=abc,v1=00", "malformed signature")]
    [InlineData("t=1764298800,v1=zz", "signature mismatch")]
    [InlineData("t=1764298800,v1=0011", "signature mismatch")]
    public async Task Verify_MalformedOrForeignHeader_Invalid(string header, string reason)
    {
        var body = DemoSignature.Body("evt_3", "payment.succeeded", Guid.NewGuid());

        var verification = await VerifyAsync(body, header);

        Assert.Equal((WebhookVerificationStatus.Invalid, reason), (verification.Status, verification.Reason));
    }

    [Fact]
    public async Task Verify_BodyChangedAfterSigningOrOtherSecret_Invalid()
    {
        var body = DemoSignature.Body("evt_4", "payment.succeeded", Guid.NewGuid());
        var signature = DemoSignature.Sign(Secret, Now.ToUnixTimeSeconds(), body);
        var tampered = body.ToArray();
        tampered[^2] ^= 1;

        Assert.Equal("signature mismatch", (await VerifyAsync(tampered, signature)).Reason);
        Assert.Equal("signature mismatch", (await VerifyAsync(body, DemoSignature.Sign("another secret", Now.ToUnixTimeSeconds(), body))).Reason);
        // The timestamp is part of what is signed: moving it breaks the signature.
        Assert.Equal("signature mismatch", (await VerifyAsync(body, signature.Replace($"t={Now.ToUnixTimeSeconds()}", $"t={Now.ToUnixTimeSeconds() + 1}", StringComparison.Ordinal))).Reason);
    }

    [Fact]
    public async Task Verify_SignedLongAgoOrInTheFuture_RefusedAsAReplay()
    {
        var body = DemoSignature.Body("evt_5", "payment.succeeded", Guid.NewGuid());

        var old = await VerifyAsync(body, DemoSignature.Sign(Secret, (Now - DemoSignature.Tolerance - TimeSpan.FromSeconds(1)).ToUnixTimeSeconds(), body));
        var future = await VerifyAsync(body, DemoSignature.Sign(Secret, (Now + DemoSignature.Tolerance + TimeSpan.FromSeconds(1)).ToUnixTimeSeconds(), body));

        Assert.All([old, future], v => Assert.Equal("timestamp outside the tolerance (replay)", v.Reason));
    }

    [Theory]
    [InlineData("""{"id":"evt_6","type":"payment.succeeded","data":{"id":"nested","type":"x","list":[1,{"id":2}]}}""", "evt_6")]
    [InlineData("""{"data":{"id":"nested"},"type":"payment.succeeded","id":"evt_7"}""", "evt_7")]
    [InlineData("""{"type":"payment.succeeded"}""", null)]
    [InlineData("""{"id":7,"type":"payment.succeeded"}""", null)]
    [InlineData("""["evt_8","payment.succeeded"]""", null)]
    [InlineData("""{"id":"evt_9","type":"payment.succeeded" """, null)]
    [InlineData("not json", null)]
    public async Task Verify_SignedBodies_TheTopLevelIdIsTheEventOrTheBodyIsUnreadable(string json, string? eventId)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var verification = await VerifyAsync(body, DemoSignature.Sign(Secret, Now.ToUnixTimeSeconds(), body));

        Assert.Equal(eventId is null ? (WebhookVerificationStatus.Invalid, null, "unreadable body") : (WebhookVerificationStatus.Valid, eventId, null),
            (verification.Status, verification.EventId, verification.Reason));
    }

    private Task<WebhookVerification> VerifyAsync(byte[] body, string signature) =>
        _gateway.VerifyWebhookAsync(_account, new InboundWebhook(body, new Dictionary<string, string> { [DemoSignature.Header] = signature }, "127.0.0.1"), CancellationToken.None);
}
