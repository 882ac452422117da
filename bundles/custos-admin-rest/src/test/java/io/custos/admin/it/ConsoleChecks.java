package io.custos.admin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * The console in Debian's headless Chromium: a custodian signs in with a token, rotates a key and sees the new
 * version; an auditor signs in, sees the rotation in the log and verifies it; a security officer approves one
 * pending destruction and rejects another. Without Chromium the check is
 * skipped with the reason, except under {@code CI=true}, where it fails.
 */
final class ConsoleChecks {
    static final String CHROMIUM = System.getenv().getOrDefault("CUSTOS_CHROMIUM", "/usr/bin/chromium");
    static final String DRIVER = System.getenv().getOrDefault("CUSTOS_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final Http http;

    ConsoleChecks(Http http) {
        this.http = http;
    }

    /** Headless Chromium through chromedriver; skipped with the reason without them, a failure under CI=true. */
    static WebDriver chromium() throws java.io.IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            String why = "headless Chromium needs " + CHROMIUM + " and " + DRIVER
                    + " (apt-get install chromium chromium-driver; .ci/install-deps.sh does it)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        Path profile = Files.createTempDirectory(Files.createDirectories(Deployments.WORK), "chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1700", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    void run() throws Exception {
        Fixtures f = new Fixtures(http);
        long key = f.key(true);
        long toApprove = f.destruction();
        long toReject = f.destruction();
        WebDriver driver = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            // the console re-renders its tables after each action
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(http.base() + "/console/");
            signIn(driver, wait, Actors.CUSTODIAN);
            By row = By.cssSelector("#keys-table tr[data-key-id='" + key + "']");
            wait.until(ExpectedConditions.presenceOfElementLocated(row));
            wait.until(d -> "1".equals(d.findElement(row).findElement(By.cssSelector("td.version")).getText()));
            wait.until(d -> {
                d.findElement(row).findElement(By.cssSelector("button.rotate")).click();
                return true;
            });
            wait.until(d -> "2".equals(d.findElement(row).findElement(By.cssSelector("td.version")).getText()));
            assertThat(driver.findElement(By.id("message")).getText()).contains("rotated to version 2");
            assertThat(http.get("/api/keys/" + key, Actors.AUDITOR.token()).body()).contains("\"currentVersion\":2");
            // a custodian sees no audit log
            assertThat(driver.findElement(By.id("audit-panel")).isDisplayed()).isFalse();

            driver.findElement(By.id("sign-out")).click();
            signIn(driver, wait, Actors.AUDITOR);
            wait.until(d -> d.findElement(By.id("audit-table")).getText().contains("rotate"));
            assertThat(driver.findElements(By.cssSelector("#keys-table button.rotate"))).isEmpty();
            assertThat(driver.findElement(By.id("approvals-table")).getText()).contains("alice.custodian");
            driver.findElement(By.id("verify")).click();
            WebElement verdict = driver.findElement(By.id("verdict"));
            wait.until(d -> verdict.getText().contains("VERDICT"));
            assertThat(verdict.getText()).contains("VERDICT: INTACT");
            assertThat(verdict.getAttribute("class")).isEqualTo("intact");
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Deployments.WORK.resolve("console.png"), StandardCopyOption.REPLACE_EXISTING);
            // the token never lands in the page or its URL
            assertThat(driver.getPageSource()).doesNotContain(Actors.AUDITOR.token().substring(0, 40));
            assertThat(driver.getCurrentUrl()).doesNotContain("eyJ");

            // a security officer approves one pending destruction and rejects another
            driver.findElement(By.id("sign-out")).click();
            signIn(driver, wait, Actors.OFFICER);
            By approveRow = By.cssSelector("#approvals-table tr[data-request-id='" + toApprove + "']");
            By rejectRow = By.cssSelector("#approvals-table tr[data-request-id='" + toReject + "']");
            wait.until(d -> {
                d.findElement(approveRow).findElement(By.cssSelector("button.approve")).click();
                return true;
            });
            wait.until(d -> d.findElement(approveRow).getText().contains("1 / 2 (oscar.officer)"));
            wait.until(d -> {
                d.findElement(rejectRow).findElement(By.cssSelector("button.reject")).click();
                return true;
            });
            wait.until(d -> d.findElements(rejectRow).isEmpty());
            assertThat(http.get("/api/destructions/" + toReject, Actors.AUDITOR.token()).body())
                    .contains("\"status\":\"CANCELLED\"").contains("\"decidedBy\":\"oscar.officer\"");
        } finally {
            driver.quit();
        }
    }

    static void signIn(WebDriver driver, WebDriverWait wait, Actors who) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        WebElement token = driver.findElement(By.id("token"));
        token.clear();
        token.sendKeys(who.token());
        driver.findElement(By.id("sign-in")).click();
        wait.until(d -> d.findElement(By.id("whoami")).getText().startsWith(who.principal));
    }
}
