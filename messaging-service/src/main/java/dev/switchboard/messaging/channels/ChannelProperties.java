package dev.switchboard.messaging.channels;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The channels the service may send through, from configuration until the gateway
 * publishes the tenant configuration.
 *
 * @param channels every channel of every tenant; a tenant's first Meta channel (else its
 * first channel) is its default
 */
@Validated
@ConfigurationProperties("switchboard.messaging")
public record ChannelProperties(@Valid List<Channel> channels) {

	public ChannelProperties {
		channels = (channels != null) ? List.copyOf(channels) : List.of();
	}

}
