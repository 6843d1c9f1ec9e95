package dev.switchboard.gateway.keys;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first operator key from {@code switchboard.admin.bootstrap-key}
 * ({@code SWITCHBOARD_ADMIN_KEY}) at start-up, once: a key whose prefix exists is left
 * alone, so revoking it in the database sticks.
 */
@Component
class OperatorKeyBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(OperatorKeyBootstrap.class);

	private final ApiKeyStore store;

	private final AdminProperties properties;

	OperatorKeyBootstrap(ApiKeyStore store, AdminProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		String key = this.properties.bootstrapKey();
		if (key == null || key.isBlank()) {
			log.info("No operator key given (SWITCHBOARD_ADMIN_KEY); the administration API accepts only "
					+ "operator keys already stored");
			return;
		}
		ApiKeyCredentials credentials = ApiKeyCredentials.parse(key.strip())
			.orElseThrow(() -> new IllegalStateException(
					"SWITCHBOARD_ADMIN_KEY must look like sb_<prefix>.<secret> (prefix 4-32 letters or digits, "
							+ "secret 8-128 letters, digits, '-' or '_')"));
		Boolean inserted = this.store
			.insertOperator(credentials.prefix(), SecretHash.of(credentials.secret()), "Bootstrap operator key")
			.block(Duration.ofSeconds(30));
		log.info("Operator key {} {}", credentials.prefix(),
				Boolean.TRUE.equals(inserted) ? "created" : "already present");
	}

}
