package dev.switchboard.ingest;

import java.time.Duration;
import java.util.List;

import dev.switchboard.ingest.channels.ChannelConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

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
 * @param publishTimeout how long a webhook waits for Kafka to acknowledge its events (and
 * for a concurrent delivery of the same updates to be acknowledged) before it is answered
 * 503 so that the provider retries; its dedup claims stay pending about as long
 * @param archiveFirst whether the raw archive record must be acknowledged before derived
 * events are sent; false (the default) sends them in one batch, acknowledged together:
 * one broker round trip instead of two, and the answer still waits for both, so the
 * provider retries a webhook whose archive was not stored
 * @param maxBufferedBodies most request bodies read or held at once (each up to
 * {@code maxBodySize}); further webhooks are answered 503 with {@code Retry-After} rather
 * than queued
 * @param maxAppSecrets most distinct app secrets a WhatsApp body's signature is checked
 * against (one HMAC over the whole body each) before anything is parsed; Meta signs with
 * the app's secret and there are few apps
 */
@Validated
@ConfigurationProperties("switchboard.ingest")
public record IngestProperties(@Valid List<ChannelConfig> channels, @NotNull DataSize maxBodySize,
		@NotNull Duration publishTimeout, Boolean archiveFirst, @Positive @Max(10_000) Integer maxBufferedBodies,
		@Positive @Max(1_000) Integer maxAppSecrets) {

	/** Meta's maximum payload plus a margin. */
	public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofKilobytes(3 * 1024 + 512);

	public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

	/** 32 bodies of up to 3.5 MB: at most 112 MB of request bodies in memory. */
	public static final int DEFAULT_MAX_BUFFERED_BODIES = 32;

	public static final int DEFAULT_MAX_APP_SECRETS = 16;

	public IngestProperties(List<ChannelConfig> channels, DataSize maxBodySize, Duration publishTimeout) {
		this(channels, maxBodySize, publishTimeout, null);
	}

	public IngestProperties(List<ChannelConfig> channels, DataSize maxBodySize, Duration publishTimeout,
			Boolean archiveFirst) {
		this(channels, maxBodySize, publishTimeout, archiveFirst, null, null);
	}

	@ConstructorBinding
	public IngestProperties {
		archiveFirst = (archiveFirst != null) ? archiveFirst : Boolean.FALSE;
		channels = (channels != null) ? List.copyOf(channels) : List.of();
		maxBodySize = (maxBodySize != null) ? maxBodySize : DEFAULT_MAX_BODY_SIZE;
		publishTimeout = (publishTimeout != null) ? publishTimeout : DEFAULT_PUBLISH_TIMEOUT;
		maxBufferedBodies = (maxBufferedBodies != null) ? maxBufferedBodies : DEFAULT_MAX_BUFFERED_BODIES;
		maxAppSecrets = (maxAppSecrets != null) ? maxAppSecrets : DEFAULT_MAX_APP_SECRETS;
		if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("switchboard.ingest.max-body-size must be between 1B and 2GB");
		}
		if (publishTimeout.isNegative() || publishTimeout.isZero()) {
			throw new IllegalArgumentException("switchboard.ingest.publish-timeout must be positive");
		}
	}

}
