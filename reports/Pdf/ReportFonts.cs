using SkiaSharp;

namespace Appliance.Reports.Pdf;

/// <summary>
/// The report's two typefaces (DejaVu Sans regular and bold), loaded once per process and shared with ScottPlot.
/// </summary>
/// <remarks>
/// Skia's PDF backend embeds every distinct <see cref="SKTypeface"/> instance whole (~380 KB for DejaVu Sans), so
/// text and charts must draw with the very same instances: a face loaded twice is embedded twice. ScottPlot resolves
/// fonts by name through its global resolver list; we put a resolver in front that hands out these instances.
/// </remarks>
public static class ReportFonts
{
    public const string Family = "DejaVu Sans";

    static readonly string[] FontDirectories =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/local/share/fonts",
    ];

    static readonly Lazy<SKTypeface> LazyRegular = new(() => Load("DejaVuSans.ttf", SKFontStyle.Normal));
    static readonly Lazy<SKTypeface> LazyBold = new(() => Load("DejaVuSans-Bold.ttf", SKFontStyle.Bold));
    static readonly Lazy<bool> Registration = new(RegisterWithScottPlot);

    public static SKTypeface Regular => LazyRegular.Value;
    public static SKTypeface Bold => LazyBold.Value;

    /// <summary>Makes ScottPlot draw with <see cref="Regular"/> and <see cref="Bold"/>; idempotent and thread-safe.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    /// <remarks>
    /// Linear metrics, unhinted: the advances Skia lays glyphs out with are then the font's own, so the PDF places a word's
    /// glyphs where a reader expects them. Hinted advances at small sizes drift from the font's widths and leave gaps that
    /// pdftotext and PdfPig read as spaces ("H ostname", "N odes").
    /// </remarks>
    public static SKFont Font(float size, bool bold = false) =>
        new(bold ? Bold : Regular, size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias };

    static bool RegisterWithScottPlot()
    {
        ScottPlot.Fonts.FontResolvers.Insert(0, new SharedFaceResolver());
        ScottPlot.Fonts.Default = Family;
        return true;
    }

    static SKTypeface Load(string fileName, SKFontStyle style)
    {
        foreach (var directory in FontDirectories)
        {
            var path = Path.Combine(directory, fileName);
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } face)
                return face;
        }
        // Without the files (fonts-dejavu-core not installed) fall back to whatever the platform offers:
        // the report still renders, only in another face.
        return SKTypeface.FromFamilyName(Family, style) ?? SKTypeface.Default;
    }

    sealed class SharedFaceResolver : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? (bold ? Bold : Regular) : null;

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing width) =>
            CreateTypeface(fontName, (int)weight >= (int)ScottPlot.FontWeight.SemiBold, slant != ScottPlot.FontSlant.Upright);
    }
}
