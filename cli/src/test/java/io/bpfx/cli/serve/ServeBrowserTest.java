package io.bpfx.cli.serve;

import io.bpfx.cli.export.ExporterProcess;
import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The page of {@code bpfx serve} in a real browser (Debian's chromium, driven through its
 * chromedriver by Selenium): enter the token, start opensnoop with one click, watch a
 * workload's opens arrive as table rows, stop it.
 */
class ServeBrowserTest {
    static final int N = 5;

    static WebDriver chromium(Path profile) {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            if ("true".equals(System.getenv("CI"))) fail("chromium and chromium-driver are needed (scripts/setup.sh installs them)");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no chromium/chromedriver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // as root chromium needs --no-sandbox; the rest keeps it off the network and quiet
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void startOpensnoopWatchOpensArriveAndStopIt() throws Exception {
        Kernel.require();
        Path dir = Files.createTempDirectory("bpfx-serve-browser");
        Path tokenFile = dir.resolve("token");
        String token = "browser-" + Long.toHexString(System.nanoTime()) + "-token";
        Files.writeString(tokenFile, token);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Path file = Files.createTempFile("bpfx-browser-", ".txt");
        BpfState before = BpfState.now();
        WebDriver browser = null;
        try (ExporterProcess serve = ExporterProcess.start(dir, "serve", "--listen", "127.0.0.1:0", "--token-file",
                tokenFile.toString())) {
            serve.awaitLine(l -> l.startsWith("Control plane on http://"), 30_000);
            browser = chromium(Files.createDirectories(dir.resolve("profile")));
            // the runs table is redrawn every second: an element found may be replaced before it is used
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get("http://127.0.0.1:" + serve.port() + "/");

            WebElement tokenField = wait.until(d -> {
                WebElement t = d.findElement(By.id("token"));
                return t.isDisplayed() ? t : null;
            });
            tokenField.sendKeys(token);
            browser.findElement(By.id("connect")).click();

            // opensnoop for the workload's pid only (its args field, as a user would type it)
            try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N))) {
                By start = By.cssSelector("#tools tr[data-tool='opensnoop'] button.start");
                wait.until(d -> d.findElement(start).isDisplayed());
                browser.findElement(By.cssSelector("#tools tr[data-tool='opensnoop'] input.args")).sendKeys("--pid " + w.pid());
                browser.findElement(start).click();
                wait.until(d -> d.findElement(By.id("run-state")).getText().startsWith("running"));
                assertEquals(N, w.go().awaitDone());
            }
            String runId = browser.findElement(By.id("run-title")).getText();
            By rows = By.xpath("//table[@id='output']/tbody/tr[contains(., '" + file + "')]");
            wait.until(d -> d.findElements(rows).size() >= N);
            Thread.sleep(1500); // anything extra would have arrived by now
            List<WebElement> seen = browser.findElements(rows);
            assertEquals(N, seen.size(), "rows for " + file);
            for (WebElement r : seen) assertTrue(r.getText().contains("openloop"), r.getText());
            // the maps refresh: opensnoop's map table is drawn
            wait.until(d -> !d.findElements(By.cssSelector("#maps .map")).isEmpty());

            shoot(browser, "serve-page.png");

            wait.until(d -> {
                d.findElement(By.cssSelector("#runs tr[data-run='" + runId + "'] button.stop")).click();
                return true;
            });
            wait.until(d -> d.findElement(By.cssSelector("#runs tr[data-run='" + runId + "'] td.state")).getText().equals("ended"));
            assertNull(BpfState.leakedSinceSettled(before), "Stop left programs attached");
            assertEquals(N, browser.findElements(rows).size());
            assertEquals(0, serve.terminate(30_000));
        } finally {
            if (browser != null) browser.quit();
            Files.deleteIfExists(file);
        }
    }

    /** A picture of the page for a human to look at (cli/target/NAME). */
    static void shoot(WebDriver browser, String name) throws Exception {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), NativeBuild.root().resolve("cli/target/" + name), StandardCopyOption.REPLACE_EXISTING);
    }
}
