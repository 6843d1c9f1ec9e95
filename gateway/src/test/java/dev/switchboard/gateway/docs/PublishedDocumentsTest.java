package dev.switchboard.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublishedDocumentsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SERVICE_DOCUMENT = """
			{"openapi":"3.1.0","info":{"title":"messaging","version":"v1"},
			 "servers":[{"url":"http://localhost:8082","description":"Generated server url"}],
			 "paths":{"/api/v1/messages":{"post":{"operationId":"send","responses":{"202":{"description":"accepted"}}}}},
			 "components":{"schemas":{"Message":{"type":"object"}}}}
			""";

	@Test
	void aServicesOperationsAreCalledThroughTheGatewayWithAKey() {
		JsonNode published = JSON
			.readTree(PublishedDocuments.ofService(SERVICE_DOCUMENT.getBytes(StandardCharsets.UTF_8)));
		assertThat(published.path("servers").size()).as("one server").isEqualTo(1);
		assertThat(published.path("servers").path(0).path("url").asString())
			.as("no service address: the document's own origin, the gateway")
			.isEqualTo("/");
		assertThat(published.at("/components/securitySchemes/apiKey")).isEqualTo(PublishedDocuments.scheme());
		assertThat(published.at("/security/0/apiKey").isArray()).isTrue();
		assertThat(published.at("/security").size()).isOne();
		assertThat(published.at("/paths/~1api~1v1~1messages/post/operationId").asString()).isEqualTo("send");
		assertThat(published.at("/components/schemas/Message/type").asString()).isEqualTo("object");
	}

	@Test
	void aDocumentWithoutComponentsGetsTheScheme() {
		JsonNode published = JSON.readTree(
				PublishedDocuments.ofService("{\"openapi\":\"3.1.0\",\"paths\":{}}".getBytes(StandardCharsets.UTF_8)));
		assertThat(published.at("/components/securitySchemes/apiKey/scheme").asString()).isEqualTo("bearer");
	}

	@Test
	void whatIsNoObjectIsNoDocument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PublishedDocuments.ofService("[]".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void everyDocumentDeclaresTheSchemeOfTheGatewaysOwnDocument() throws IOException {
		JsonNode gateway;
		try (InputStream in = new ClassPathResource("openapi/gateway.json").getInputStream()) {
			gateway = JSON.readTree(in);
		}
		assertThat(gateway.at("/components/securitySchemes/" + PublishedDocuments.SCHEME))
			.isEqualTo(PublishedDocuments.scheme());
		assertThat(gateway.at("/security/0").has(PublishedDocuments.SCHEME)).isTrue();
		JsonNode start = JSON.readTree(PublishedDocuments.start());
		assertThat(start.at("/components/securitySchemes/" + PublishedDocuments.SCHEME))
			.isEqualTo(PublishedDocuments.scheme());
		assertThat(start.at("/paths").isEmpty()).isTrue();
	}

}
