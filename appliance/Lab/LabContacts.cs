using System.Text;

namespace Appliance.Lab;

/// <summary>
/// The e-mails, phones and social links a site's home page shows, each mention with its own
/// rendering (an address may appear twice, as a mailto and in text), and the canonical sets the
/// truth holds. The contact page adds addresses the home page does not show.
/// </summary>
internal sealed record LabContacts(
    IReadOnlyList<LabEmail> Emails,
    IReadOnlyList<LabContacts.PhoneMention> Phones,
    IReadOnlyList<LabSocial> Socials,
    IReadOnlyList<string> ContactPageOnlyEmails)
{
    public enum PhoneLink { None, Tel, TelLabelled }

    public sealed record PhoneMention(LabPhone Phone, int Format, PhoneLink Link)
    {
        public void Write(StringBuilder html)
        {
            switch (Link)
            {
                case PhoneLink.Tel:
                    html.Append("<a href=\"tel:").Append(Phone.Canonical).Append("\">");
                    LabHtml.Text(html, Phone.Format(Format));
                    html.Append("</a>");
                    break;
                case PhoneLink.TelLabelled:
                    html.Append("<a href=\"tel:").Append(Phone.Format(2)).Append("\" class=\"call\">Call us</a>");
                    break;
                default:
                    LabHtml.Text(html, Phone.Format(Format));
                    break;
            }
        }
    }

    public static readonly LabContacts None = new([], [], [], []);

    public static LabContacts Create(LabRandom random, LabCompany company)
    {
        var handle = LabCompany.Slug(company.Name, "");
        var person = LabCompany.Slug(random.Pick(LabVocabulary.FirstNames), "") + "." + LabCompany.Slug(random.Pick(LabVocabulary.Surnames), "");
        var emails = new List<LabEmail>();
        var count = random.NextDouble() switch { < 0.10 => 0, < 0.55 => 1, < 0.85 => 2, _ => 3 };
        for (var i = 0; i < count; i++)
        {
            var address = random.NextDouble() switch
            {
                < 0.10 when i == 0 => handle + "@" + random.Pick(LabVocabulary.FreeMail),
                < 0.30 => person + "@" + company.Domain,
                _ => random.Pick(LabVocabulary.Mailboxes) + "@" + company.Domain,
            };
            emails.Add(new LabEmail(address, LabEmail.PickStyle(random)));
        }

        if (emails.Count > 0 && random.Chance(0.3))
        {
            emails.Add(emails[0] with { How = LabEmail.PickStyle(random) });
        }

        var phones = new List<PhoneMention>();
        if (random.Chance(0.92))
        {
            phones.Add(new PhoneMention(company.MainPhone, random.Next(5), random.Pick([PhoneLink.None, PhoneLink.None, PhoneLink.Tel, PhoneLink.TelLabelled])));
            if (random.Chance(0.25))
            {
                phones.Add(new PhoneMention(LabPhone.Create(random, company.Country.Code), random.Next(5), PhoneLink.None));
            }

            if (random.Chance(0.3))
            {
                phones.Add(new PhoneMention(company.MainPhone, random.Next(5), PhoneLink.None));
            }
        }

        var socials = LabSocial.Create(random, handle, LabCompany.Slug(company.Name, "-"));
        var onlyOnContact = new[] { "careers@" + company.Domain, "billing@" + company.Domain };
        return new LabContacts(emails, phones, socials, onlyOnContact);
    }

    public IReadOnlyList<string> CanonicalEmails() => Canonical(Emails.Select(e => e.Address.ToLowerInvariant()));

    public IReadOnlyList<string> CanonicalPhones() => Canonical(Phones.Select(p => p.Phone.Canonical));

    public IReadOnlyList<string> CanonicalSocialLinks() => Canonical(Socials.Select(s => s.Canonical));

    private static string[] Canonical(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
