package dev.switchboard.messaging.messages.send;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.messaging.messages.delivery.MessageProviders;
import dev.switchboard.messaging.messages.send.AcceptedMessages.Earlier;
import dev.switchboard.messaging.messages.send.AcceptedMessages.NewMessage;
import dev.switchboard.messaging.messages.send.MessageAcceptance.Accepted;
import dev.switchboard.messaging.messages.send.MessageAcceptance.Outcome;
import dev.switchboard.messaging.messages.send.SendRequests.ValidSend;
import dev.switchboard.messaging.templates.TemplateCheck;
import dev.switchboard.messaging.templates.TemplateDecision;
import dev.switchboard.messaging.windows.ServiceWindows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * Accepting a message, without a database: which channel it goes through (the tenant's
 * own only), when the customer-service window refuses it before anything is stored, what
 * is stored with its send command, and how a repeated idempotency key is answered.
 */
class MessageAcceptanceTest {

	private static final String TENANT = "demo";

	private static final String TO = "+972500000001";

	private static final Channel META = new Channel(TENANT, "demo-meta", Provider.META, "100000000000001", "token",
			null, null);

	private static final Channel CBB = new Channel(TENANT, "demo-cbb", Provider.CBB, "100000000000001", "token",
			"https://cbb.example/api", null);

	private static final Channel OTHER_TENANTS = new Channel("acme", "acme-meta", Provider.META, "100000000000002",
			"token", null, null);

	private final ChannelDirectory channels = mock(ChannelDirectory.class);

	private final MessageProviders providers = mock(MessageProviders.class);

	private final AcceptedMessages messages = mock(AcceptedMessages.class);

	private final Outbox outbox = mock(Outbox.class);

	private final ServiceWindows windows = mock(ServiceWindows.class);

	private final TransactionalOperator transactions = mock(TransactionalOperator.class);

	private final TemplateCheck templates = mock(TemplateCheck.class);

	private MessageAcceptance acceptance;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void acceptance() {
		List<Channel> known = List.of(META, CBB, OTHER_TENANTS);
		when(this.channels.find(anyString(), any())).thenAnswer((invocation) -> {
			String tenant = invocation.getArgument(0);
			String channelId = invocation.getArgument(1);
			return known.stream()
				.filter((channel) -> channel.tenantId().equals(tenant))
				.filter((channel) -> channelId == null || channel.channelId().equals(channelId))
				.findFirst();
		});
		when(this.providers.supports(Provider.META)).thenReturn(true);
		when(this.outbox.source()).thenReturn(URI.create("urn:switchboard:messaging-service"));
		when(this.outbox.append(any(), anyString())).thenReturn(Mono.empty());
		when(this.outbox.appendAll(anyList())).thenReturn(Mono.empty());
		when(this.transactions.transactional(any(Mono.class))).thenAnswer((invocation) -> invocation.getArgument(0));
		when(this.windows.isOpen(anyString(), anyString(), anyString())).thenReturn(Mono.just(true));
		when(this.templates.check(anyString(), any(), any()))
			.thenAnswer((invocation) -> Mono.just(TemplateDecision.send(invocation.getArgument(2))));
		this.acceptance = new MessageAcceptance(this.channels, this.providers, this.messages, this.outbox, this.windows,
				this.transactions, this.templates);
	}

	@Test
	void aNewMessageIsStoredAcceptedWithItsSendCommandKeyedByChannel() {
		when(this.messages.insert(any())).thenReturn(Mono.just(true));

		Accepted accepted = this.acceptance.accept(TENANT, text(null, null), "correlation-1").block();

		ArgumentCaptor<NewMessage> stored = ArgumentCaptor.forClass(NewMessage.class);
		verify(this.messages).insert(stored.capture());
		assertThat(accepted).isEqualTo(new Accepted(stored.getValue().id(), "accepted", false));
		assertThat(stored.getValue().channelId()).isEqualTo("demo-meta");
		assertThat(stored.getValue().provider()).isEqualTo("META");
		assertThat(stored.getValue().correlationId()).isEqualTo("correlation-1");
		EventEnvelope<SendMessageCommand> command = sentCommand("demo:demo-meta");
		assertThat(command.type()).isEqualTo(EventType.MESSAGE_SEND_REQUESTED_V1);
		assertThat(command.subject()).isEqualTo(stored.getValue().id().toString());
		assertThat(command.tenantId()).isEqualTo(TENANT);
		assertThat(command.correlationId()).isEqualTo("correlation-1");
		assertThat(command.data().to()).isEqualTo(TO);
		assertThat(command.data().phoneNumberId()).isEqualTo("100000000000001");
	}

	@Test
	void anUnknownChannelIsRefusedNamingIt() {
		assertProblem(() -> this.acceptance.accept(TENANT, text("demo-missing", null), null), "UNKNOWN_CHANNEL",
				"The tenant has no channel 'demo-missing'");
		verifyNoInteractions(this.messages, this.outbox);
	}

	@Test
	void anotherTenantsChannelIsUnknown() {
		assertProblem(() -> this.acceptance.accept(TENANT, text("acme-meta", null), null), "UNKNOWN_CHANNEL",
				"The tenant has no channel 'acme-meta'");
		verifyNoInteractions(this.messages, this.outbox);
	}

	@Test
	void aTenantWithoutChannelsIsToldSo() {
		assertProblem(() -> this.acceptance.accept("nobody", text(null, null), null), "UNKNOWN_CHANNEL",
				"The tenant has no channel to send through");
	}

	@Test
	void aChannelOnAProviderWithoutAdapterIsNotSupported() {
		assertProblem(() -> this.acceptance.accept(TENANT, text("demo-cbb", null), null), "CHANNEL_NOT_SUPPORTED",
				"Channel 'demo-cbb' uses a provider this service cannot send through yet");
		verifyNoInteractions(this.messages, this.outbox);
	}

	@Test
	void aFreeFormMessageOutsideTheWindowIsRefusedBeforeAnythingIsStored() {
		when(this.windows.isOpen(TENANT, "100000000000001", TO)).thenReturn(Mono.just(false));

		assertProblem(() -> this.acceptance.accept(TENANT, text(null, null), null), "OUTSIDE_SERVICE_WINDOW",
				"More than 24 hours have passed since the contact last wrote: only a template can reach them now");
		verifyNoInteractions(this.messages, this.outbox);
	}

	@Test
	void aTemplateNeedsNoWindow() {
		when(this.windows.isOpen(anyString(), anyString(), anyString())).thenReturn(Mono.just(false));
		when(this.messages.insert(any())).thenReturn(Mono.just(true));

		ValidSend template = new ValidSend(TO, null, "template", null,
				Map.of("name", "order_update", "language", Map.of("code", "en")), null, null);
		assertThat(this.acceptance.accept(TENANT, template, null).block().status()).isEqualTo("accepted");
		verifyNoInteractions(this.windows);
	}

	@Test
	void aRefusedTemplateIsAnsweredWithItsCodeBeforeAnythingIsStored() {
		when(this.templates.check(anyString(), any(), any())).thenReturn(Mono.just(TemplateDecision
			.refuse("TEMPLATE_PAUSED", "Template 'order_update' (en) is PAUSED", Map.of("status", "PAUSED"))));

		assertProblem(() -> this.acceptance.accept(TENANT, template(null), null), "TEMPLATE_PAUSED",
				"Template 'order_update' (en) is PAUSED");
		List<Outcome> batch = this.acceptance.acceptAll(TENANT, List.of(template(null)), null).block();
		assertThat(batch.get(0).refused().code()).isEqualTo("TEMPLATE_PAUSED");
		verifyNoInteractions(this.messages, this.outbox);
	}

	@Test
	void aTemplatesFallbackIsStoredAndSentInItsPlace() {
		Map<String, Object> fallback = Map.of("name", "order_update_basic", "language", Map.of("code", "en"));
		when(this.templates.check(anyString(), any(), any()))
			.thenReturn(Mono.just(TemplateDecision.fallback(fallback, "order_update")));
		when(this.messages.insert(any())).thenReturn(Mono.just(true));

		this.acceptance.accept(TENANT, template(null), null).block();

		ArgumentCaptor<NewMessage> stored = ArgumentCaptor.forClass(NewMessage.class);
		verify(this.messages).insert(stored.capture());
		assertThat(stored.getValue().content()).isEqualTo(fallback);
		assertThat(stored.getValue().requestHash()).isEqualTo(hashOf(template(null)));
		assertThat(sentCommand("demo:demo-meta").data().content()).isEqualTo(fallback);
	}

	@Test
	void aRepeatOfARequestWhoseTemplateWasPausedSinceIsAnsweredWithTheFirstMessage() {
		UUID first = UUID.randomUUID();
		when(this.templates.check(anyString(), any(), any()))
			.thenReturn(Mono.just(TemplateDecision.refuse("TEMPLATE_PAUSED", "paused", Map.of())));
		when(this.messages.findByIdempotencyKey(TENANT, "key-1"))
			.thenReturn(Mono.just(new Earlier(first, hashOf(template("key-1")), "read")));

		assertThat(this.acceptance.accept(TENANT, template("key-1"), null).block())
			.isEqualTo(new Accepted(first, "read", true));
		verify(this.messages, never()).insert(any());
	}

	@Test
	void aRepeatedKeyForTheSameRequestAnswersTheFirstMessageAndStoresNothingMore() {
		UUID first = UUID.randomUUID();
		ValidSend send = text(null, "key-1");
		when(this.messages.insert(any())).thenReturn(Mono.just(false));
		when(this.messages.findByIdempotencyKey(TENANT, "key-1"))
			.thenReturn(Mono.just(new Earlier(first, hashOf(send), "delivered")));

		assertThat(this.acceptance.accept(TENANT, send, null).block())
			.isEqualTo(new Accepted(first, "delivered", true));
		verify(this.outbox, never()).append(any(), anyString());
	}

	@Test
	void aRepeatedKeyForAnotherRequestIsAReuse() {
		when(this.messages.insert(any())).thenReturn(Mono.just(false));
		when(this.messages.findByIdempotencyKey(TENANT, "key-1"))
			.thenReturn(Mono.just(new Earlier(UUID.randomUUID(), "another request", "accepted")));

		assertProblem(() -> this.acceptance.accept(TENANT, text(null, "key-1"), null), "IDEMPOTENCY_KEY_REUSED",
				"The Idempotency-Key was already used for a different message");
		verify(this.outbox, never()).append(any(), anyString());
	}

	@Test
	void aRepeatOutsideTheWindowIsStillAnsweredWithTheFirstMessage() {
		UUID first = UUID.randomUUID();
		ValidSend send = text(null, "key-1");
		when(this.windows.isOpen(anyString(), anyString(), anyString())).thenReturn(Mono.just(false));
		when(this.messages.findByIdempotencyKey(TENANT, "key-1"))
			.thenReturn(Mono.just(new Earlier(first, hashOf(send), "read")));

		assertThat(this.acceptance.accept(TENANT, send, null).block()).isEqualTo(new Accepted(first, "read", true));
		verify(this.messages, never()).insert(any());
	}

	@Test
	void aNewKeyOutsideTheWindowIsRefused() {
		when(this.windows.isOpen(anyString(), anyString(), anyString())).thenReturn(Mono.just(false));
		when(this.messages.findByIdempotencyKey(TENANT, "key-1")).thenReturn(Mono.empty());

		assertProblem(() -> this.acceptance.accept(TENANT, text(null, "key-1"), null), "OUTSIDE_SERVICE_WINDOW",
				"More than 24 hours have passed since the contact last wrote: only a template can reach them now");
		verify(this.messages, never()).insert(any());
	}

	@Test
	void aBatchStoresItsItemsWithoutKeysTogetherAndAnswersEachInOrder() {
		UUID keyed = UUID.randomUUID();
		when(this.messages.insert(any())).thenReturn(Mono.just(false));
		when(this.messages.findByIdempotencyKey(TENANT, "key-1"))
			.thenReturn(Mono.just(new Earlier(keyed, hashOf(text(null, "key-1")), "sent")));
		when(this.messages.insertAll(anyList())).thenReturn(Mono.empty());
		when(this.windows.isOpen(TENANT, "100000000000001", "+972500000009")).thenReturn(Mono.just(false));

		List<Outcome> outcomes = this.acceptance
			.acceptAll(TENANT, List.of(text(null, null), text(null, "key-1"), text("acme-meta", null),
					textTo("+972500000009"), text(null, null)), null)
			.block();

		assertThat(outcomes).hasSize(5);
		assertThat(outcomes.get(0).accepted().status()).isEqualTo("accepted");
		assertThat(outcomes.get(1).accepted()).isEqualTo(new Accepted(keyed, "sent", true));
		assertThat(outcomes.get(2).refused().code()).isEqualTo("UNKNOWN_CHANNEL");
		assertThat(outcomes.get(3).refused().code()).isEqualTo("OUTSIDE_SERVICE_WINDOW");
		assertThat(outcomes.get(4).accepted().status()).isEqualTo("accepted");
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.toStore()).isNull());
		@SuppressWarnings("unchecked")
		ArgumentCaptor<List<NewMessage>> stored = ArgumentCaptor.forClass(List.class);
		verify(this.messages).insertAll(stored.capture());
		assertThat(stored.getValue()).extracting(NewMessage::id)
			.containsExactly(outcomes.get(0).accepted().id(), outcomes.get(4).accepted().id());
		@SuppressWarnings("unchecked")
		ArgumentCaptor<List<Outbox.Append>> commands = ArgumentCaptor.forClass(List.class);
		verify(this.outbox).appendAll(commands.capture());
		assertThat(commands.getValue()).extracting(Outbox.Append::key)
			.containsExactly("demo:demo-meta", "demo:demo-meta");
	}

	@Test
	void aBatchWhoseItemsAreAllRefusedStoresNothing() {
		List<Outcome> outcomes = this.acceptance
			.acceptAll(TENANT, List.of(text("acme-meta", null), text("demo-cbb", null)), null)
			.block();

		assertThat(outcomes).extracting((outcome) -> outcome.refused().code())
			.containsExactly("UNKNOWN_CHANNEL", "CHANNEL_NOT_SUPPORTED");
		verifyNoInteractions(this.messages, this.outbox);
	}

	@Test
	void aKeyedBatchItemForAnUnknownOrUnsupportedChannelIsRefusedOnItsOwn() {
		when(this.messages.insertAll(anyList())).thenReturn(Mono.empty());

		List<Outcome> outcomes = this.acceptance
			.acceptAll(TENANT, List.of(text("acme-meta", "key-1"), text("demo-cbb", "key-2"), text(null, null)), null)
			.block();

		assertThat(outcomes.get(0).refused().code()).isEqualTo("UNKNOWN_CHANNEL");
		assertThat(outcomes.get(1).refused().code()).isEqualTo("CHANNEL_NOT_SUPPORTED");
		assertThat(outcomes.get(2).accepted().status()).isEqualTo("accepted");
	}

	@Test
	void anUnknownChannelIsRefusedAsTheErrorSignalNotThrown() {
		Mono<Accepted> accepted = this.acceptance.accept(TENANT, text("acme-meta", null), null);

		StepVerifier.create(accepted).expectError(ApiProblem.class).verify();
	}

	@Test
	void aCommandIsStoredUnderItsIdWithItsRecipientInE164() {
		UUID id = UUID.randomUUID();
		when(this.messages.insert(any())).thenReturn(Mono.just(true));

		assertThat(this.acceptance.acceptCommand(command("972500000001", null), id, "order-7", META).block())
			.isEqualTo(id);
		ArgumentCaptor<NewMessage> stored = ArgumentCaptor.forClass(NewMessage.class);
		verify(this.messages).insert(stored.capture());
		assertThat(stored.getValue().id()).isEqualTo(id);
		assertThat(stored.getValue().recipient()).isEqualTo(TO);
		assertThat(stored.getValue().clientMessageId()).isEqualTo("order-7");
		assertThat(stored.getValue().content()).isEqualTo(Map.of("preview_url", false, "body", "Your order"));
		verifyNoInteractions(this.outbox);
	}

	@Test
	void aRepeatedCommandNamesTheMessageItsKeyFirstNamed() {
		UUID id = UUID.randomUUID();
		UUID first = UUID.randomUUID();
		when(this.messages.insert(any())).thenReturn(Mono.just(false));
		when(this.messages.exists(TENANT, id)).thenReturn(Mono.just(false));
		when(this.messages.findByIdempotencyKey(TENANT, "order-7-confirmation"))
			.thenReturn(Mono.just(new Earlier(first, "hash", "sent")));

		assertThat(this.acceptance.acceptCommand(command(TO, "order-7-confirmation"), id, null, META).block())
			.isEqualTo(first);
	}

	@Test
	void aRedeliveredCommandKeepsItsOwnId() {
		UUID id = UUID.randomUUID();
		when(this.messages.insert(any())).thenReturn(Mono.just(false));
		when(this.messages.exists(TENANT, id)).thenReturn(Mono.just(true));

		assertThat(this.acceptance.acceptCommand(command(TO, "order-7-confirmation"), id, null, META).block())
			.isEqualTo(id);
		verify(this.messages, never()).findByIdempotencyKey(anyString(), anyString());
	}

	@Test
	void aRepeatedCommandWithoutKeyKeepsItsId() {
		UUID id = UUID.randomUUID();
		when(this.messages.insert(any())).thenReturn(Mono.just(false));

		assertThat(this.acceptance.acceptCommand(command(TO, null), id, null, META).block()).isEqualTo(id);
		verify(this.messages, never()).exists(anyString(), eq(id));
	}

	private static ValidSend template(String idempotencyKey) {
		return new ValidSend(TO, null, "template", null,
				Map.of("name", "order_update", "language", Map.of("code", "en")), null, idempotencyKey);
	}

	private static ValidSend text(String channelId, String idempotencyKey) {
		return new ValidSend(TO, channelId, "text", "Hello", Map.of("preview_url", false, "body", "Hello"), null,
				idempotencyKey);
	}

	private static ValidSend textTo(String to) {
		return new ValidSend(to, null, "text", "Hello", Map.of("preview_url", false, "body", "Hello"), null, null);
	}

	private static String hashOf(ValidSend send) {
		return RequestFingerprint.of("demo-meta", send.to(), send.type(), send.content(), send.replyTo());
	}

	private static EventEnvelope<SendMessageCommand> command(String to, String idempotencyKey) {
		SendMessageCommand command = new SendMessageCommand("order-7", "demo-meta", "100000000000001", to, "text",
				"Your order", idempotencyKey);
		return new EventEnvelope<>(EventEnvelope.randomId(), EventType.MESSAGE_SEND_REQUESTED_V1,
				URI.create("urn:switchboard:order-service"), Instant.now(), "order-7", TENANT, null, null, command);
	}

	@SuppressWarnings("unchecked")
	private EventEnvelope<SendMessageCommand> sentCommand(String key) {
		ArgumentCaptor<EventEnvelope<?>> event = ArgumentCaptor.forClass(EventEnvelope.class);
		verify(this.outbox).append(event.capture(), eq(key));
		return (EventEnvelope<SendMessageCommand>) event.getValue();
	}

	/** The acceptance fails with the problem (thrown, or as the error signal). */
	private static void assertProblem(Supplier<Mono<?>> accepted, String code, String detail) {
		StepVerifier.create(Mono.defer(accepted)).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(ApiProblem.class).hasMessage(detail);
			assertThat(((ApiProblem) ex).code()).isEqualTo(code);
			assertThat(((ApiProblem) ex).status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		}).verify();
	}

}
