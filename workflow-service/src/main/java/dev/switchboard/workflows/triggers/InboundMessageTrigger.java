package dev.switchboard.workflows.triggers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.boot.EventConsumers;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.tenants.TenantDirectory;
import dev.switchboard.workflows.definitions.TriggerSpec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Inbound WhatsApp messages start {@code inbound_message} workflows whose keywords (whole
 * words, any case) or regular expression match the message's text. The run's trigger data
 * is the message with the {@code channelId} it arrived on, so a reply step needs no
 * channel of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "switchboard.workflows.event-triggers.enabled", matchIfMissing = true)
class InboundMessageTrigger {

	static final String GROUP = "workflow-service.inbound-triggers";

	/**
	 * Characters of a message's text that keywords and expressions are matched against.
	 */
	static final int MATCHED_LENGTH = 4096;

	/**
	 * Marks a cached keyword pattern apart from a regular expression of the same text.
	 */
	private static final String WHOLE_WORD = "\u0000keyword:";

	/** Keywords and expressions compiled once, not once per message. */
	private static final Cache<String, Pattern> PATTERNS = Caffeine.newBuilder().maximumSize(10_000).build();

	@Bean
	EventConsumer<WaInboundMessage> inboundMessageTriggerConsumer(EventConsumers consumers, EventTriggers triggers,
			EventTriggerProperties properties, ObjectProvider<TenantDirectory> tenants) {
		return consumers.builder(Topic.WA_INBOUND, GROUP, WaInboundMessage.class)
			.concurrencyPerPartition(properties.eventsInFlightPerPartition())
			.handler((consumed) -> {
				WaInboundMessage message = consumed.event().data();
				if (message.text() == null || message.text().isBlank()) {
					return reactor.core.publisher.Mono.empty();
				}
				String text = (message.text().length() > MATCHED_LENGTH) ? message.text().substring(0, MATCHED_LENGTH)
						: message.text();
				Map<String, Object> extra = new HashMap<>();
				TenantDirectory directory = tenants.getIfAvailable();
				if (directory != null && message.phoneNumberId() != null) {
					directory.byPhoneNumberId(message.phoneNumberId())
						.ifPresent((ref) -> extra.put("channelId", ref.channel().channelId()));
				}
				return triggers.fire(TriggerSpec.INBOUND_MESSAGE, consumed.event(),
						(trigger) -> matches(trigger, text, (String) extra.get("channelId")), extra);
			})
			.build();
	}

	static boolean matches(TriggerSpec trigger, String text, String channelId) {
		String channel = trigger.text("channel");
		if (channel != null && !channel.equals(channelId)) {
			return false;
		}
		String lower = text.toLowerCase(Locale.ROOT);
		for (String keyword : trigger.keywords()) {
			if (PATTERNS.get(WHOLE_WORD + keyword.toLowerCase(Locale.ROOT), InboundMessageTrigger::compile)
				.matcher(lower)
				.find()) {
				return true;
			}
		}
		String regex = trigger.text("regex");
		return regex != null && PATTERNS.get(regex, Pattern::compile).matcher(text).find();
	}

	private static Pattern compile(String wholeWord) {
		return Pattern.compile(
				"(?<![\\p{L}\\p{N}])" + Pattern.quote(wholeWord.substring(WHOLE_WORD.length())) + "(?![\\p{L}\\p{N}])");
	}

}
