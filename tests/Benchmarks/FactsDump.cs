using System.Text.Json;
using Appliance.Lab;
using Appliance.Scrape;

namespace Appliance.Benchmarks;

/// <summary>
/// Every lab home page's extracted facts, one JSON line a page, so that two builds of the extractor can be diffed: the
/// healthy pages of the default fault mix and as many again with only poison pages (deep nesting, emoji at the caps,
/// a lying charset). A parse that throws is written as its exception's type and message.
/// </summary>
internal static class FactsDump
{
    public static void Write(int pageCount, string path)
    {
        var url = new Uri("http://127.16.0.1/");
        var extractor = new PageExtractor();
        var mixes = new[]
        {
            ("default", new LabOptions()),
            ("poison", new LabOptions { DeepNestingRate = 0.34, EmojiCapsRate = 0.33, LyingCharsetRate = 0.33 }),
        };
        using var output = new StreamWriter(path);
        foreach (var (mix, lab) in mixes)
        {
            for (var i = 0; i < pageCount; i++)
            {
                var document = LabWeb.Page(lab.Seed, i, "/", lab);
                if (document.Status != 200)
                {
                    continue;
                }

                object line;
                try
                {
                    var html = CharsetDecoder.Decode(document.Body, null);
                    line = new { mix, i, facts = extractor.Extract(html, url) };
                }
                catch (Exception e)
                {
                    line = new { mix, i, error = $"{e.GetType().Name}: {e.Message}" };
                }

                output.WriteLine(JsonSerializer.Serialize(line));
            }
        }
    }
}
