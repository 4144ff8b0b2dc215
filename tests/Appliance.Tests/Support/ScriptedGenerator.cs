using Appliance.Generate;

namespace Appliance.Tests.Support;

/// <summary>A message generator whose first answers are scripted failures; then it writes a fixed message.</summary>
public sealed class ScriptedGenerator(params GenerationException[] failures) : IMessageGenerator
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<GeneratedMessage> GenerateAsync(LeadFacts lead, CancellationToken ct)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        if (call < failures.Length)
        {
            throw failures[call];
        }

        return Task.FromResult(new GeneratedMessage($"Hello {lead.Company}", "scripted", "m", 1, 1, 1));
    }
}
