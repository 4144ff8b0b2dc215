using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Appliance.Reports.Tests.Support;

/// <summary>A PDF read back with PdfPig: each page's words joined by single spaces, as a reader would search it.</summary>
public sealed class PdfText
{
    public PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        // The nearest-neighbour extractor keeps words whole despite Skia's per-glyph positioning (the default one splits
        // "load1" into "lo ad1"); Skia's space glyphs come back as words of their own, hence the collapsing.
        Pages = document.GetPages()
            .Select(p => Regex.Replace(string.Join(" ", p.GetWords(NearestNeighbourWordExtractor.Instance).Select(w => w.Text)), @"\s+", " "))
            .ToList();
        ImageCount = document.GetPages().Sum(p => p.GetImages().Count());
    }

    public IReadOnlyList<string> Pages { get; }
    public int ImageCount { get; }
    public string All => string.Join("\n", Pages);

    public bool Contains(string text) => All.Contains(text, StringComparison.Ordinal);

    /// <summary>Fails with the text that was read, so a mismatch in spacing or wording is visible at once.</summary>
    public void AssertContains(string expected)
    {
        if (!Contains(expected))
            Assert.Fail($"Expected the PDF to contain \"{expected}\". Its text:\n{All}");
    }

    public static byte[] Render(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
