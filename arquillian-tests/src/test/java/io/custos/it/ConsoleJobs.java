package io.custos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's jobs panel in Debian's headless Chromium, watching a real re-encryption job that the ERP's
 * worker runs: its {@code <progress>} advances, its rows done / left agree with the REST status, and its Cancel
 * button cancels it. Same browser set-up as custos-admin-rest's {@code ConsoleChecks}: without Chromium the check
 * is skipped with the reason, except under {@code CI=true}, where it fails.
 */
final class ConsoleJobs {
    static final String CHROMIUM = System.getenv().getOrDefault("CUSTOS_CHROMIUM", "/usr/bin/chromium");
    static final String DRIVER = System.getenv().getOrDefault("CUSTOS_CHROMEDRIVER", "/usr/bin/chromedriver");

    private ConsoleJobs() {
    }

    /** Headless Chromium through chromedriver; skipped with the reason without them, a failure under CI=true. */
    static WebDriver chromium() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            String why = "headless Chromium needs " + CHROMIUM + " and " + DRIVER
                    + " (apt-get install chromium chromium-driver; .ci/install-deps.sh does it)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        Path profile = Files.createTempDirectory(Files.createDirectories(WalkthroughIT.WORK), "chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1700", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The jobs table's row of {@code jobId} (its first cell shows the id's first 8 characters). */
    static By row(String jobId) {
        return By.xpath("//table[@id='jobs-table']/tbody/tr[td[1]='" + jobId.substring(0, 8) + "']");
    }

    /** {max, value, whether max is set} of the row's {@code <progress>}. */
    @SuppressWarnings("unchecked")
    static List<Object> progress(WebDriver driver, WebElement row) {
        WebElement p = row.findElement(By.tagName("progress"));
        return (List<Object>) ((JavascriptExecutor) driver)
                .executeScript("const p = arguments[0]; return [p.max, p.value, p.hasAttribute('max')];", p);
    }

    static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    /**
     * Signs in as the custodian, starts the job, waits until the job's progress bar has advanced (0 < value < max = total), checks
     * rows done / left against the REST status, takes the screenshot, cancels with the row's button.
     *
     * @return the screenshot's path
     */
    static Path watchAndCancel(Http http, Jobs jobs, Supplier<String> startJob, String custodian, String auditor)
            throws Exception {
        WebDriver driver = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            // the console redraws the jobs table every 3 s
            wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
            driver.get(http.base() + "/custos-admin-rest/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            WebElement token = driver.findElement(By.id("token"));
            token.clear();
            token.sendKeys(custodian);
            driver.findElement(By.id("sign-in")).click();
            wait.until(d -> d.findElement(By.id("whoami")).getText().startsWith("alice"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("jobs-panel")));
            ((JavascriptExecutor) driver).executeScript("document.getElementById('jobs-panel').scrollIntoView()");
            // the browser is up and signed in before the job starts: a slow Chromium start cannot miss the job
            String jobId = startJob.get();

            // bounded: at 1 row/s the bar moves at the first redraws; 60 s also covers a slow claim by the worker
            String[] seen = new String[1];
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                    .withMessage(() -> "progress bar of job " + jobId + " did not advance; last seen " + seen[0]
                            + ", REST " + jobs.get(jobId, auditor))
                    .until(d -> {
                        WebElement r = d.findElement(row(jobId));
                        List<Object> p = progress(d, r);
                        seen[0] = p + " / " + r.getText();
                        return Boolean.TRUE.equals(p.get(2)) && number(p.get(1)) > 0
                                && number(p.get(1)) < number(p.get(0)) ? Boolean.TRUE : null;
                    });
            WebElement r = driver.findElement(row(jobId));
            List<Object> p = progress(driver, r);
            String doneLeft = r.findElements(By.tagName("td")).get(4).getText();
            String state = r.findElements(By.tagName("td")).get(2).getText();
            Map<String, Object> status = jobs.get(jobId, auditor);
            long total = Jobs.number(status, "total");

            assertThat(status.get("state")).as(status.toString()).isEqualTo("RUNNING");
            assertThat(state).startsWith("RUNNING");
            assertThat((long) number(p.get(0))).as("progress max is the job's total; " + status).isEqualTo(total);
            long shownDone = (long) number(p.get(1));
            assertThat(shownDone).isPositive().isLessThan(total);
            assertThat(doneLeft).as("rows done / left").matches("\\d+ / \\d+");
            long uiDone = Long.parseLong(doneLeft.split(" / ")[0]);
            long uiLeft = Long.parseLong(doneLeft.split(" / ")[1]);
            assertThat(uiDone).isEqualTo(shownDone);
            assertThat(uiDone + uiLeft).as("done + left is the total; REST " + status).isEqualTo(total);
            // the REST status was read after the page was drawn: the job may have moved on since, never back
            assertThat(Jobs.number(status, "processed")).as(status.toString()).isGreaterThanOrEqualTo(uiDone);
            assertThat(Jobs.number(status, "rowsLeft")).as(status.toString()).isLessThanOrEqualTo(uiLeft)
                    .isEqualTo(total - Jobs.number(status, "processed"));

            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Path saved = WalkthroughIT.WORK.resolve("admin-console-jobs.png");
            Files.copy(shot, saved, StandardCopyOption.REPLACE_EXISTING);

            // Cancel asks no confirmation; the row may be redrawn under the click, so find it again each try
            wait.until(d -> {
                d.findElement(row(jobId)).findElement(By.xpath(".//button[text()='Cancel']")).click();
                return true;
            });
            wait.until(d -> d.findElement(By.id("message")).getText().contains("cancel requested"));
            Map<String, Object> done = jobs.awaitFinal(jobId, auditor, Duration.ofSeconds(60));
            assertThat(done.get("state")).as(done.toString()).isEqualTo("CANCELLED");
            assertThat(Jobs.number(done, "processed")).as(done.toString()).isLessThan(total);
            wait.until(d -> d.findElement(row(jobId)).findElements(By.tagName("td")).get(2).getText()
                    .startsWith("CANCELLED"));
            return saved;
        } finally {
            driver.quit();
        }
    }
}
