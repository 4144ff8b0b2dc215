using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Appliance.Tests.Web;

/// <summary>
/// Debian's headless Chromium through its chromedriver (scripts/test.sh installs both). The driver is named by path so
/// Selenium Manager never runs (it would try the network); Chromium's own look-ups of Google hosts are mapped away.
/// </summary>
public sealed class Browser : IDisposable
{
    public Browser(string downloads)
    {
        Downloads = downloads;
        Directory.CreateDirectory(downloads);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost", "--no-first-run", "--disable-extensions");
        options.AddUserProfilePreference("download.default_directory", downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    public string Downloads { get; }

    public IWebElement Find(string id) => Driver.FindElement(By.Id(id));

    /// <summary>Waits until <paramref name="condition"/> holds; the message names what did not happen.</summary>
    public T WaitFor<T>(Func<IWebDriver, T> condition, string what, int seconds = 30)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            return wait.Until(condition);
        }
        catch (WebDriverTimeoutException e)
        {
            Screenshot("timeout");
            throw new WebDriverTimeoutException($"{e.Message}; the page showed: {Driver.FindElement(By.TagName("main")).Text}; console: {string.Join(" | ", ConsoleProblems())}", e);
        }
    }

    /// <summary>Console messages at warning level or above since the last call (errors include failed requests).</summary>
    public List<string> ConsoleProblems() =>
        Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Level}: {e.Message}").ToList();

    /// <summary>Saves what the browser shows under TestResults/web-pages/ for a person to look at.</summary>
    public string Screenshot(string name)
    {
        var path = Path.Combine(TestOutput.Folder("web-pages"), name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Waits for a downloaded file whose name starts with <paramref name="prefix"/> to be complete.</summary>
    public string WaitForDownload(string prefix, int seconds = 30) => WaitFor(_ =>
        Directory.EnumerateFiles(Downloads, prefix + "*").FirstOrDefault(f => !f.EndsWith(".crdownload", StringComparison.Ordinal)
            && new FileInfo(f).Length > 0), $"a download named {prefix}*", seconds)!;

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
