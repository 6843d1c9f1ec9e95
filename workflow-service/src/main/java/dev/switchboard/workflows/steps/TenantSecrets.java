package dev.switchboard.workflows.steps;

import dev.switchboard.events.tenants.EncryptedSecret;
import dev.switchboard.events.tenants.TenantSecret;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.tenants.TenantDirectory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Opens a tenant's named secrets, as the gateway publishes them with the tenant's
 * configuration ({@code tenants.config.v1}, followed by the shared
 * {@link TenantDirectory}; opened with {@code switchboard.secrets.keys}). Plaintexts are
 * opened per call and never kept; failures name the secret, never its value.
 */
@Component
class TenantSecrets {

	private final TenantDirectory directory;

	private final SecretCipher cipher;

	@Autowired
	TenantSecrets(ObjectProvider<TenantDirectory> directory, ObjectProvider<SecretCipher> cipher) {
		this(directory.getIfAvailable(), cipher.getIfAvailable());
	}

	/** Either may be null: then no secret opens. */
	TenantSecrets(TenantDirectory directory, SecretCipher cipher) {
		this.directory = directory;
		this.cipher = cipher;
		if (this.cipher != null) {
			// AES-GCM's first use loads its provider: at start-up, not on an event loop.
			this.cipher.decrypt(this.cipher.encrypt("warm-up", "warm-up"), "warm-up");
		}
	}

	/**
	 * The plaintext of the tenant's secret.
	 * @param tenantId the run's tenant
	 * @param name the secret's name
	 * @return the secret
	 * @throws StepFailure when it is not set or cannot be opened (the attempt is retried:
	 * an operator may set it meanwhile)
	 */
	String open(String tenantId, String name) {
		EncryptedSecret secret = (this.directory != null) ? this.directory.tenant(tenantId)
			.flatMap((tenant) -> tenant.secret(name))
			.map(TenantSecret::value)
			.orElse(null) : null;
		if (secret == null) {
			throw new StepFailure("secret " + name + " is not set");
		}
		if (this.cipher == null) {
			throw new StepFailure("secret " + name + " cannot be opened: no switchboard.secrets.keys");
		}
		try {
			return this.cipher.decrypt(secret, TenantSecret.boundTo(tenantId, name));
		}
		catch (IllegalArgumentException ex) {
			throw new StepFailure("secret " + name + " cannot be opened with this service's keys");
		}
	}

}
