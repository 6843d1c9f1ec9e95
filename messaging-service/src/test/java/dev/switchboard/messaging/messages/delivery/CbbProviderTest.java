package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.messaging.messages.delivery.MessageProvider.Receipt;
import dev.switchboard.messaging.messages.delivery.ProviderException.Outcome;
import dev.switchboard.outbound.HostResolver;
import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlProperties;
import dev.switchboard.simulators.CbbContent;
import dev.switchboard.simulators.FaultRule;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The CBB client against the CBB simulator over HTTP: the request it builds (contact
 * path, Cloud API object in {@code messages[]}, the contact created first when CBB does
 * not know it) and what it makes of CBB's answers (its id kept, a refusal final or
 * retryable, a 5xx an unknown outcome).
 */
class CbbProviderTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Simulators simulators;

	private static CbbProvider cbb;

	private static int recipients;

	private String recipient;

	@BeforeAll
	static void start() {
		simulators = Simulators.start(SimulatorOptions.defaults());
		simulators.cbb().metaStatuses(false);
		MetaProperties properties = new MetaProperties("http://localhost:" + simulators.port(), "v23.0",
				Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofKilobytes(256));
		OutboundUrlPolicy policy = new OutboundUrlPolicy(
				new OutboundUrlProperties(true, List.of("localhost:" + simulators.port()), Duration.ofSeconds(30)),
				HostResolver.JDK);
		cbb = new CbbProvider(properties, policy,
				new StaticListableBeanFactory().getBeanProvider(ObservationRegistry.class));
	}

	@AfterAll
	static void stop() {
		simulators.close();
	}

	@BeforeEach
	void newRecipient() {
		simulators.cbb().faults().clear();
		this.recipient = String.format("+97250066%04d", ++recipients);
	}

	@Test
	void aContactCbbDoesNotKnowIsCreatedAndThenSentTheCloudApiObject() {
		long requests = simulators.cbb().requestCount();
		UUID id = UUID.randomUUID();

		Receipt receipt = cbb.send(text(channel("/cbb"), id, "Your order shipped")).block();

		assertThat(receipt.wamid()).isNull();
		assertThat(receipt.providerMessageId()).startsWith("cbb-");
		// The send finds no contact, the contact is created, the send is made again.
		assertThat(simulators.cbb().requestCount() - requests).isEqualTo(3);
		assertThat(simulators.cbb().contact(digits()))
			.hasValueSatisfying((contact) -> assertThat(contact.phone()).isEqualTo(digits()));
		CbbContent sent = lastContent();
		assertThat(sent.contactId()).isEqualTo(digits());
		assertThat(sent.messageId()).isEqualTo(receipt.providerMessageId());
		JsonNode message = JSON.readTree(sent.body()).path("messages").path(0);
		assertThat(message.path("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(message.path("to").asString()).isEqualTo(this.recipient);
		assertThat(message.path("type").asString()).isEqualTo("text");
		assertThat(message.path("text").path("body").asString()).isEqualTo("Your order shipped");
		assertThat(message.path("biz_opaque_callback_data").asString()).isEqualTo("sb:" + id);
	}

	@Test
	void aKnownContactIsSentToInOneRequest() {
		cbb.send(text(channel("/cbb"), UUID.randomUUID(), "First")).block();
		long requests = simulators.cbb().requestCount();

		Receipt second = cbb.send(text(channel("/cbb"), UUID.randomUUID(), "Second")).block();

		assertThat(simulators.cbb().requestCount() - requests).isOne();
		assertThat(lastContent().messageId()).isEqualTo(second.providerMessageId());
		assertThat(simulators.cbb().contacts()).filteredOn((contact) -> contact.id().equals(digits())).hasSize(1);
	}

	@Test
	void theBaseUrlMayNameTheApiRootOrNot() {
		for (String base : List.of("/cbb", "/cbb/", "/cbb/api", "/cbb/api//")) {
			assertThat(cbb.send(text(channel(base), UUID.randomUUID(), "Hi")).block().providerMessageId()).as(base)
				.startsWith("cbb-");
		}
	}

	@Test
	void aMetaErrorCbbPassesOnIsAFinalRefusalWithItsCode() {
		simulators.cbb().faults().add(FaultRule.metaError(131026).forRecipient(digits()));

		ProviderException refused = failure(text(channel("/cbb"), UUID.randomUUID(), "Hi"));

		assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(refused.code()).isEqualTo(131026);
		assertThat(ErrorCatalog.isTransient(refused.code())).isFalse();
	}

	@Test
	void aRefusalWithoutMetaCodeIsFinal() {
		simulators.cbb().faults().add(FaultRule.cbbFailure().forRecipient(digits()));

		ProviderException refused = failure(text(channel("/cbb"), UUID.randomUUID(), "Hi"));

		assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(refused.code()).isNull();
		assertThat(refused.title()).isEqualTo("CBB refused the message");
		assertThat(refused.details()).isEqualTo("Simulated CBB failure");
	}

	@Test
	void tooManyRequestsSentNothingAndMayBeRetried() {
		simulators.cbb().faults().add(FaultRule.httpError(429).forRecipient(digits()));

		ProviderException refused = failure(text(channel("/cbb"), UUID.randomUUID(), "Hi"));

		assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(ErrorCatalog.isTransient(refused.code())).isTrue();
	}

	@Test
	void aServerErrorToTheSendLeavesTheOutcomeUnknown() {
		cbb.send(text(channel("/cbb"), UUID.randomUUID(), "Known contact")).block();
		simulators.cbb().faults().add(FaultRule.httpError(503).forRecipient(digits()));

		ProviderException unknown = failure(text(channel("/cbb"), UUID.randomUUID(), "Hi"));

		assertThat(unknown.outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(unknown.title()).isEqualTo("CBB answered HTTP 503");
	}

	@Test
	void anAnswerOfTheWrongShapeLeavesTheOutcomeUnknown() {
		simulators.cbb().faults().add(FaultRule.hostileAnswer().forRecipient(digits()));

		assertThat(failure(text(channel("/cbb"), UUID.randomUUID(), "Hi")).outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void aHostThePolicyDoesNotAllowIsRefusedWithoutARequest() {
		long requests = simulators.cbb().requestCount();
		Channel elsewhere = new Channel("demo", "demo-cbb", Provider.CBB, "100000000000001", "cbb-token",
				"http://127.0.0.1:" + simulators.port() + "/cbb", null);

		ProviderException refused = failure(text(elsewhere, UUID.randomUUID(), "Hi"));

		assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(refused.title()).isEqualTo("Channel URL refused");
		assertThat(simulators.cbb().requestCount()).isEqualTo(requests);
	}

	@Test
	void theApiRootIsFoundWhateverTheBaseUrlEndsWith() {
		assertThat(CbbProvider.apiRoot(channel("/cbb"))).endsWith("/cbb/api");
		assertThat(CbbProvider.apiRoot(channel("/cbb/api"))).endsWith("/cbb/api");
		assertThat(CbbProvider.apiRoot(channel("/cbb/api///"))).endsWith("/cbb/api");
		assertThat(CbbProvider.apiRoot(channel("/cbb/apis"))).endsWith("/cbb/apis/api");
	}

	private String digits() {
		return this.recipient.substring(1);
	}

	private static Channel channel(String path) {
		return new Channel("demo", "demo-cbb", Provider.CBB, "100000000000001", "cbb-token",
				"http://localhost:" + simulators.port() + path, null);
	}

	private OutboundMessage text(Channel channel, UUID id, String body) {
		return new OutboundMessage(channel, id, this.recipient, "text", Map.of("preview_url", false, "body", body),
				null);
	}

	private static CbbContent lastContent() {
		List<CbbContent> contents = simulators.cbb().sentContents();
		return contents.get(contents.size() - 1);
	}

	private static ProviderException failure(OutboundMessage message) {
		return catchThrowableOfType(ProviderException.class, () -> cbb.send(message).block(Duration.ofSeconds(20)));
	}

}
