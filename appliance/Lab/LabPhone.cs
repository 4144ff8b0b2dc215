namespace Appliance.Lab;

/// <summary>
/// A phone number as a country code and the national digit groups people write it in. Every
/// rendering carries the country code, so "+" and the digits is always the one right answer.
/// </summary>
internal sealed record LabPhone(string CountryCode, string[] Groups)
{
    public string Canonical => "+" + CountryCode + string.Concat(Groups);

    public static LabPhone Create(LabRandom random, string country) => country switch
    {
        "US" or "CA" => new("1", [Digits(random, 3, first: 2), Digits(random, 3, first: 2), Digits(random, 4)]),
        "UK" => random.Chance(0.5)
            ? new("44", ["20", "7" + Digits(random, 3), Digits(random, 4)])
            : new("44", [random.Pick(["113", "117", "161", "131"]), Digits(random, 3, first: 2), Digits(random, 4)]),
        "DE" => new("49", [random.Pick(["30", "89", "221", "40", "211"]), Digits(random, 4, first: 1), Digits(random, 4)]),
        "FR" => new("33", [random.Next(1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture), Digits(random, 2), Digits(random, 2), Digits(random, 2), Digits(random, 2)]),
        _ => new("61", [random.Pick(["2", "3", "7", "8"]), Digits(random, 4, first: 2), Digits(random, 4)]),
    };

    /// <summary>Display forms seen on real sites; all keep the country code and no trunk "(0)".</summary>
    public string Format(int style)
    {
        var rest = string.Join(' ', Groups[1..]);
        return (style % 5) switch
        {
            0 => $"+{CountryCode} {string.Join(' ', Groups)}",
            1 when CountryCode == "1" => $"+1 ({Groups[0]}) {Groups[1]}-{Groups[2]}",
            1 => $"+{CountryCode} ({Groups[0]}) {rest}",
            2 => $"+{CountryCode}-{string.Join('-', Groups)}",
            3 when CountryCode == "1" => $"+1.{string.Join('.', Groups)}",
            3 => $"+{CountryCode} {Groups[0]} {string.Concat(Groups[1..])}",
            _ => $"+{CountryCode}\u00a0{string.Join('\u00a0', Groups)}",
        };
    }

    private static string Digits(LabRandom random, int count, int first = 0)
    {
        Span<char> digits = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + (i == 0 ? random.Next(first, 10) : random.Next(10)));
        }

        return new string(digits);
    }
}
