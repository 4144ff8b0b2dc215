using System.Text;

namespace Appliance.Lab;

/// <summary>An e-mail address on a page and the way the page writes it.</summary>
internal sealed record LabEmail(string Address, LabEmail.Style How)
{
    public enum Style { Mailto, MailtoWithQuery, MailtoLabelled, Text, TextMixedCase, TextEndOfSentence, Brackets, Parens }

    private static readonly Style[] AllStyles = Enum.GetValues<Style>();

    public static Style PickStyle(LabRandom random) => random.Pick(AllStyles);

    /// <summary>Appends the address as HTML (<see cref="LabHtml"/> escapes text; addresses need none).</summary>
    public void Write(StringBuilder html)
    {
        var at = Address.IndexOf('@');
        var local = Address[..at];
        var domain = Address[(at + 1)..];
        switch (How)
        {
            case Style.Mailto:
                html.Append("<a href=\"mailto:").Append(Address).Append("\">").Append(Address).Append("</a>");
                break;
            case Style.MailtoWithQuery:
                html.Append("<a href=\"mailto:").Append(Address).Append("?subject=Website%20enquiry\" class=\"email\">").Append(Address).Append("</a>");
                break;
            case Style.MailtoLabelled:
                html.Append("<a href=\"mailto:").Append(Address).Append("\">Email us</a>");
                break;
            case Style.Text:
                html.Append("Email: ").Append(Address);
                break;
            case Style.TextMixedCase:
                html.Append("E-mail ").Append(Capitalise(local)).Append('@').Append(Capitalise(domain));
                break;
            case Style.TextEndOfSentence:
                html.Append("Write to us at ").Append(Address).Append('.');
                break;
            case Style.Brackets:
                html.Append(local).Append(" [at] ").Append(domain.Replace(".", " [dot] ", StringComparison.Ordinal));
                break;
            default:
                html.Append(local).Append("(at)").Append(domain);
                break;
        }
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
