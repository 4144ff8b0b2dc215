using System.Text.RegularExpressions;

namespace Appliance.Lab;

/// <summary>
/// The simulated completion: outreach-message words, one token each, chosen by the prompt's
/// hash, so the same prompt always gets the same text (streamed or not) and reruns compare.
/// The company named in the prompt ("… at Acme Ltd.") is woven in when there is one.
/// </summary>
internal static partial class LabLlmText
{
    private static readonly string[] Openings = ["Hi there,", "Hello,", "Good morning,", "Dear team,"];

    private static readonly string[] Sentences =
    [
        "I came across {company} and was impressed by what your team has built.",
        "We help companies like {company} reach the right customers with less manual work.",
        "Your focus on quality and service really stands out.",
        "Many teams in your industry tell us that follow-ups take too much of their week.",
        "Our clients usually see more replies within the first month.",
        "It only takes a short call to see whether this fits your plans.",
        "I would love to learn how {company} handles new leads today.",
        "We keep things simple, with no long contracts and a clear price.",
        "A few of our customers started with a small pilot and grew from there.",
        "Would you be open to a fifteen minute call next week?",
    ];

    private const string Closing = "Best regards, Alex";
    private static readonly int ClosingTokens = Closing.Split(' ').Length;

    /// <summary>The tokens of the completion, each a word with the space or paragraph break before it, and whether max_tokens cut it short.</summary>
    public static (string[] Tokens, bool Truncated) Generate(string prompt, int typicalTokens, int? maxTokens)
    {
        var random = new LabRandom(Hash(prompt), 0, LabRandom.Stream.Llm);
        var wanted = (int)Math.Round(typicalTokens * (0.8 + (0.4 * random.NextDouble())));
        var company = CompanyIn(prompt) ?? "your company";

        // Greeting, whole sentences in a shuffled order (no repeats until all are used), sign-off:
        // the natural end is a finished message of about the wanted length.
        var tokens = new List<string>(wanted + 32);
        Add(tokens, random.Pick(Openings), "");
        var order = Enumerable.Range(0, Sentences.Length).ToArray();
        for (var i = 0; tokens.Count + ClosingTokens < wanted; i++)
        {
            if (i % order.Length == 0)
            {
                Shuffle(order, random);
            }

            Add(tokens, Sentences[order[i % order.Length]].Replace("{company}", company, StringComparison.Ordinal), i == 0 ? "\n\n" : " ");
        }

        Add(tokens, Closing, "\n\n");
        var length = Math.Min(tokens.Count, maxTokens ?? int.MaxValue);
        return (tokens.Take(length).ToArray(), length < tokens.Count);
    }

    /// <summary>One token a word; <paramref name="separator"/> goes before the first, a space before the others.</summary>
    private static void Add(List<string> tokens, string text, string separator)
    {
        foreach (var word in text.Split(' '))
        {
            tokens.Add(separator + word);
            separator = " ";
        }
    }

    private static void Shuffle(int[] order, LabRandom random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>The company of the appliance's prompt ("… to Ann Lee (CEO) at Acme Ltd."), if the prompt names one.</summary>
    internal static string? CompanyIn(string prompt)
    {
        var match = Company().Match(prompt);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    /// <summary>FNV-1a: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static int Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }

    [GeneratedRegex(@"\bat ([\p{Lu}\d][^\r\n]{0,80}?)\.(?:\s|$)")]
    private static partial Regex Company();
}
