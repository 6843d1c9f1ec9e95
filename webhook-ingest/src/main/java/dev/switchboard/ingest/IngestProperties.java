package dev.switchboard.ingest;

import java.time.Duration;
import java.util.List;

import dev.switchboard.ingest.channels.ChannelConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the webhook ingest.
 *
 * @param channels channels whose webhooks are accepted, until the gateway publishes the
 * tenant configuration
 * @param maxBodySize largest webhook body read; Meta sends up to 3 MB, the default adds a
 * 512 KB margin
 * @param publishTimeout how long a webhook waits for Kafka to acknowledge its events
 * before it is answered 503 so that the provider retries
 * @param archiveFirst whether the raw archive record must be acknowledged before derived
 * events are sent; false (the default) sends them in one batch, acknowledged together:
 * one broker round trip instead of two, and the answer still waits for both, so the
 * provider retries a webhook whose archive was not stored
 */
@Validated
@ConfigurationProperties("switchboard.ingest")
public record IngestProperties(@Valid List<ChannelConfig> channels, @NotNull DataSize maxBodySize,
		@NotNull Duration publishTimeout, Boolean archiveFirst) {

	/** Meta's maximum payload plus a margin. */
	public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofKilobytes(3 * 1024 + 512);

	public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

	public IngestProperties(List<ChannelConfig> channels, DataSize maxBodySize, Duration publishTimeout) {
		this(channels, maxBodySize, publishTimeout, null);
	}

	@ConstructorBinding
	public IngestProperties {
		archiveFirst = (archiveFirst != null) ? archiveFirst : Boolean.FALSE;
		channels = (channels != null) ? List.copyOf(channels) : List.of();
		maxBodySize = (maxBodySize != null) ? maxBodySize : DEFAULT_MAX_BODY_SIZE;
		publishTimeout = (publishTimeout != null) ? publishTimeout : DEFAULT_PUBLISH_TIMEOUT;
		if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("switchboard.ingest.max-body-size must be between 1B and 2GB");
		}
		if (publishTimeout.isNegative() || publishTimeout.isZero()) {
			throw new IllegalArgumentException("switchboard.ingest.publish-timeout must be positive");
		}
	}

}
