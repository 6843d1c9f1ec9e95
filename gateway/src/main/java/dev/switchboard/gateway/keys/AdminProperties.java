package dev.switchboard.gateway.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator credential given at start-up.
 *
 * @param bootstrapKey {@code sb_<prefix>.<secret>} stored as an operator key when its
 * prefix is new ({@code SWITCHBOARD_ADMIN_KEY}); never logged
 */
@ConfigurationProperties("switchboard.admin")
record AdminProperties(String bootstrapKey) {

	@Override
	public String toString() {
		return "AdminProperties[bootstrapKey=******]";
	}

}
