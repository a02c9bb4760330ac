package io.ckbridge.it.ops;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
 * {@code .ci/run} installs them): it loads, shows the connectors and a chart with points, and a
 * connector paused from the page is PAUSED. Screenshots go to {@code it/target/screenshots}.
 */
@BridgeSandbox
class OpsPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String KS = "ops_page";
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            throw new AssertionError("The browser test needs Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does it)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed: the browser test is "
                + "skipped (apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,2200", "--lang=en-US");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageShowsTheConnectorsAndAChartWithPointsAndPausesAConnector(Sandbox sandbox) throws Exception {
        String connector = "ops-page-sink";
        String topic = "ops-page";
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".events (id text PRIMARY KEY, v text)");
        }
        Clients.createTopic(sandbox, topic, 1);
        Connectors.deploy(sandbox, connector, with(Connectors.sinkConfig(sandbox, KS, topic),
                "topic." + topic + "." + KS + ".events.mapping", "id=key, v=value.v"));
        try {
            Clients.send(sandbox, topic, "a", "{\"v\":\"1\"}", "b", "{\"v\":\"2\"}");
            // two polls at least, so that every chart has points to draw
            await("two polls of the sink's group").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> OpsApi.getJson(sandbox, "/api/history?series=lag.records:connect-" + connector)
                            .path("series").get(0).path("points").size() >= 2);

            long start = System.nanoTime();
            browser.get(sandbox.ops().address());
            // the tables are redrawn at every refresh: elements are looked up again when they went stale
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.ignoring(StaleElementReferenceException.class);
            String row = "#connectors tr[data-connector='" + connector + "']";
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row)));
            System.out.printf("[ops-page] connectors shown %d ms after the page was asked for%n",
                    (System.nanoTime() - start) / 1_000_000);
            wait.until(driver -> driver.findElement(By.cssSelector(row + " td.state")).getText()
                    .startsWith("RUNNING"));
            assertThat(browser.findElements(By.cssSelector("#groups tr[data-group='connect-" + connector + "']")))
                    .hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#nodes tr[data-node='127.0.0.1']"))).hasSize(1);

            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-lag .uplot canvas")));
            JavascriptExecutor js = browser;
            wait.until(driver -> ((Number) js.executeScript("return charts['chart-lag'] ? "
                    + "charts['chart-lag'].plot.data[0].length : 0")).intValue() >= 2);
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) js.executeScript("return charts['chart-lag'].plot.series"
                    + ".slice(1).map(s => s.label)");
            assertThat(labels).contains("lag connect-" + connector, "pending compactions 127.0.0.1");
            assertThat(browser.findElements(By.cssSelector("#chart-lag .u-axis"))).as("time and two value axes")
                    .hasSize(3);
            screenshot("ops-page.png");

            wait.until(driver -> {
                driver.findElement(By.cssSelector(row + " button[data-action='pause']")).click();
                return true;
            });
            wait.until(driver -> driver.findElement(By.cssSelector(row + " td.state")).getText()
                    .startsWith("PAUSED"));
            assertThat(OpsApi.connectorState(sandbox, connector)).isEqualTo("PAUSED");
            screenshot("ops-page-paused.png");
        } finally {
            Connectors.delete(sandbox, connector);
        }
    }

    @Test
    void aRepairStartedFromThePageShowsItsProgressAndSegmentGrid(Sandbox sandbox) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS ops_page_repair"
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS ops_page_repair.t (id int PRIMARY KEY)");
        }
        // ops opens its repair state once Cassandra answers; a sandbox just started may still be at it
        RepairIT.awaitRepairReady(sandbox);
        browser.get(sandbox.ops().address());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#repair-form")));
        browser.findElement(By.cssSelector("#repair-form input[name=keyspace]")).sendKeys("ops_page_repair");
        WebElement segments = browser.findElement(By.cssSelector("#repair-form input[name=segmentsPerNode]"));
        segments.clear();
        segments.sendKeys("8");
        browser.findElement(By.cssSelector("#repair-form button[value=run]")).click();
        String answer = wait.until(driver -> {
            String message = driver.findElement(By.id("repair-message")).getText();
            return message.isEmpty() ? null : message;
        });
        assertThat(answer).startsWith("started: ");
        // one node, RF=1: Cassandra has nothing to repair, so each segment is done at once
        wait.until(driver -> driver.findElements(By.cssSelector("#repairs tr[data-run] .grid i.D")).size() >= 8
                && driver.findElement(By.cssSelector("#repairs tr[data-run] td:nth-child(3)")).getText()
                        .startsWith("DONE"));
        assertThat(browser.findElement(By.cssSelector("#repairs tr[data-run] td:nth-child(4)")).getText())
                .contains("100%");
        screenshot("ops-page-repair.png");
    }

    private static void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
