using System.Net;
using System.Net.Sockets;
using Appliance.Lab;

namespace Appliance.Tests.Lab;

/// <summary>The lab web over real loopback sockets.</summary>
public class LabServerTests(LabServerFixture lab) : IClassFixture<LabServerFixture>
{
    [Fact]
    public async Task HealthySite_ServesHtmlWhoseTitleIsTheTruth()
    {
        var index = lab.FirstSite(LabFault.None);

        using var response = await lab.Client.GetAsync(lab.Server.SiteUrl(index));
        var html = LabPageReader.Decode(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(lab.Truth(index).Title, LabPageReader.Title(html));
    }

    [Fact]
    public async Task TwoAddresses_AreTwoDifferentSites()
    {
        var healthy = Enumerable.Range(0, 50).Where(i => lab.Truth(i).Fault == LabFault.None).Take(2).ToArray();

        var titles = new List<string?>();
        foreach (var index in healthy)
        {
            using var response = await lab.Client.GetAsync(lab.Server.SiteUrl(index));
            titles.Add(LabPageReader.Title(LabPageReader.Decode(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString())));
        }

        Assert.Equal(healthy.Select(i => lab.Truth(i).Title), titles);
        Assert.NotEqual(titles[0], titles[1]);
    }

    [Fact]
    public async Task NotFoundSite_Answers404()
    {
        using var response = await lab.Client.GetAsync(lab.Server.SiteUrl(lab.FirstSite(LabFault.NotFound)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ServerErrorSite_Answers500()
    {
        using var response = await lab.Client.GetAsync(lab.Server.SiteUrl(lab.FirstSite(LabFault.ServerError)));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task RedirectLoop_ComesBackToAUrlAlreadySeen()
    {
        var url = lab.Server.SiteUrl(lab.FirstSite(LabFault.RedirectLoop));
        var seen = new HashSet<Uri>();

        while (seen.Add(url))
        {
            Assert.True(seen.Count <= 5, "no loop within five redirects");
            using var response = await lab.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            url = new Uri(url, response.Headers.Location!);
        }
    }

    [Fact]
    public async Task RedirectChain_EndsIn200_OnTheSameSite_AfterTwoOrThreeHops()
    {
        var index = lab.FirstSite(LabFault.RedirectChain);
        var url = lab.Server.SiteUrl(index);
        var hops = 0;
        HttpResponseMessage response;
        while ((response = await lab.Client.GetAsync(url)).Headers.Location is { } location)
        {
            url = new Uri(url, location);
            Assert.Equal(lab.Server.SiteUrl(index).Authority, url.Authority);
            response.Dispose();
            hops++;
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.InRange(hops, 2, 3);
            Assert.Equal(lab.Truth(index).Title, LabPageReader.Title(LabPageReader.Decode(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString())));
        }
    }

    [Fact]
    public async Task ResetSite_AbortsTheConnectionWithAnRst()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => lab.Client.GetAsync(lab.Server.SiteUrl(lab.FirstSite(LabFault.Reset))));

        Assert.Equal(SocketError.ConnectionReset, FindSocketError(error));
    }

    [Fact]
    public async Task NotHtmlSite_ServesAPdf()
    {
        using var response = await lab.Client.GetAsync(lab.Server.SiteUrl(lab.FirstSite(LabFault.NotHtml)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GzipBombSite_SendsGzippedHtml_ThatInflatesPastOneGigabyte()
    {
        using var response = await lab.Client.GetAsync(lab.Server.SiteUrl(lab.FirstSite(LabFault.GzipBomb)), HttpCompletionOption.ResponseHeadersRead);
        var compressed = response.Content.Headers.ContentLength;
        await using var inflated = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var buffer = new byte[1 << 20];
        long total = 0;
        for (int n; (n = await inflated.ReadAsync(buffer)) > 0;)
        {
            total += n;
        }

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(total >= 1L << 30, $"{total} bytes inflated");
        Assert.True(compressed < 4 << 20, $"{compressed} bytes on the wire");
    }

    [Fact]
    public async Task HangSite_NeverAnswers()
    {
        var url = lab.Server.SiteUrl(lab.FirstSite(LabFault.Hang));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lab.Client.GetAsync(url, timeout.Token));
    }

    [Fact]
    public async Task SlowDripSite_SendsHeaders_ButTheBodyNeverEnds()
    {
        var url = lab.Server.SiteUrl(lab.FirstSite(LabFault.SlowDrip));
        using var response = await lab.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => response.Content.ReadAsByteArrayAsync(timeout.Token));
    }

    [Fact]
    public async Task RobotsSite_DisallowsEverything_WhileHealthySitesDoNot()
    {
        var blocked = await lab.Client.GetStringAsync(new Uri(lab.Server.SiteUrl(lab.FirstSite(LabFault.Robots)), "/robots.txt"));
        Assert.Equal("User-agent: *\nDisallow: /\n", blocked);

        foreach (var index in Enumerable.Range(0, 30).Where(i => lab.Truth(i).Fault == LabFault.None))
        {
            using var response = await lab.Client.GetAsync(new Uri(lab.Server.SiteUrl(index), "/robots.txt"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound || !text.Contains("*\nDisallow: /\n", StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public async Task TruthEndpoint_AnswersBySiteAndByHost()
    {
        var index = lab.FirstSite(LabFault.None, t => t.Emails.Count > 0);
        var expected = lab.Truth(index);

        var bySite = LabTruthEndpoint.Parse(await lab.Client.GetStringAsync(lab.Server.TruthUrl(index)))!;
        var byHost = LabTruthEndpoint.Parse(await lab.Client.GetStringAsync(new Uri($"http://127.0.0.1:{lab.Server.Port}/_lab/truth?host={expected.Host}")))!;

        foreach (var actual in new[] { bySite, byHost })
        {
            Assert.Equal((expected.SiteIndex, expected.Host, expected.ExpectedStatus, expected.Title, expected.Description, expected.Fault), (actual.SiteIndex, actual.Host, actual.ExpectedStatus, actual.Title, actual.Description, actual.Fault));
            Assert.Equal(expected.Emails, actual.Emails);
            Assert.Equal(expected.Phones, actual.Phones);
            Assert.Equal(expected.SocialLinks, actual.SocialLinks);
        }
    }

    [Fact]
    public async Task TruthEndpoint_RefusesAnAddressThatIsNoSite()
    {
        using var response = await lab.Client.GetAsync(new Uri($"http://127.0.0.1:{lab.Server.Port}/_lab/truth?host=127.0.0.1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static SocketError? FindSocketError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
