using System.Text;

namespace Appliance.Generate;

/// <summary>
/// The embedded default: a deterministic message assembled from the lead's facts, no LLM involved.
/// Stored with <c>generator = template</c>, so nobody mistakes it for an LLM's writing. The same
/// lead always gets the same message; phrasing varies between leads by a hash of the website id. Of what the site
/// wrote it quotes at most a short, cleaned phrase (<see cref="SiteText.Phrase"/>), never a link, address or number.
/// </summary>
public sealed class TemplateGenerator : IMessageGenerator
{
    public const string Name = "template";

    private static readonly string[] Openers = ["I came across", "I was looking at", "I recently visited", "I spent a few minutes on"];
    private static readonly string[] Asks =
    [
        "Would a 15-minute call next week be useful?",
        "Is this something you are looking at this quarter?",
        "Who would be the right person to talk to about this?",
    ];

    public Task<GeneratedMessage> GenerateAsync(LeadFacts lead, CancellationToken ct) => Task.FromResult(Generate(lead));

    public static GeneratedMessage Generate(LeadFacts lead)
    {
        var pick = (int)(lead.WebsiteId % 12);
        var company = lead.Company ?? SiteText.Phrase(lead.Title, maxWords: 6, maxChars: 60) ?? lead.Host;
        var sb = new StringBuilder(512);
        sb.Append("Hi ").Append(lead.FirstName ?? "there").Append(",\n\n");
        sb.Append(Openers[pick % Openers.Length]).Append(' ').Append(company).Append(" (").Append(lead.Host).Append(')');
        if (lead.FromSite && SiteText.Phrase(lead.Description ?? lead.Headings.FirstOrDefault()) is { } about)
        {
            sb.Append(" and liked what you say about yourselves: \"").Append(about).Append("\".");
        }
        else
        {
            sb.Append('.');
        }

        if (lead.Industry is not null)
        {
            sb.Append(" We work with a number of ").Append(lead.Industry.ToLowerInvariant()).Append(" companies");
        }
        else
        {
            sb.Append(" We work with companies like yours");
        }

        sb.Append(lead.JobTitle is not null ? $" and often with people in your role ({lead.JobTitle})." : ".");
        sb.Append(" We help teams reach the right customers with less manual research.\n\n");
        sb.Append(Asks[pick % Asks.Length]).Append("\n\nBest regards");
        var body = sb.ToString();
        return new GeneratedMessage(body, Name, null, 0, 0, 0, lead.HoldReason(body));
    }
}
