package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlRefused;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.Provider;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends through Chatbot Builder: {@code POST {base}/contacts/{phone digits}/send_content}
 * with the Cloud API message object wrapped in {@code messages[]} and the channel's token
 * in {@code X-ACCESS-TOKEN}. CBB answers 200 with {@code success:false} on errors and
 * returns no wamid: statuses are matched to the message later. A contact CBB does not
 * know yet is created first (nothing was sent, so a failure there is never an unknown
 * outcome), then the send is made. A 5xx or no answer to the send leaves its outcome
 * unknown (see {@link CbbResponses}).
 * <p>
 * The base URL is the channel's, which an operator set: before every call it must pass
 * the outbound URL policy (https, no private, loopback, link-local, multicast or metadata
 * address), and the client connects only to addresses the policy allows and follows no
 * redirect. A refusal fails the message at once. Answers are read up to
 * {@code max-answer-size} and within {@code response-timeout}.
 */
@Component
class CbbProvider implements MessageProvider {

	static final String TOKEN_HEADER = "X-ACCESS-TOKEN";

	private final WebClient client;

	private final OutboundUrlPolicy outboundUrls;

	private final Duration answerTimeout;

	CbbProvider(MetaProperties properties, OutboundUrlPolicy outboundUrls,
			ObjectProvider<ObservationRegistry> observations) {
		this.outboundUrls = outboundUrls;
		this.answerTimeout = properties.responseTimeout();
		HttpClient http = outboundUrls.secure(HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.responseTimeout()));
		this.client = WebClient.builder()
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs()
				.maxInMemorySize(Math.toIntExact(properties.maxAnswerSize().toBytes())))
			.build();
	}

	@Override
	public Provider provider() {
		return Provider.CBB;
	}

	@Override
	public Mono<Receipt> send(OutboundMessage message) {
		String contact = message.to().replaceAll("[^0-9]", "");
		return this.outboundUrls.check(apiRoot(message.channel()))
			.onErrorMap(OutboundUrlRefused.class, ProviderException::urlRefused)
			.then(sendContent(message, contact))
			.onErrorResume(ContactMissing.class,
					(missing) -> createContact(message.channel(), contact)
						.onErrorMap((ex) -> !(ex instanceof ProviderException), CbbProvider::contactNotCreated)
						.then(sendContent(message, contact)))
			.onErrorMap((ex) -> !(ex instanceof ProviderException), ProviderException::transportFailure);
	}

	private Mono<Receipt> sendContent(OutboundMessage message, String contact) {
		Map<String, Object> body = Map.of("messages", List.of(message.graphObject()));
		return this.client.post()
			.uri(apiRoot(message.channel()) + "/contacts/{contact}/send_content", contact)
			.header(TOKEN_HEADER, message.channel().accessToken())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> CbbResponses.receipt(response.statusCode().value(), bytes)))
			.timeout(this.answerTimeout);
	}

	private Mono<Void> createContact(Channel channel, String contact) {
		return this.client.post()
			.uri(apiRoot(channel) + "/contacts")
			.header(TOKEN_HEADER, channel.accessToken())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", contact))
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> CbbResponses.created(response.statusCode().value(), bytes)))
			.timeout(this.answerTimeout)
			.then();
	}

	/** Creating the contact failed without an answer: no message went out yet. */
	private static ProviderException contactNotCreated(Throwable ex) {
		ProviderException transport = ProviderException.transportFailure(ex);
		if (transport.outcome() != ProviderException.Outcome.UNKNOWN) {
			return transport;
		}
		return new ProviderException(ProviderException.Outcome.NOT_SENT, null, "CBB contact not created",
				transport.details(), ex);
	}

	/** The API root: {@code .../api}, whether or not the channel's base URL names it. */
	static String apiRoot(Channel channel) {
		String base = channel.baseUrl().replaceAll("/+$", "");
		return base.endsWith("/api") ? base : base + "/api";
	}

	/** CBB does not know the contact yet: nothing was sent. */
	static final class ContactMissing extends RuntimeException {

		ContactMissing() {
			super("CBB contact not found", null, false, false);
		}

	}

}
