package dev.switchboard.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.switchboard.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's Swagger UI page in a real browser against the local stack: it opens
 * without a key, the demo key goes in the Authorize dialog, and then every document of
 * the gateway's index shows all its operations, and "Try it out" calls the gateway with
 * the key. A screenshot of each step is kept under {@code target/screenshots/api-docs}.
 */
@ExtendWith(E2EStack.class)
class ApiDocsBrowserE2EIT {

	private static final String DEMO_KEY = "sb_demokey1.localdemosecret";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	/** Each operation Swagger UI shows: its method, path and operation id. */
	private static final String SHOWN_OPERATIONS = """
			return Array.from(document.querySelectorAll('#swagger-ui .opblock')).map(function (op) {
			  var method = op.querySelector('.opblock-summary-method');
			  var path = op.querySelector('.opblock-summary-path, .opblock-summary-path__deprecated');
			  var id = op.querySelector('.opblock-summary-operation-id');
			  return [method ? method.textContent.trim().toUpperCase() : '',
			    path ? (path.getAttribute('data-path') || path.textContent.replace(/\\u200b/g, '').trim()) : '',
			    id ? id.textContent.trim() : ''];
			});
			""";

	private static String gateway;

	private static WebTestClient api;

	@BeforeAll
	static void gateway() {
		LocalStack stack = E2EStack.stack();
		gateway = "http://localhost:" + stack.ports().gateway();
		api = WebTestClient.bindToServer()
			.baseUrl(gateway)
			.responseTimeout(PATIENCE)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	@Test
	void thePageOpensWithoutAKeyAndShowsEveryDocumentsOperationsOnceAuthorized() throws Exception {
		List<String> documents = documentNames();
		assertThat(documents).contains("gateway", "messaging", "orders");
		try (HeadlessChromium chromium = HeadlessChromium.start("api-docs")) {
			try {
				walkThrough(chromium, documents);
			}
			catch (AssertionError | RuntimeException failure) {
				chromium.screenshot("failed");
				failure.addSuppressed(new AssertionError("The browser's console: " + chromium.consoleMessages()));
				throw failure;
			}
		}
	}

	private static void walkThrough(HeadlessChromium chromium, List<String> documents) {
		WebDriver browser = chromium.driver();
		browser.get(gateway + "/api-docs/ui");
		authorize(chromium, browser);
		for (String name : documents) {
			Map<String, String> declared = operationIds(document(name));
			assertThat(declared).as("operations of " + name).isNotEmpty();
			Set<String> expected = new TreeSet<>();
			declared.forEach((operation, id) -> expected.add((operation + " " + id).strip()));
			select(browser, "/api-docs/" + name);
			await().atMost(PATIENCE)
				.ignoreExceptionsInstanceOf(WebDriverException.class)
				.until(() -> shownOperations(browser, declared), expected::equals);
			assertThat(browser.findElements(By.cssSelector("#swagger-ui .errors-wrapper"))).isEmpty();
			chromium.screenshot("document-" + name);
		}
		tryItOut(chromium, browser);
		assertThat(chromium.consoleMessages())
			.as("no Content-Security-Policy violation, no failed request, no outside host")
			.noneMatch((message) -> message.contains("Content Security Policy") || message.contains("Refused to")
					|| message.contains("Failed to load resource"));
	}

	/**
	 * The page as opened without a key (the start document and its Authorize button), and
	 * the demo key entered in the Authorize dialog.
	 */
	private static void authorize(HeadlessChromium chromium, WebDriver browser) {
		WebElement authorize = await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> browser.findElement(By.cssSelector("#swagger-ui button.btn.authorize")),
					WebElement::isDisplayed);
		assertThat(browser.findElement(By.cssSelector("#swagger-ui .info .title")).getText())
			.startsWith("Switchboard API");
		chromium.screenshot("opened-without-a-key");
		authorize.click();
		WebElement keyField = await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> browser.findElement(By.cssSelector(".modal-ux .auth-container input")),
					WebElement::isDisplayed);
		keyField.sendKeys(DEMO_KEY);
		chromium.screenshot("key-in-authorize-dialog");
		browser.findElement(By.cssSelector(".modal-ux button.modal-btn.authorize")).click();
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> browser.findElement(By.cssSelector(".modal-ux .auth-container")).getText(),
					(text) -> text.contains("Authorized"));
		chromium.screenshot("authorized");
		browser.findElement(By.cssSelector(".modal-ux button.btn-done")).click();
		await().atMost(PATIENCE).until(() -> browser.findElements(By.cssSelector(".modal-ux")).isEmpty());
	}

	/**
	 * "Try it out" on the tags of the demo tenant: a call through the gateway with the
	 * key.
	 */
	private static void tryItOut(HeadlessChromium chromium, WebDriver browser) {
		select(browser, "/api-docs/messaging");
		By tags = By.xpath("//div[contains(@class,'opblock-get')][.//*[@data-path='/api/v1/tags']]");
		WebElement operation = await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> browser.findElement(tags), WebElement::isDisplayed);
		operation.findElement(By.cssSelector(".opblock-summary-control")).click();
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> browser.findElement(tags).findElement(By.cssSelector(".try-out__btn")),
					WebElement::isDisplayed)
			.click();
		browser.findElement(tags).findElement(By.cssSelector(".btn.execute")).click();
		String status = await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> browser.findElement(tags)
				.findElement(By.cssSelector(".live-responses-table tr.response .response-col_status"))
				.getText(), (text) -> !text.isBlank());
		chromium.screenshot("try-it-out-tags");
		assertThat(status).startsWith("200");
		assertThat(browser.findElement(tags).findElement(By.cssSelector(".request-url")).getText())
			.contains(gateway + "/api/v1/tags");
		assertThat(browser.findElement(tags).findElement(By.cssSelector(".live-responses-table")).getText())
			.contains("Visa");
	}

	/** Picks a document in Swagger UI's definition selector. */
	private static void select(WebDriver browser, String url) {
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> browser.findElement(By.cssSelector("#swagger-ui .topbar select")), WebElement::isEnabled);
		browser.findElement(By.cssSelector("#swagger-ui .topbar select option[value='" + url + "']")).click();
	}

	/**
	 * Each operation Swagger UI shows: its method and path, and its operation id where
	 * the document declares one (Swagger UI makes one up for the others).
	 */
	private static Set<String> shownOperations(WebDriver browser, Map<String, String> declared) {
		@SuppressWarnings("unchecked")
		List<List<String>> shown = (List<List<String>>) ((JavascriptExecutor) browser).executeScript(SHOWN_OPERATIONS);
		Set<String> operations = new TreeSet<>();
		for (List<String> operation : shown) {
			String methodAndPath = operation.get(0) + " " + operation.get(1);
			boolean hasId = !declared.getOrDefault(methodAndPath, "").isEmpty();
			operations.add(hasId ? methodAndPath + " " + operation.get(2) : methodAndPath);
		}
		return operations;
	}

	/**
	 * Each operation of the document ({@code METHOD path}) with its operation id, empty
	 * where it declares none.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, String> operationIds(Map<String, Object> document) {
		Map<String, String> operations = new TreeMap<>();
		Map<String, Object> paths = (Map<String, Object>) document.getOrDefault("paths", Map.of());
		paths.forEach((path, item) -> {
			for (String method : METHODS) {
				Object operation = ((Map<String, Object>) item).get(method);
				if (operation instanceof Map<?, ?> described) {
					Object id = described.get("operationId");
					operations.put(method.toUpperCase() + " " + path, (id != null) ? id.toString() : "");
				}
			}
		});
		return operations;
	}

	@SuppressWarnings("unchecked")
	private static List<String> documentNames() {
		Map<String, Object> index = get("/api-docs");
		List<String> names = new ArrayList<>();
		for (Map<String, Object> spec : (List<Map<String, Object>>) index.get("specs")) {
			names.add((String) spec.get("name"));
		}
		return names;
	}

	private static Map<String, Object> document(String name) {
		return get("/api-docs/" + name);
	}

	private static Map<String, Object> get(String path) {
		return api.get()
			.uri(path)
			.header("Authorization", "Bearer " + DEMO_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

}
