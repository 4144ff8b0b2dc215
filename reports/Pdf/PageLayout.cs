using SkiaSharp;

namespace Appliance.Reports.Pdf;

/// <summary>
/// Flows blocks down A4 pages: a cursor, the content box, and the draw commands collected for each page.
/// </summary>
/// <remarks>
/// Layout happens before any drawing, so the total page count is known when pages are written ("page 3 of 12").
/// Units are PDF points (1/72 inch).
/// </remarks>
public sealed class PageLayout
{
    public const float A4Width = 595.28f;
    public const float A4Height = 841.89f;

    readonly List<List<Action<SKCanvas>>> pages = [];

    public PageLayout(float margin = 50f, float headerHeight = 28f, float footerHeight = 24f)
    {
        Left = margin;
        Right = A4Width - margin;
        Top = margin + headerHeight;
        Bottom = A4Height - margin - footerHeight;
        NewPage();
    }

    public float Left { get; }
    public float Right { get; }
    public float Top { get; }
    public float Bottom { get; }
    public float Width => Right - Left;

    /// <summary>The baseline-independent top of the next block on the current page.</summary>
    public float Y { get; private set; }

    public float Remaining => Bottom - Y;
    public int PageCount => pages.Count;
    public IReadOnlyList<IReadOnlyList<Action<SKCanvas>>> Pages => pages;

    /// <summary>True when the cursor sits at the top of a page (nothing drawn on it yet).</summary>
    public bool AtPageTop => Y <= Top + 0.01f;

    public void NewPage()
    {
        pages.Add([]);
        Y = Top;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void EnsureRoom(float height)
    {
        if (height > Remaining && !AtPageTop)
            NewPage();
    }

    /// <summary>Moves the cursor down, at most to the bottom: a gap never carries over to (or creates) the next page.</summary>
    public void Space(float height)
    {
        if (!AtPageTop)
            Y = Math.Min(Y + height, Bottom);
    }

    /// <summary>Queues a draw command on the current page and moves the cursor below it.</summary>
    public void Place(float height, Action<SKCanvas, float> draw)
    {
        var top = Y;
        pages[^1].Add(canvas => draw(canvas, top));
        Y += height;
    }
}
