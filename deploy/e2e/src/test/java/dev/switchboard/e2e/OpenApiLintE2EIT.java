package dev.switchboard.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.switchboard.local.LocalStack;

import org.springframework.http.HttpMethod;

import static dev.switchboard.e2e.GatewayCalls.DEMO_KEY;
import static dev.switchboard.e2e.GatewayCalls.call;
import static dev.switchboard.e2e.GatewayCalls.client;
import static dev.switchboard.e2e.GatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every OpenAPI document of Switchboard passes Spectral's {@code spectral:oas} ruleset
 * with no error and no warning: each one the gateway publishes (its own and every
 * service's, as key holders get them) and the provider webhooks' document that
 * webhook-ingest serves itself. The documents are kept in {@code target/openapi}.
 */
@ExtendWith(E2EStack.class)
class OpenApiLintE2EIT {

	private static LocalStack stack;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		GatewayCalls.open(stack);
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyDocumentPassesSpectralsOpenApiRulesetWithoutErrorsOrWarnings() throws Exception {
		Optional<Path> npm = Spectral.npm();
		assumeTrue(npm.isPresent(), "No npm on the PATH: Spectral (Node.js) cannot be installed, so the OpenAPI "
				+ "documents are not linted. Install Node.js 20+ with npm to run this test.");
		Path target = Path.of("target").toAbsolutePath();
		Path documents = Files.createDirectories(target.resolve("openapi"));
		List<Path> written = new ArrayList<>();
		List<Map<String, String>> specs = (List<Map<String, String>>) json(
				call(HttpMethod.GET, "/api-docs", DEMO_KEY).expectStatus().isOk())
			.get("specs");
		for (Map<String, String> spec : specs) {
			written
				.add(write(documents.resolve(spec.get("name") + ".json"), GatewayCalls.apiDocument(spec.get("url"))));
		}
		written.add(write(documents.resolve("webhook-ingest-providers.json"),
				client(stack.ports().ingest()).get()
					.uri("/v3/api-docs/providers")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(String.class)
					.returnResult()
					.getResponseBody()));
		assertThat(written).extracting((path) -> path.getFileName().toString())
			.contains("gateway.json", "messaging.json", "orders.json", "templates.json", "workflows.json",
					"webhook-ingest.json", "webhook-ingest-providers.json");

		List<String> findings = Spectral.installed(npm.get(), target).lint(written);

		assertThat(findings).as("Spectral (spectral:oas) findings in %s:%n%s", documents, String.join("\n", findings))
			.isEmpty();
	}

	private static Path write(Path file, String document) throws IOException {
		assertThat(document).as(file.getFileName().toString()).startsWith("{");
		return Files.writeString(file, document, StandardCharsets.UTF_8);
	}

}
