package dev.switchboard.ingest.whatsapp.redrive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The operator's re-drive endpoint.
 *
 * @param token bearer token of {@code POST /admin/redrive} (env
 * {@code SWITCHBOARD_INGEST_REDRIVE_TOKEN}); without one the endpoint does not exist
 */
@Validated
@ConfigurationProperties("switchboard.ingest.redrive")
public record RedriveProperties(String token) {

	/** Shortest token accepted: a guessable token would open the endpoint. */
	static final int MIN_TOKEN_LENGTH = 16;

	public RedriveProperties {
		if (token != null && !token.isBlank() && token.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException(
					"switchboard.ingest.redrive.token must have at least " + MIN_TOKEN_LENGTH + " characters");
		}
		token = (token != null && !token.isBlank()) ? token : null;
	}

	@Override
	public String toString() {
		return "RedriveProperties[token=" + ((this.token != null) ? "****" : "none") + "]";
	}

}
