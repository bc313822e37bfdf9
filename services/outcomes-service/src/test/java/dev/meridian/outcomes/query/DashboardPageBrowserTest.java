package dev.meridian.outcomes.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless browser: Debian's chromium through its chromedriver ({@code .ci/install-chromium}
 * installs both). Fails, never skips, when they are missing. Set {@code CHROMIUM_BIN} / {@code CHROMEDRIVER_BIN} to
 * use others.
 */
class DashboardPageBrowserTest extends AnalystApiTestSupport {

    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("CHROMEDRIVER_BIN",
            "/usr/bin/chromedriver");
    private static final List<String> CHARTS = List.of("chart-relief", "chart-responders", "chart-emotional",
            "chart-one-session", "chart-retention");

    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws Exception {
        assertThat(new File(CHROMIUM)).as("Chromium is missing: run .ci/install-chromium (apt-get install chromium)")
                .canRead();
        assertThat(new File(CHROMEDRIVER)).as("chromedriver is missing: run .ci/install-chromium "
                + "(apt-get install chromium-driver)").canRead();
        profile = Files.createTempDirectory("meridian-dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,2300", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void thePageDrawsItsChartsWithTheApisNumbersAndRedrawsWhenAFilterChanges() throws Exception {
        openWithTokenInFragment();
        awaitRenders(1);
        assertThat(browser.getCurrentUrl()).as("the token left the address bar").doesNotContain("token");
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();

        for (String chart : CHARTS) {
            assertThat(seriesCount(chart)).as("%s has series", chart).isPositive();
            assertThat(browser.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).isNotEmpty();
        }
        assertThat(seriesNames("chart-relief")).anyMatch(n -> n.startsWith("CHRONIC"))
                .anyMatch(n -> n.startsWith("ACUTE"));

        // The headline, at the top: chronic cases per location, whole period, the API's numbers.
        WebElement headline = browser.findElement(By.id("chronic-headline"));
        assertThat(headline.findElement(By.tagName("h2")).getText())
                .isEqualTo("Chronic cases by location: courses, responder rate, median sessions to relief");
        assertThat(headline.getLocation().getY()).as("above the other tables and charts")
                .isLessThan(browser.findElement(By.id("kpi-table")).getLocation().getY());
        JsonNode chronic = apiJson("/api/outcomes/summary?groupBy=location&chronicity=CHRONIC");
        List<String> headlineFields = List.of("courses", "responders", "responderRate", "medianSessionsToRelief",
                "meanBaselinePain");
        int shownRates = 0;
        for (JsonNode group : chronic.get("groups")) {
            WebElement row = browser.findElement(By.cssSelector("#chronic-table tr[data-location='"
                    + group.get("locationId").asText() + "']"));
            if (group.get("suppressed").asBoolean()) {
                assertThat(row.getAttribute("class")).contains("suppressed");
                continue;
            }
            assertRowShows(row, group, headlineFields);
            if (!group.get("responderRate").isNull() && !group.get("medianSessionsToRelief").isNull()) {
                shownRates++;
                assertThat(row.findElement(By.cssSelector("td[data-field='responderRate']")).getText()).isEqualTo(
                        String.format(java.util.Locale.ROOT, "%.1f %%", group.get("responderRate").asDouble() * 100));
                assertThat(row.findElement(By.cssSelector("td[data-field='responders']")).getText()).isEqualTo(
                        group.get("responders").asLong() + " of " + group.get("coursesMeasured").asLong()
                                + " measured");
            }
        }
        assertThat(shownRates).as("locations showing a chronic responder rate and median").isPositive();
        assertThat(browser.findElement(By.cssSelector("#chronic-table tr[data-location='loc-small']"))
                .getAttribute("class")).contains("suppressed");
        WebElement all = browser.findElement(By.cssSelector("#chronic-table tr[data-location='*']"));
        assertThat(all.getText()).startsWith("All locations");
        assertRowShows(all, apiJson("/api/outcomes/summary?chronicity=CHRONIC").get("groups").get(0), headlineFields);
        assertThat(browser.findElement(By.id("chronic-csv-link")).getAttribute("href"))
                .contains("chronicity=CHRONIC").contains("groupBy=location").contains("format=csv");

        // The table's numbers are the API's.
        JsonNode api = apiJson("/api/outcomes/summary?groupBy=location,chronicity");
        for (JsonNode group : api.get("groups")) {
            WebElement row = browser.findElement(By.cssSelector("#kpi-table tr[data-location='"
                    + group.get("locationId").asText() + "'][data-chronicity='" + group.get("chronicity").asText()
                    + "']"));
            if (group.get("suppressed").asBoolean()) {
                assertThat(row.getAttribute("class")).contains("suppressed");
                assertThat(row.getText()).contains("suppressed");
                continue;
            }
            for (String field : List.of("courses", "responderRate", "medianSessionsToRelief", "meanPainChange")) {
                String shown = row.findElement(By.cssSelector("td[data-field='" + field + "']"))
                        .getAttribute("data-value");
                JsonNode expected = group.get(field);
                if (expected.isNull()) {
                    assertThat(shown).isEmpty();
                } else {
                    assertThat(new java.math.BigDecimal(shown)).as("%s %s", row.getText(), field)
                            .isEqualByComparingTo(expected.decimalValue());
                }
            }
        }
        JsonNode shownGroup = AnalystApiTest.firstShown(api);
        WebElement shownRate = browser.findElement(By.cssSelector("#kpi-table tr[data-location='"
                + shownGroup.get("locationId").asText() + "'][data-chronicity='" + shownGroup.get("chronicity").asText()
                + "'] td[data-field='responderRate']"));
        assertThat(shownRate.getText()).as("shown as a percentage of the API's fraction").isEqualTo(
                String.format(java.util.Locale.ROOT, "%.1f %%", shownGroup.get("responderRate").asDouble() * 100));
        assertThat(browser.findElement(By.cssSelector("#kpi-table tr[data-location='loc-small']"))
                .getAttribute("class")).contains("suppressed");
        assertThat(browser.findElement(By.cssSelector(".suppressed-note[data-for='chart-responders']")).getText())
                .contains("loc-small");
        assertNoConsoleErrors();

        Path screenshot = Path.of("target", "dashboard.png");
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        // A filter change: chronic cases only.
        browser.findElement(By.cssSelector("#f-chronicity option[value='CHRONIC']")).click();
        awaitRenders(2);

        assertThat(seriesNames("chart-relief")).hasSize(1).allMatch(n -> n.startsWith("CHRONIC"));
        // The headline is about chronic cases whatever the chronicity filter: the same as before.
        assertRowShows(browser.findElement(By.cssSelector("#chronic-table tr[data-location='*']")),
                apiJson("/api/outcomes/summary?chronicity=CHRONIC").get("groups").get(0), headlineFields);
        assertThat(browser.findElements(By.cssSelector("#kpi-table tbody tr"))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getAttribute("data-chronicity")).isEqualTo("CHRONIC"));
        assertThat(browser.getCurrentUrl()).contains("chronicity=CHRONIC");
        JsonNode chronicOnly = apiJson("/api/outcomes/summary?chronicity=CHRONIC&groupBy=location,month");
        for (JsonNode group : chronicOnly.get("groups")) {
            Object point = js("const s = window.meridianDashboard.charts['chart-responders'].getOption().series"
                    + ".find(s => s.name === arguments[0]); const months = window.meridianDashboard.charts"
                    + "['chart-responders'].getOption().xAxis[0].data; return s.data[months.indexOf(arguments[1])];",
                    group.get("locationId").asText(), group.get("month").asText());
            JsonNode rate = group.get("responderRate");
            if (rate.isNull()) {
                assertThat(point).as("%s %s suppressed", group.get("locationId"), group.get("month")).isNull();
            } else {
                assertThat(((Number) point).doubleValue()).isEqualTo(Math.round(rate.asDouble() * 1000) / 10.0);
            }
        }

        // And a bad range shows the API's refusal instead of stale charts.
        js("document.getElementById('f-from').value = '2026-05-01';"
                + "document.getElementById('f-to').value = '2026-04-01';"
                + "document.getElementById('filters').dispatchEvent(new Event('change'));");
        await().atMost(Duration.ofSeconds(20)).until(() -> "error".equals(bodyAttribute("data-state")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("from");
        assertNoConsoleErrorsExcept("400");
    }

    @Test
    void withoutATokenThePageAsksToSignInAndAPastedTokenOpensIt() throws Exception {
        browser.get(url("/"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !"loading".equals(bodyAttribute("data-state")));
        js("sessionStorage.clear();");
        browser.navigate().refresh();

        await().atMost(Duration.ofSeconds(20)).until(() -> "error".equals(bodyAttribute("data-state")));
        assertThat(bodyAttribute("data-auth")).isEqualTo("required");
        assertThat(browser.findElement(By.id("error")).getText()).startsWith("Sign in: paste a token");
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector(".card"))).as("no empty charts")
                .noneMatch(WebElement::isDisplayed);
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).isEmpty();
        assertNoConsoleErrorsExcept("401");
        Files.write(Path.of("target", "dashboard-sign-in.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("signin-token")).sendKeys(analystToken());
        browser.findElement(By.id("signin-submit")).click();
        awaitRenders(1);
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();
        assertThat(seriesCount("chart-relief")).isPositive();
        assertThat(browser.findElements(By.cssSelector("#f-location option"))).as("filters filled")
                .hasSizeGreaterThan(1);
        assertNoConsoleErrorsExcept("401");
    }

    /** How an analyst arrives from the link the local stack prints: {@code /#token=...}. */
    private void openWithTokenInFragment() {
        browser.get(url("/"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !"loading".equals(bodyAttribute("data-state")));
        js("sessionStorage.clear();");
        // Via a blank page: from "/" itself, "/#token=..." would only move to the fragment, not load the page.
        browser.get("about:blank");
        browser.manage().logs().get(LogType.BROWSER); // the visit without a token was refused: not this test's news
        browser.get(url("/#token=" + analystToken()));
    }

    /** The row's cells carry the group's values (empty when the API gives null). */
    private static void assertRowShows(WebElement row, JsonNode group, List<String> fields) {
        for (String field : fields) {
            String shown = row.findElement(By.cssSelector("td[data-field='" + field + "']")).getAttribute("data-value");
            JsonNode expected = group.get(field);
            if (expected.isNull()) {
                assertThat(shown).as("%s %s", row.getText(), field).isEmpty();
            } else {
                assertThat(new java.math.BigDecimal(shown)).as("%s %s", row.getText(), field)
                        .isEqualByComparingTo(expected.decimalValue());
            }
        }
    }

    private void awaitRenders(int renders) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                "ready".equals(bodyAttribute("data-state"))
                        && Integer.parseInt(bodyAttribute("data-renders")) >= renders);
    }

    private String bodyAttribute(String name) {
        return browser.findElement(By.tagName("body")).getAttribute(name);
    }

    private long seriesCount(String chart) {
        return ((Number) js("return window.meridianDashboard.charts['" + chart + "'].getOption().series"
                + ".filter(s => s.data.some(v => v !== null && v !== undefined)).length;")).longValue();
    }

    @SuppressWarnings("unchecked")
    private List<String> seriesNames(String chart) {
        return (List<String>) js("return window.meridianDashboard.charts['" + chart + "'].getOption().series"
                + ".map(s => s.name);");
    }

    private Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void assertNoConsoleErrors() {
        assertNoConsoleErrorsExcept(null);
    }

    /** Console errors since the last look (Chromium logs a refused fetch's status; {@code expected} allows it). */
    private void assertNoConsoleErrorsExcept(String expected) {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> expected == null || !e.getMessage().contains(expected))
                .toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    private JsonNode apiJson(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Accept", "application/json").header("Authorization", "Bearer " + analystToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

}
