package dev.switchboard.events.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import dev.switchboard.events.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class OrderSourceSchemasTest {

	@Test
	void acceptsTheReferenceExample() {
		assertThat(OrderSourceSchemas.validateVizi(example())).isEmpty();
	}

	@Test
	void allowsAdditionalProperties() {
		ObjectNode body = exampleTree();
		body.putObject("future").put("field", 1);
		order(body).put("new_field", "x");
		assertThat(OrderSourceSchemas.validateVizi(body)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "il", "IL", "Se", "co", "ru", "kZ" })
	void acceptsEveryBranchInAnyCase(String branch) {
		ObjectNode body = exampleTree();
		order(body).put("branch", branch);
		assertThat(OrderSourceSchemas.validateVizi(body)).isEmpty();
	}

	@Test
	void listsEveryMissingRequiredFieldWithItsPointer() {
		ObjectNode body = exampleTree();
		order(body).remove(List.of("id", "branch", "amount", "currency", "status"));
		ObjectNode form = (ObjectNode) body.get("form");
		form.remove(List.of("country", "quantity"));
		ObjectNode client = (ObjectNode) form.get("client");
		client.remove(List.of("name", "email", "phone", "whatsappAlertsEnabled"));
		((ObjectNode) form.get("product")).remove("name");

		assertThat(pointers(OrderSourceSchemas.validateVizi(body))).containsExactlyInAnyOrder("/order/id",
				"/order/branch", "/order/amount", "/order/currency", "/order/status", "/form/country", "/form/quantity",
				"/form/client/name", "/form/client/email", "/form/client/phone", "/form/client/whatsappAlertsEnabled",
				"/form/product/name");
	}

	@Test
	void listsEveryInvalidValueWithItsPointerAndAReadableMessage() {
		ObjectNode body = exampleTree();
		order(body).put("branch", "xx").put("amount", -1);
		ObjectNode form = (ObjectNode) body.get("form");
		form.put("quantity", 11);
		ObjectNode client = (ObjectNode) form.get("client");
		client.put("email", "not-an-email").put("whatsappAlertsEnabled", "yes");
		((ObjectNode) client.get("phone")).remove("number");

		List<SchemaViolation> violations = OrderSourceSchemas.validateVizi(body);

		assertThat(pointers(violations)).containsExactlyInAnyOrder("/order/branch", "/order/amount", "/form/quantity",
				"/form/client/email", "/form/client/whatsappAlertsEnabled", "/form/client/phone/number");
		assertThat(violations).allSatisfy((violation) -> assertThat(violation.message()).isNotBlank());
		assertThat(violations).filteredOn((violation) -> violation.pointer().equals("/form/client/email"))
			.singleElement()
			.satisfies((violation) -> assertThat(violation.message()).containsIgnoringCase("email"));
	}

	@Test
	void requiresBothTopLevelObjects() {
		assertThat(pointers(OrderSourceSchemas.validateVizi("{}".getBytes()))).containsExactlyInAnyOrder("/order",
				"/form");
		assertThat(pointers(OrderSourceSchemas.validateVizi("[]".getBytes()))).containsExactly("");
	}

	@Test
	void reportsMalformedJson() {
		assertThat(OrderSourceSchemas.validateVizi("{not json".getBytes())).singleElement()
			.satisfies((violation) -> assertThat(violation.message()).startsWith("not valid JSON"));
	}

	private static List<String> pointers(List<SchemaViolation> violations) {
		return violations.stream().map(SchemaViolation::pointer).toList();
	}

	private static ObjectNode order(ObjectNode body) {
		return (ObjectNode) body.get("order");
	}

	private static ObjectNode exampleTree() {
		JsonNode tree = EventJson.mapper().readTree(example());
		return (ObjectNode) tree;
	}

	static byte[] example() {
		try (InputStream in = OrderSourceSchemasTest.class.getResourceAsStream("/orders/vizi-order-example.json")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
