using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Pipeline.Testing;

namespace Pipeline.Indexer.Tests;

/// <summary>
/// The newsroom page at <c>/</c> in a real headless browser (Debian's <c>chromium</c> driven through its
/// <c>chromedriver</c> by Selenium), against the real indexer host on loopback: search, a facet, the article view,
/// and the live wire receiving an article indexed during the test. <c>tests/run.sh</c> installs both packages.
/// </summary>
public sealed class NewsroomPageTests : LoopbackIndexerTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private const string Story = "c-4f1a2b3c4d5e6f70"; // the sample's story
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    protected override void Seed(ArticleIndex index)
    {
        index.Upsert(ContractSamples.ArticleEnriched);
        index.Upsert(ArticleBuilder.English().Id("kim-en").Headline("Kim pledges full support to Putin")
            .Lead("North Korea's leader backed Russia in a phone call with Vladimir Putin.")
            .Body("Kim Jong Un told Putin his country stands with Russia.").Source("wire-en", "Example Wire")
            .Published(new DateTimeOffset(2025, 8, 13, 11, 0, 0, TimeSpan.Zero)).Story(Story).Urgency(3)
            .Entity("Vladimir Putin", id: "pipeline:person:vladimir-putin").Topic("medtop:11000000", "politics").Country("KP", "North Korea").Build());
        index.Upsert(ArticleBuilder.English().Id("putin-markets").Headline("Putin comments move energy markets")
            .Lead("Oil rose after remarks by Vladimir Putin.").Body("Traders reacted to Putin's words on supply.")
            .Published(new DateTimeOffset(2025, 8, 12, 8, 0, 0, TimeSpan.Zero)).Topic("medtop:04000000", "economy").Country("RU", "Russia").Build());
    }

    [Fact]
    public async Task Page_IsServedOffline_WithAStrictContentSecurityPolicy()
    {
        var ct = TestContext.Current.CancellationToken;
        using var page = await Client.GetAsync("/", ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        using var script = await Client.GetAsync("/newsroom/newsroom.js", ct);
        var js = await script.Content.ReadAsStringAsync(ct);
        using var style = await Client.GetAsync("/newsroom/newsroom.css", ct);
        using var missing = await Client.GetAsync("/newsroom/other.js", ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Offline: nothing is loaded from another origin; data never goes in as markup.
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("innerHTML", js, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", js, StringComparison.Ordinal);
        Assert.Contains("role=\"search\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_InAHeadlessBrowser_Searches_ClicksAFacet_OpensAnArticle_AndShowsTheLiveWire()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver),
            $"{Chromium} and {ChromeDriver} are needed: apt-get install -y chromium chromium-driver (tests/run.sh does it).");
        var index = Services.GetRequiredService<ArticleIndex>();
        using var driver = StartBrowser();
        var wait = new WebDriverWait(driver, Patience) { PollingInterval = TimeSpan.FromMilliseconds(200) };
        try
        {
            driver.Navigate().GoToUrl(Client.BaseAddress!);
            wait.Until(d => d.FindElement(By.Id("wire-status")).Text.StartsWith("Live", StringComparison.Ordinal));

            // Search: hits with highlighted matches.
            driver.FindElement(By.Id("q")).SendKeys("Putin");
            driver.FindElement(By.CssSelector("#search-form button[type=submit]")).Click();
            wait.Until(d => d.FindElements(By.CssSelector("#hits li.hit")).Count == 3);
            Assert.NotEmpty(driver.FindElements(By.CssSelector("#hits .snippet mark")));
            Assert.Contains("Putin", driver.FindElement(By.CssSelector("#hits .snippet mark")).Text, StringComparison.OrdinalIgnoreCase);

            // A facet: English only.
            driver.FindElement(By.CssSelector("button.facet[data-facet='language'][data-value='en']")).Click();
            wait.Until(d => d.FindElements(By.CssSelector("#hits li.hit")).Count == 2
                && d.FindElements(By.CssSelector("button.facet[data-facet='language'][data-value='en'][aria-pressed='true']")).Count == 1);
            Assert.Contains("lang: en", driver.FindElement(By.Id("active-filters")).Text, StringComparison.Ordinal);

            // The article view: entities, topics, story siblings.
            driver.FindElement(By.CssSelector("#hits li.hit[data-article-id='kim-en'] a")).Click();
            wait.Until(d => d.FindElement(By.Id("article-headline")).Text == "Kim pledges full support to Putin");
            wait.Until(d => d.FindElement(By.Id("article-siblings")).Text.Contains("Putin riceve pieno sostegno da Kim Jong Un", StringComparison.Ordinal));
            Assert.Contains("Vladimir Putin", driver.FindElement(By.Id("article-entities")).Text, StringComparison.Ordinal);
            Assert.Contains("politics", driver.FindElement(By.Id("article-topics")).Text, StringComparison.Ordinal);

            // The sample's quotes, through the sibling link.
            driver.FindElement(By.CssSelector("#article-siblings a")).Click();
            wait.Until(d => d.FindElement(By.Id("article-quotes")).Text.Contains("rafforzare ulteriormente la cooperazione", StringComparison.Ordinal));
            Assert.Contains("KCNA", driver.FindElement(By.Id("article-quotes")).Text, StringComparison.Ordinal);

            // The live wire: an article indexed now arrives.
            await index.UpsertAsync(ArticleBuilder.English().Id("live-flash").Headline("Flash: <b>ceasefire</b> announced").Urgency(1).Build(), TestContext.Current.CancellationToken);
            var live = wait.Until(d => d.FindElements(By.CssSelector("#wire-list li[data-article-id='live-flash']")).FirstOrDefault());
            Assert.Contains("Flash: <b>ceasefire</b> announced", live!.Text, StringComparison.Ordinal); // shown as text, not markup

            // The wire's filter: urgency up to 2; a routine article does not come, an urgent one does.
            driver.FindElement(By.CssSelector("#wire-urgency option[value='2']")).Click();
            wait.Until(d => d.FindElement(By.Id("wire-status")).Text.StartsWith("Live", StringComparison.Ordinal)
                && d.FindElements(By.CssSelector("#wire-list li")).Count == 0);
            await index.UpsertAsync(ArticleBuilder.Italian().Id("live-routine").Headline("Notizia ordinaria").Urgency(5).Build(), TestContext.Current.CancellationToken);
            await index.UpsertAsync(ArticleBuilder.Italian().Id("live-urgent").Headline("Notizia urgente").Urgency(2).Build(), TestContext.Current.CancellationToken);
            wait.Until(d => d.FindElements(By.CssSelector("#wire-list li[data-article-id='live-urgent']")).Count == 1);
            Assert.Empty(driver.FindElements(By.CssSelector("#wire-list li[data-article-id='live-routine']")));

            Screenshot(driver, "newsroom.png");
        }
        catch
        {
            Screenshot(driver, "newsroom-failure.png");
            throw;
        }
    }

    private static ChromeDriver StartBrowser()
    {
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000", "--lang=en-GB");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(180));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(180);
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(180);
        return driver;
    }

    /// <summary>Saves the page as it looks now beside the test binaries (docs/img/newsroom.png is one such picture).</summary>
    private static void Screenshot(ChromeDriver driver, string name)
    {
        try
        {
            var path = Path.Combine(AppContext.BaseDirectory, name);
            driver.GetScreenshot().SaveAsFile(path);
            TestContext.Current.SendDiagnosticMessage($"Screenshot: {path}");
        }
        catch (WebDriverException)
        {
            // A browser that died cannot take a picture; the test's own failure says more.
        }
    }
}
