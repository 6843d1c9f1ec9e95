package dev.switchboard.messaging.messages.delivery;

import java.util.Map;

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
 * Sends through Meta's WhatsApp Cloud API: {@code POST
 * {base}/{version}/{phone_number_id}/messages} with the channel's access token. A 200
 * carries the wamid (accepted, not yet sent); an error carries Meta's code, title and
 * details. The Graph API's address is operator configuration; its answers are still read
 * only up to {@code max-answer-size} and within {@code response-timeout}, redirects are
 * not followed, and an accepted send must carry a well-formed wamid.
 */
@Component
class MetaGraphProvider implements MessageProvider {

	private final WebClient client;

	private final MetaProperties properties;

	MetaGraphProvider(MetaProperties properties, ObjectProvider<ObservationRegistry> observations) {
		this.properties = properties;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.responseTimeout())
			.followRedirect(false);
		this.client = WebClient.builder()
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs()
				.maxInMemorySize(Math.toIntExact(properties.maxAnswerSize().toBytes())))
			.build();
	}

	@Override
	public Provider provider() {
		return Provider.META;
	}

	@Override
	public Mono<Receipt> send(OutboundMessage message) {
		Map<String, Object> body = message.graphObject();
		String base = (message.channel().baseUrl() != null) ? message.channel().baseUrl()
				: this.properties.graphBaseUrl();
		return this.client.post()
			.uri(base + "/{version}/{phoneNumberId}/messages", this.properties.apiVersion(),
					message.channel().phoneNumberId())
			.headers((headers) -> headers.setBearerAuth(message.channel().accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new Receipt(MetaResponses.wamid(response.statusCode().value(), bytes), null)))
			.timeout(this.properties.responseTimeout())
			.onErrorMap((ex) -> !(ex instanceof ProviderException), ProviderException::transportFailure);
	}

	/**
	 * Marks a customer's message, and every earlier one of the chat, read: {@code POST
	 * {base}/{version}/{phone_number_id}/messages}
	 * {@code {"messaging_product":"whatsapp","status":"read","message_id":"<wamid>"}},
	 * answered {@code {"success":true}}.
	 */
	Mono<Void> markRead(Channel channel, String wamid) {
		String base = (channel.baseUrl() != null) ? channel.baseUrl() : this.properties.graphBaseUrl();
		return this.client.post()
			.uri(base + "/{version}/{phoneNumberId}/messages", this.properties.apiVersion(), channel.phoneNumberId())
			.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("messaging_product", "whatsapp", "status", "read", "message_id", wamid))
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.doOnNext((bytes) -> MetaResponses.markedRead(response.statusCode().value(), bytes)))
			.timeout(this.properties.responseTimeout())
			.onErrorMap((ex) -> !(ex instanceof ProviderException), ProviderException::transportFailure)
			.then();
	}

}
