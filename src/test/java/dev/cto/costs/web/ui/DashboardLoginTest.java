package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** With COST_API_TOKEN: the login page trades the token for an HttpOnly, SameSite=Strict session; logout ends it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardLoginTest {

  static final String TOKEN = "dashboard-test-token-5f1c";
  DashboardFixture server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = new DashboardFixture(dir, TOKEN);
    server.loadGeneratedData();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path)).GET();
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postForm(String path, String form, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutASessionPagesRedirectToLoginAndTheApiStillNeedsTheToken() throws Exception {
    HttpResponse<String> page = get("/prs?sort=date", null);
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2Fprs%3Fsort%3Ddate");
    assertThat(get("/ui/version", null).statusCode()).isEqualTo(401);
    for (String other : List.of("/agents", "/agents/rex?period=week", "/agents/-?agent=%3Cb%3E")) {
      assertThat(get(other, null).statusCode()).as(other).isEqualTo(303);
    }
    assertThat(get("/v1/summary", null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/summary", "cto_session=guessed").statusCode()).isEqualTo(401);
  }

  @Test
  void aWrongTokenIsRefusedAndACrossSiteLoginToo() throws Exception {
    HttpResponse<String> wrong = postForm("/login", "token=nope&next=%2F", null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(wrong.body()).contains("That token is not accepted").doesNotContain(TOKEN);
    assertThat(postForm("/login", "token=" + TOKEN, "https://evil.example").statusCode()).isEqualTo(403);
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictAndOpensPagesAndDownloads() throws Exception {
    HttpResponse<String> ok = postForm("/login", "token=" + TOKEN + "&next=%2F%2Fevil.example", null);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).as("no open redirect").hasValue("/");
    String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain(TOKEN);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertThat(cookie.length()).isGreaterThan("cto_session=".length() + 40);
    assertThat(get("/", cookie).statusCode()).isEqualTo(200);
    assertThat(get("/v1/export?format=csv", cookie).statusCode()).isEqualTo(200);
    // the pages' JSON links to the analytics API read with the session too
    assertThat(get("/agents/rex", cookie).statusCode()).isEqualTo(200);
    assertThat(get("/v1/analytics/efficiency?agent=rex", cookie).statusCode()).isEqualTo(200);
    assertThat(get("/v1/analytics/anomalies", cookie).statusCode()).isEqualTo(200);
    // the cookie reads; it never writes
    HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/usage")).header("Cookie", cookie)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).isEqualTo(401);
  }

  /** Waits for a navigation the test started; under a loaded CI machine it can take seconds, and it times out with the URL it saw. */
  private static WebDriverWait settle(ChromeDriver driver) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.withMessage(() -> "the browser stayed at " + driver.getCurrentUrl());
    return wait;
  }

  @Test
  void loginAndLogoutInTheBrowser() throws Exception {
    ChromeDriver driver = Browser.start();
    try {
      driver.get(server.base() + "/models");
      assertThat(driver.getCurrentUrl()).contains("/login?next=");
      driver.findElement(By.id("token")).sendKeys("wrong");
      driver.findElement(By.cssSelector("button[type=submit]")).click();
      // click() returns once the form is submitted, not once the answer has loaded: wait (bounded) for it
      settle(driver).until(d -> !d.findElements(By.cssSelector("[role=alert]")).isEmpty());
      assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText()).contains("not accepted");
      // the refused login's 401 is the one console line expected
      assertThat(Browser.consoleErrors(driver)).singleElement().asString().contains("/login", "401");
      driver.findElement(By.id("token")).sendKeys(TOKEN);
      driver.findElement(By.cssSelector("button[type=submit]")).click();
      settle(driver).until(d -> d.getCurrentUrl().equals(server.base() + "/models"));
      Cookie session = driver.manage().getCookieNamed(Login.COOKIE);
      assertThat(session.isHttpOnly()).isTrue();
      assertThat(session.getSameSite()).isEqualTo("Strict");
      assertThat(driver.executeScript("return document.cookie")).isEqualTo("");
      Browser.screenshot(driver, "models-logged-in");
      driver.findElement(By.cssSelector("form.logout button")).click();
      settle(driver).until(d -> d.getCurrentUrl().equals(server.base() + "/login"));
      driver.get(server.base() + "/");
      assertThat(driver.getCurrentUrl()).contains("/login?next=");
      // the old session id is gone on the server too
      assertThat(get("/", Login.COOKIE + "=" + session.getValue()).statusCode()).isEqualTo(303);
      assertThat(Browser.consoleErrors(driver)).isEmpty();
    } finally {
      driver.quit();
    }
  }
}
