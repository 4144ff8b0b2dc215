using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Lab;
using Appliance.Scrape;
using AngleSharp.Html.Parser;

namespace Appliance.Benchmarks;

/// <summary>
/// What the scrape stage's parse budget costs on ordinary pages, and what it saves on a deep one. Everything runs on
/// one thread and is timed by that thread's CPU clock (CLOCK_THREAD_CPUTIME_ID), so other work on a shared machine
/// moves the figures little: per lab page, the whole extraction as built (budget included), the nesting pre-scan
/// alone, and AngleSharp's parse with and without the deadline callback; rounds alternate, medians are reported.
/// </summary>
public static class ParseBudgetBenchmark
{
    public static Command Create()
    {
        var pages = new Option<int>("--pages") { Description = "Healthy lab home pages to parse", DefaultValueFactory = _ => 1000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of each measurement, alternating", DefaultValueFactory = _ => 5 };
        var deep = new Option<int>("--deep") { Description = "Nesting depth of the hostile page (0: skip it)", DefaultValueFactory = _ => 30_000 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the figures as JSON to this file" };
        var dump = new Option<FileInfo?>("--dump")
        {
            Description = "Only write every page's extracted facts (healthy and poison lab pages, one JSON line each) to this file: for comparing two builds",
        };
        var command = new Command("parse-budget", "CPU per page of the parse budget (pre-scan, deadline callback) on lab pages, and on a deeply nested page")
        {
            pages, rounds, deep, jsonOut, dump,
        };
        command.SetAction((parse, _) =>
        {
            if (parse.GetValue(dump) is { } facts)
            {
                FactsDump.Write(parse.GetValue(pages), facts.FullName);
                return Task.FromResult(0);
            }

            JsonObject? report = null;
            var thread = new Thread(() => report = Run(parse.GetValue(pages), parse.GetValue(rounds), parse.GetValue(deep)), 256 * 1024 * 1024);
            thread.Start();
            thread.Join();
            var text = report!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            Console.WriteLine(text);
            if (parse.GetValue(jsonOut) is { } file)
            {
                File.WriteAllText(file.FullName, text);
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static JsonObject Run(int pageCount, int rounds, int deep)
    {
        var lab = new LabOptions { Faults = false };
        var url = new Uri("http://127.16.0.1/");
        var pages = Enumerable.Range(0, pageCount).Select(i => LabWeb.Page(lab.Seed, i, "/", lab)).Where(d => d.Status == 200)
            .Select(d => CharsetDecoder.Decode(d.Body, null)).ToArray();
        var extractor = new PageExtractor();
        var plain = new HtmlParser();
        var started = 0L;
        var elements = 0;
        var timeout = TimeSpan.FromSeconds(2);
        var withClock = new HtmlParser(new HtmlParserOptions
        {
            OnCreated = (_, _) =>
            {
                if (++elements % 16 == 0 && Stopwatch.GetElapsedTime(started) > timeout)
                {
                    throw new TimeoutException();
                }
            },
        });

        var extract = new List<double>();
        var prescan = new List<double>();
        var parsePlain = new List<double>();
        var parseClock = new List<double>();
        foreach (var p in pages.Take(50))
        {
            extractor.Extract(p, url);
            plain.ParseDocument(p);
        }

        for (var r = 0; r < rounds; r++)
        {
            extract.Add(PerPage(pages, p => extractor.Extract(p, url)));
            prescan.Add(PerPage(pages, p => HtmlNesting.DepthCut(p, 512)));
            parsePlain.Add(PerPage(pages, p => plain.ParseDocument(p)));
            parseClock.Add(PerPage(pages, p =>
            {
                started = Stopwatch.GetTimestamp();
                withClock.ParseDocument(p);
            }));
            Console.Error.WriteLine($"round {r + 1}: extract {extract[^1] * 1e3:0.000} ms, pre-scan {prescan[^1] * 1e3:0.000} ms, "
                + $"parse {parsePlain[^1] * 1e3:0.000} ms, parse + deadline callback {parseClock[^1] * 1e3:0.000} ms (CPU per page)");
        }

        // What one page's extraction allocates (the scraper's garbage, most of what the GC holds between collections).
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var p in pages)
        {
            extractor.Extract(p, url);
        }

        var allocatedPerPage = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / pages.Length;
        var report = new JsonObject
        {
            ["pages"] = pages.Length,
            ["extract_allocated_bytes"] = allocatedPerPage,
            ["mean_chars"] = Math.Round(pages.Average(p => p.Length)),
            ["rounds"] = rounds,
            ["extract_ms"] = Ms(extract),
            ["prescan_ms"] = Ms(prescan),
            ["parse_ms"] = Ms(parsePlain),
            ["parse_with_deadline_ms"] = Ms(parseClock),
            ["prescan_share_of_extract"] = Math.Round(Median(prescan) / Median(extract), 4),
            ["deadline_share_of_extract"] = Math.Round((Median(parseClock) - Median(parsePlain)) / Median(extract), 4),
        };
        if (deep > 0)
        {
            var page = "<html><body><p>x@deep.example</p>" + string.Concat(Enumerable.Repeat("<div>", deep)) + "bottom";
            report["deep_depth"] = deep;
            report["deep_extract_ms"] = Math.Round(Cpu(() => extractor.Extract(page, url)) * 1e3, 3);
            report["deep_unbudgeted_parse_ms"] = Math.Round(Cpu(() => new HtmlParser(new HtmlParserOptions { MaximumDepth = int.MaxValue }).ParseDocument(page)) * 1e3, 1);
        }

        return report;
    }

    private static double PerPage(string[] pages, Action<string> work)
    {
        var start = ThreadCpuSeconds();
        foreach (var p in pages)
        {
            work(p);
        }

        return (ThreadCpuSeconds() - start) / pages.Length;
    }

    private static double Cpu(Action work)
    {
        var start = ThreadCpuSeconds();
        work();
        return ThreadCpuSeconds() - start;
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static double Ms(List<double> xs) => Math.Round(Median(xs) * 1e3, 4);

    private static double ThreadCpuSeconds()
    {
        clock_gettime(3, out var ts);
        return ts.Seconds + (ts.Nanoseconds / 1e9);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec ts);
}
