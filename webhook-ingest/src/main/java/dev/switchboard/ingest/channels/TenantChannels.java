package dev.switchboard.ingest.channels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.tenants.ChannelRef;
import dev.switchboard.tenants.TenantDirectory;
import dev.switchboard.events.tenants.EncryptedSecret;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.events.tenants.TenantConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Channels and order sources from the gateway's tenant configuration
 * ({@code tenants.config.v1}, followed by {@link TenantDirectory}), with their secrets
 * opened by {@link SecretCipher} and kept open per tenant version. A channel added at the
 * gateway routes as soon as the directory has read it, without a restart. Without a
 * directory or without keys this is empty and the static configuration alone applies.
 */
@Component
public class TenantChannels {

	private static final Logger log = LoggerFactory.getLogger(TenantChannels.class);

	private final TenantDirectory directory;

	private final SecretCipher cipher;

	private final Map<String, Opened<ChannelConfig>> channels = new ConcurrentHashMap<>();

	private final Map<String, Opened<List<String>>> orderSecrets = new ConcurrentHashMap<>();

	@Autowired
	public TenantChannels(ObjectProvider<TenantDirectory> directory, ObjectProvider<SecretCipher> cipher) {
		this(directory.getIfAvailable(), cipher.getIfAvailable());
	}

	TenantChannels(TenantDirectory directory, SecretCipher cipher) {
		this.directory = (directory != null && cipher != null) ? directory : null;
		this.cipher = cipher;
		if (directory != null && cipher == null) {
			log.warn("No switchboard.secrets.keys: channels of the tenant configuration are ignored");
		}
	}

	/** None: the static configuration alone. */
	public static TenantChannels none() {
		return new TenantChannels((TenantDirectory) null, null);
	}

	/** The active Meta channel of a phone number id, with its secrets opened. */
	public Optional<ChannelConfig> byPhoneNumberId(String phoneNumberId) {
		if (this.directory == null || phoneNumberId == null) {
			return Optional.empty();
		}
		return this.directory.byPhoneNumberId(phoneNumberId)
			.filter(TenantChannels::usable)
			.map(this::open)
			.flatMap(Optional::ofNullable);
	}

	/** Every active Meta channel of every tenant. */
	public List<ChannelConfig> all() {
		List<ChannelConfig> all = new ArrayList<>();
		for (TenantConfig tenant : tenants()) {
			for (dev.switchboard.events.tenants.ChannelConfig channel : tenant.channels()) {
				ChannelRef ref = new ChannelRef(tenant, channel);
				if (usable(ref)) {
					ChannelConfig opened = open(ref);
					if (opened != null) {
						all.add(opened);
					}
				}
			}
		}
		return all;
	}

	/**
	 * The signing secrets ({@code whsec_…}) of each active tenant's order source of that
	 * name, by tenant id.
	 */
	public Map<String, List<String>> orderSourceSecrets(String source) {
		Map<String, List<String>> secrets = new LinkedHashMap<>();
		for (TenantConfig tenant : tenants()) {
			if (!tenant.active()) {
				continue;
			}
			tenant.orderSources()
				.stream()
				.filter((config) -> source.equals(config.source()))
				.findFirst()
				.ifPresent((config) -> {
					String key = tenant.tenantId() + "/orders/" + source;
					Opened<List<String>> opened = this.orderSecrets.get(key);
					if (opened == null || opened.version() != tenant.version()) {
						opened = new Opened<>(tenant.version(), openSigningSecrets(config.signingSecrets(), key));
						this.orderSecrets.put(key, opened);
					}
					if (opened.value() != null && !opened.value().isEmpty()) {
						secrets.put(tenant.tenantId(), opened.value());
					}
				});
		}
		return secrets;
	}

	private List<String> openSigningSecrets(List<EncryptedSecret> secrets, String key) {
		try {
			return decryptAll(secrets, key + "/signingSecret");
		}
		catch (RuntimeException ex) {
			log.warn("Order source {} is ignored: its secrets cannot be opened ({})", key,
					ex.getClass().getSimpleName());
			return List.of();
		}
	}

	private List<TenantConfig> tenants() {
		if (this.directory == null) {
			return List.of();
		}
		return this.directory.tenants();
	}

	private static boolean usable(ChannelRef ref) {
		return ref.active() && dev.switchboard.events.tenants.ChannelConfig.META.equals(ref.channel().provider())
				&& ref.channel().phoneNumberId() != null;
	}

	/** The channel with its secrets opened, or null when they cannot be opened. */
	private ChannelConfig open(ChannelRef ref) {
		String tenantId = ref.tenant().tenantId();
		String channelId = ref.channel().channelId();
		String key = tenantId + "/" + channelId;
		Opened<ChannelConfig> opened = this.channels.get(key);
		if (opened != null && opened.version() == ref.tenant().version()) {
			return opened.value();
		}
		ChannelConfig channel;
		try {
			List<String> appSecrets = decryptAll(ref.channel().appSecrets(), key + "/appSecret");
			String verifyToken = (ref.channel().verifyToken() != null)
					? this.cipher.decrypt(ref.channel().verifyToken(), key + "/verifyToken") : null;
			channel = new ChannelConfig(tenantId, channelId, ref.channel().phoneNumberId(), ref.channel().wabaId(),
					appSecrets, verifyToken);
		}
		catch (RuntimeException ex) {
			// Never log the secret, only why it could not be opened.
			log.warn("Channel {} of tenant {} is ignored: its secrets cannot be opened ({})", channelId, tenantId,
					ex.getClass().getSimpleName());
			channel = null;
		}
		this.channels.put(key, new Opened<>(ref.tenant().version(), channel));
		return channel;
	}

	private List<String> decryptAll(List<EncryptedSecret> secrets, String boundTo) {
		return secrets.stream().map((secret) -> this.cipher.decrypt(secret, boundTo)).toList();
	}

	/** An opened value and the tenant version it was opened from. */
	private record Opened<T>(long version, T value) {

	}

}
