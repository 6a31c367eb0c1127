using System.Collections.Concurrent;
using GameHost.Domain.Notifications.Email;

namespace GameHost.Tests.Domain.Notifications.Email;

/// <summary>Records what it was asked to send and answers from a script (default: sent).</summary>
public sealed class FakeEmailTransport : IEmailTransport
{
    private readonly ConcurrentQueue<Func<EmailEnvelope, Task<EmailSendResult>>> _script = new();

    public string Name => "fake";

    public ConcurrentQueue<EmailEnvelope> Sent { get; } = new();

    /// <summary>Answers every send not scripted otherwise.</summary>
    public Func<EmailEnvelope, Task<EmailSendResult>> Default { get; set; } = _ => Task.FromResult(EmailSendResult.Sent());

    public FakeEmailTransport Then(EmailSendResult result)
    {
        _script.Enqueue(_ => Task.FromResult(result));
        return this;
    }

    public FakeEmailTransport Then(Func<EmailEnvelope, Task<EmailSendResult>> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public async Task<EmailSendResult> SendAsync(EmailEnvelope email, CancellationToken cancellationToken)
    {
        Sent.Enqueue(email);
        var answer = _script.TryDequeue(out var scripted) ? scripted : Default;
        return await answer(email);
    }
}
