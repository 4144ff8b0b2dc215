namespace Appliance.Lab;

/// <summary>
/// Word lists the synthetic web is made of. Text here never holds '@', '+' or long digit runs,
/// so filler can never be mistaken for an e-mail or a phone and the truth stays exact. Accented
/// letters stay inside Latin-1, so windows-1252 pages can carry them as single bytes.
/// </summary>
internal static class LabVocabulary
{
    public sealed record Industry(string Kind, string Name, string[] Services);

    public sealed record Country(string Code, string Lang, string Tld, string[] Cities, string[] Streets, string[] Suffixes, string[] Taglines);

    public static readonly string[] Prefixes = ["North", "Blue", "Silver", "Bright", "Green", "Red", "Iron", "Clear", "Swift", "Oak", "Pine", "Stone", "Summit", "Harbor", "River", "Maple", "Cedar", "Golden", "Eagle", "Fox"];
    public static readonly string[] Cores = ["wind", "field", "peak", "line", "bridge", "gate", "works", "point", "stone", "light", "wave", "path", "brook", "crest", "ridge", "star"];
    public static readonly string[] Surnames = ["Smith", "Garcia", "Nowak", "Rossi", "Dubois", "Johansson", "Okafor", "Tanaka", "Silva", "Kowalski", "Brown", "O'Brien", "Walker", "Hughes", "Keller", "Moreau"];
    public static readonly string[] AccentedSurnames = ["Müller", "Lefèvre", "Schäfer", "Núñez", "Gómez", "Jäger", "Böhm", "Françoise", "Sørensen", "Crémieux"];
    public static readonly string[] FirstNames = ["Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam", "Maya", "Noah", "Olga", "Pedro", "Zoé", "Jürgen"];
    public static readonly string[] JobTitles = ["CEO", "Founder", "Head of Sales", "Marketing Manager", "Operations Director", "Owner", "CTO", "Office Manager", "Managing Director"];
    public static readonly string[] Mailboxes = ["info", "hello", "sales", "contact", "office", "support", "team", "enquiries", "mail", "admin"];
    public static readonly string[] FreeMail = ["gmail.com", "outlook.com", "yahoo.com", "gmx.de", "hotmail.co.uk"];

    public static readonly Industry[] Industries =
    [
        new("Logistics", "Transportation", ["freight forwarding", "warehousing", "last-mile delivery", "customs clearance", "fleet management"]),
        new("Dental", "Healthcare", ["dental implants", "teeth whitening", "orthodontics", "emergency dental care", "hygiene visits"]),
        new("Software", "Technology", ["custom software", "cloud migration", "mobile apps", "API integration", "DevOps consulting"]),
        new("Bakery", "Food & Beverage", ["sourdough bread", "wedding cakes", "pastries", "catering", "gluten-free baking"]),
        new("Consulting", "Professional Services", ["strategy workshops", "process improvement", "interim management", "due diligence", "change management"]),
        new("Roofing", "Construction", ["roof repairs", "flat roofs", "gutter cleaning", "solar mounting", "slate roofing"]),
        new("Legal", "Legal", ["employment law", "contract review", "property law", "family law", "business formation"]),
        new("Marketing", "Media", ["brand strategy", "search advertising", "content marketing", "social media", "email campaigns"]),
        new("Fitness", "Sports", ["personal training", "group classes", "nutrition coaching", "yoga", "rehabilitation"]),
        new("Plumbing", "Trades", ["boiler servicing", "leak detection", "bathroom fitting", "drain unblocking", "heating repairs"]),
        new("Analytics", "Technology", ["data warehousing", "dashboards", "forecasting", "data engineering", "machine learning"]),
        new("Design", "Media", ["web design", "logo design", "packaging", "illustration", "user research"]),
    ];

    public static readonly Country[] Countries =
    [
        new("US", "en-US", "com", ["Austin", "Denver", "Portland", "Chicago", "Boston", "Atlanta"], ["Main Street", "Oak Avenue", "Market Street", "Elm Road"], ["", " LLC", " Inc.", " Group"],
            ["{kind} in {city}", "Trusted {kind} experts", "Your {kind} partner in {city}", "Quality {kind} services"]),
        new("CA", "en-CA", "ca", ["Toronto", "Montréal", "Calgary", "Québec City"], ["King Street", "Rue Sainte-Catherine", "Bay Street"], ["", " Inc.", " Ltd."],
            ["{kind} in {city}", "Your {kind} partner", "Proudly serving {city}"]),
        new("UK", "en-GB", "co.uk", ["London", "Leeds", "Bristol", "Manchester", "Edinburgh"], ["High Street", "Station Road", "Church Lane", "Mill Road"], ["", " Ltd", " & Co", " Partners"],
            ["{kind} in {city}", "Independent {kind} specialists", "{kind} you can rely on"]),
        new("DE", "de", "de", ["München", "Köln", "Düsseldorf", "Berlin", "Hamburg"], ["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenweg"], ["", " GmbH", " & Co. KG"],
            ["Qualität aus {city}", "Ihr Partner für {kind}", "Zuverlässig und kompetent", "{kind} für Unternehmen"]),
        new("FR", "fr", "fr", ["Paris", "Lyon", "Orléans", "Besançon", "Nîmes"], ["Rue de la République", "Avenue Victor Hugo", "Boulevard Gambetta"], ["", " SARL", " SAS"],
            ["Spécialiste {kind} à {city}", "Qualité et service", "Votre partenaire à {city}", "Expertise et réactivité"]),
        new("AU", "en-AU", "com.au", ["Sydney", "Melbourne", "Brisbane", "Perth"], ["George Street", "Collins Street", "Queen Street"], ["", " Pty Ltd"],
            ["{kind} in {city}", "Local {kind} experts", "Your {kind} team"]),
    ];

    public static readonly string[] Adjectives = ["reliable", "friendly", "experienced", "independent", "modern", "local", "award-winning", "family-run", "certified", "dedicated"];
    public static readonly string[] Audiences = ["small businesses", "families", "growing companies", "local councils", "startups", "retailers", "homeowners", "manufacturers"];

    public static readonly string[] Subjects = ["Our team", "Every project", "Our approach", "Every estimate", "The company", "Our studio", "This service", "Our workshop", "The process", "Each visit"];
    public static readonly string[] Verbs = ["delivers", "combines", "focuses on", "builds on", "brings", "offers", "supports", "improves", "values", "guarantees"];
    public static readonly string[] Objects = ["clear communication", "careful planning", "honest pricing", "lasting results", "fast turnaround", "attention to detail", "practical advice", "quality materials", "transparent reporting", "flexible scheduling"];
    public static readonly string[] Tails = ["from the first call to the final invoice", "without hidden costs", "for clients across the region", "on every single job", "whatever the size of the task", "with a personal touch", "backed by years of experience", "so you can focus on your business"];
    public static readonly string[] Headings = ["What we do", "Why choose us", "Our services", "How it works", "Our story", "Testimonials", "Frequently asked questions", "Our values", "Latest news", "Meet the team", "Pricing", "Get in touch"];
}
