package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.simulators.SimulatorOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tenant's tag catalogue on the real database: supervisors, admins and integrations
 * manage it, everyone reads it; conversations carry catalogue tags only (any case in, the
 * catalogue's spelling out; {@code 422 UNKNOWN_TAG} otherwise), a tag added or removed
 * twice changes nothing the second time, a renamed or deleted tag changes the
 * conversations carrying it, and another tenant's tags are missing ones.
 */
class TagCatalogueIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private InboxApi inbox;

	private String tenant;

	private String integration;

	@BeforeEach
	void tenant() {
		this.inbox = new InboxApi(this.port, events);
		this.tenant = "tags-" + System.nanoTime();
		this.integration = InboxApi.integration(this.tenant);
	}

	@Test
	void supervisorsManageTheCatalogueAndEveryoneReadsIt() {
		String agent = InboxApi.agentToken(this.tenant, agent("AGENT"), "AGENT");
		String supervisor = InboxApi.agentToken(this.tenant, agent("SUPERVISOR"), "SUPERVISOR");
		forbidden(this.inbox.call(agent, HttpMethod.POST, "/api/v1/tags", Map.of("name", "Visa")));
		Map<String, Object> visa = created(this.inbox.call(supervisor, HttpMethod.POST, "/api/v1/tags",
				Map.of("name", " Visa ", "description", "Visa questions", "color", "#AA00ff")));
		assertThat(visa).containsEntry("name", "Visa")
			.containsEntry("description", "Visa questions")
			.containsEntry("color", "#aa00ff");
		String visaId = (String) visa.get("id");
		created(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/tags", Map.of("name", "billing")));

		// Names are unique whatever their case; the fields are checked.
		this.inbox.call(supervisor, HttpMethod.POST, "/api/v1/tags", Map.of("name", "VISA"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TAG_NAME_TAKEN");
		invalid(this.inbox.call(supervisor, HttpMethod.POST, "/api/v1/tags", Map.of("name", "Red", "color", "red")),
				"color");
		invalid(this.inbox.call(supervisor, HttpMethod.POST, "/api/v1/tags", Map.of("description", "no name")), "name");
		invalid(this.inbox.call(supervisor, HttpMethod.POST, "/api/v1/tags", Map.of("name", "x".repeat(51))), "name");
		invalid(this.inbox.call(supervisor, HttpMethod.PATCH, "/api/v1/tags/{id}", Map.of("colour", "#000000"), visaId),
				"colour");

		// Everyone reads; only supervisors, admins and integrations change.
		assertThat(names(this.inbox.json(this.inbox.call(agent, HttpMethod.GET, "/api/v1/tags", null))))
			.containsExactly("billing", "Visa");
		assertThat(this.inbox.json(this.inbox.call(agent, HttpMethod.GET, "/api/v1/tags/{id}", null, visaId)))
			.containsEntry("name", "Visa");
		forbidden(this.inbox.call(agent, HttpMethod.PATCH, "/api/v1/tags/{id}", Map.of("color", "#000000"), visaId));
		forbidden(this.inbox.call(agent, HttpMethod.DELETE, "/api/v1/tags/{id}", null, visaId));
		assertThat(this.inbox.json(
				this.inbox.call(supervisor, HttpMethod.PATCH, "/api/v1/tags/{id}", Map.of("color", "#000000"), visaId)))
			.containsEntry("color", "#000000")
			.containsEntry("description", "Visa questions")
			.containsEntry("version", 1);

		// Another tenant's tag is a missing one.
		String acme = InboxApi.integration(this.tenant + "-other");
		List.of(this.inbox.call(acme, HttpMethod.GET, "/api/v1/tags/{id}", null, visaId),
				this.inbox.call(acme, HttpMethod.PATCH, "/api/v1/tags/{id}", Map.of("name", "Mine"), visaId),
				this.inbox.call(acme, HttpMethod.DELETE, "/api/v1/tags/{id}", null, visaId),
				this.inbox.call(acme, HttpMethod.GET, "/api/v1/tags/not-a-uuid", null))
			.forEach((call) -> call.expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND"));
		assertThat(names(this.inbox.json(this.inbox.call(acme, HttpMethod.GET, "/api/v1/tags", null)))).isEmpty();
		assertThat(this.inbox.json(this.inbox.call(agent, HttpMethod.GET, "/api/v1/tags/{id}", null, visaId)))
			.containsEntry("name", "Visa");
	}

	@Test
	void conversationsCarryCatalogueTagsInItsSpellingAndFollowItsRenamesAndDeletions() {
		String visaId = (String) created(
				this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/tags", Map.of("name", "Visa")))
			.get("id");
		String vipId = (String) created(
				this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/tags", Map.of("name", "VIP")))
			.get("id");
		String id = conversation("972500088001");

		Map<String, Object> tagged = this.inbox.json(this.inbox.call(this.integration, HttpMethod.PATCH,
				"/api/v1/conversations/{id}", Map.of("tags", List.of("visa", "vip", "VISA")), id));
		assertThat(tagged.get("tags")).isEqualTo(List.of("Visa", "VIP"));
		this.inbox
			.call(this.integration, HttpMethod.PATCH, "/api/v1/conversations/{id}",
					Map.of("tags", List.of("visa", "Urgent")), id)
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNKNOWN_TAG")
			.jsonPath("$.tag")
			.isEqualTo("Urgent");
		assertThat(view(id).get("tags")).isEqualTo(List.of("Visa", "VIP"));
		// The list filter reads any case.
		assertThat(ids("/api/v1/conversations?tag=VISA")).containsExactly(id);
		assertThat(ids("/api/v1/conversations?tag=vip")).containsExactly(id);

		// One tag added or removed; twice changes nothing the second time.
		Map<String, Object> removed = this.inbox.json(this.inbox.call(this.integration, HttpMethod.DELETE,
				"/api/v1/conversations/{id}/tags/{name}", null, id, "vip"));
		assertThat(removed.get("tags")).isEqualTo(List.of("Visa"));
		assertThat(this.inbox.json(this.inbox.call(this.integration, HttpMethod.DELETE,
				"/api/v1/conversations/{id}/tags/{name}", null, id, "vip")))
			.containsEntry("tags", List.of("Visa"))
			.containsEntry("version", removed.get("version"));
		Map<String, Object> added = this.inbox.json(this.inbox.call(this.integration, HttpMethod.POST,
				"/api/v1/conversations/{id}/tags", Map.of("name", "vip"), id));
		assertThat(added.get("tags")).isEqualTo(List.of("Visa", "VIP"));
		assertThat(this.inbox.json(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/conversations/{id}/tags",
				Map.of("name", "Vip"), id)))
			.containsEntry("tags", List.of("Visa", "VIP"))
			.containsEntry("version", added.get("version"));
		assertThat(timeline(id)).filteredOn((entry) -> "TAGS_CHANGED".equals(entry.get("activity"))).hasSize(3);
		this.inbox
			.call(this.integration, HttpMethod.POST, "/api/v1/conversations/{id}/tags", Map.of("name", "nope"), id)
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNKNOWN_TAG");

		// Renamed in the catalogue: the conversation carries the new name; deleted: it
		// loses it, each recorded in its timeline.
		this.inbox.json(this.inbox.call(this.integration, HttpMethod.PATCH, "/api/v1/tags/{id}",
				Map.of("name", "Visas"), visaId));
		assertThat(view(id).get("tags")).isEqualTo(List.of("Visas", "VIP"));
		this.inbox.call(this.integration, HttpMethod.DELETE, "/api/v1/tags/{id}", null, vipId)
			.expectStatus()
			.isNoContent();
		assertThat(view(id).get("tags")).isEqualTo(List.of("Visas"));
		this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/tags/{id}", null, vipId).expectStatus().isNotFound();
		assertThat(timeline(id)).filteredOn((entry) -> "TAGS_CHANGED".equals(entry.get("activity")))
			.extracting((entry) -> (Object) ((Map<?, ?>) entry.get("details")).get("reason"))
			.contains("TAG_RENAMED", "TAG_DELETED");
		// Another tenant's catalogue names nothing here.
		created(this.inbox.call(InboxApi.integration(this.tenant + "-other"), HttpMethod.POST, "/api/v1/tags",
				Map.of("name", "Theirs")));
		this.inbox
			.call(this.integration, HttpMethod.PATCH, "/api/v1/conversations/{id}", Map.of("tags", List.of("Theirs")),
					id)
			.expectStatus()
			.isEqualTo(422);
	}

	private String agent(String role) {
		return (String) created(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/agents",
				Map.of("name", role + " " + System.nanoTime(), "role", role)))
			.get("id");
	}

	/** A conversation of the tenant, opened by a customer message. */
	private String conversation(String from) {
		this.inbox.publish(InboxApi.event(this.tenant,
				new WaInboundMessage(SimulatorOptions.DEMO_PHONE_NUMBER_ID, SimulatorOptions.DEFAULT_WABA_ID,
						SimulatorOptions.DEMO_DISPLAY_PHONE_NUMBER, "wamid.TAGS." + System.nanoTime(), from, null,
						"Ana", Instant.now(), "text", null, null, Map.of("body", "Hello"), "Hello", null, null)));
		return (String) await().atMost(PATIENCE)
			.until(() -> (List<?>) this.inbox
				.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations", null))
				.get("items"), (items) -> items.size() == 1)
			.stream()
			.map((item) -> ((Map<?, ?>) item).get("id"))
			.findFirst()
			.orElseThrow();
	}

	private Map<String, Object> view(String id) {
		return this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations/{id}", null, id));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> timeline(String id) {
		return (List<Map<String, Object>>) this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations/{id}/messages", null, id))
			.get("items");
	}

	private List<Object> ids(String path) {
		return ((List<?>) this.inbox.json(this.inbox.call(this.integration, HttpMethod.GET, path, null)).get("items"))
			.stream()
			.map((item) -> ((Map<?, ?>) item).get("id"))
			.map(Object.class::cast)
			.toList();
	}

	private static List<Object> names(Map<String, Object> page) {
		return ((List<?>) page.get("items")).stream().map((item) -> (Object) ((Map<?, ?>) item).get("name")).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> created(WebTestClient.ResponseSpec call) {
		return call.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

	private static void forbidden(WebTestClient.ResponseSpec call) {
		call.expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("INSUFFICIENT_ROLE");
	}

	private static void invalid(WebTestClient.ResponseSpec call, String field) {
		call.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

}
