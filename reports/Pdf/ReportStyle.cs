using SkiaSharp;

namespace Appliance.Reports.Pdf;

/// <summary>Sizes and colours shared by every block, so the pages look like one document.</summary>
public static class ReportStyle
{
    public const float BodySize = 9.5f;
    public const float SmallSize = 8f;
    public const float TableSize = 8.5f;
    public const float Heading1Size = 16f;
    public const float Heading2Size = 12f;
    public const float LineSpacing = 1.35f;

    public static readonly SKColor Text = new(0x22, 0x22, 0x22);
    public static readonly SKColor Muted = new(0x66, 0x66, 0x66);
    public static readonly SKColor Accent = new(0x1F, 0x4E, 0x79);
    public static readonly SKColor Rule = new(0xBB, 0xBB, 0xBB);
    public static readonly SKColor HeaderFill = new(0xE8, 0xEE, 0xF4);
    public static readonly SKColor StripeFill = new(0xF6, 0xF6, 0xF6);

    public static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

    public static SKPaint Stroke(SKColor color, float width = 0.6f) =>
        new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };
}
