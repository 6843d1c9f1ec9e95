package dev.switchboard.ingest.channels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Routes WhatsApp webhooks to their channel by business phone number id: the gateway's
 * tenant configuration first ({@link TenantChannels}), then the statically configured
 * channels (a seed for local runs and tests).
 */
@Component
public class ChannelDirectory {

	private static final Logger log = LoggerFactory.getLogger(ChannelDirectory.class);

	private final Map<String, ChannelConfig> byPhoneNumberId = new LinkedHashMap<>();

	/** The first channel of each WABA; every channel of a WABA belongs to one tenant. */
	private final Map<String, ChannelConfig> byWabaId = new LinkedHashMap<>();

	private final TenantChannels tenants;

	public ChannelDirectory(IngestProperties properties) {
		this(properties, TenantChannels.none());
	}

	@Autowired
	public ChannelDirectory(IngestProperties properties, TenantChannels tenants) {
		this.tenants = tenants;
		for (ChannelConfig channel : properties.channels()) {
			ChannelConfig previous = this.byPhoneNumberId.putIfAbsent(channel.phoneNumberId(), channel);
			if (previous != null) {
				throw new IllegalStateException(
						"Phone number id " + channel.phoneNumberId() + " is configured twice (channels "
								+ previous.channelId() + " and " + channel.channelId() + ")");
			}
		}
		for (ChannelConfig channel : properties.channels()) {
			if (channel.wabaId() == null) {
				continue;
			}
			ChannelConfig first = this.byWabaId.putIfAbsent(channel.wabaId(), channel);
			if (first != null && !first.tenantId().equals(channel.tenantId())) {
				throw new IllegalStateException(
						"WABA id " + channel.wabaId() + " is configured for two tenants (channels " + first.channelId()
								+ " and " + channel.channelId() + ")");
			}
		}
		if (this.byPhoneNumberId.isEmpty()) {
			log.info("No static WhatsApp channel: channels come from the tenant configuration");
		}
		else {
			log.info("WhatsApp channels: {}", this.byPhoneNumberId.values());
		}
	}

	public Optional<ChannelConfig> byPhoneNumberId(String phoneNumberId) {
		Optional<ChannelConfig> configured = this.tenants.byPhoneNumberId(phoneNumberId);
		return configured.isPresent() ? configured : Optional.ofNullable(this.byPhoneNumberId.get(phoneNumberId));
	}

	/**
	 * The channel account-level changes of a WABA are routed to (its first configured
	 * channel).
	 */
	public Optional<ChannelConfig> byWabaId(String wabaId) {
		if (wabaId == null) {
			return Optional.empty();
		}
		Optional<ChannelConfig> configured = this.tenants.all()
			.stream()
			.filter((channel) -> wabaId.equals(channel.wabaId()))
			.findFirst();
		return configured.isPresent() ? configured : Optional.ofNullable(this.byWabaId.get(wabaId));
	}

	/** The known channels among the given phone number ids. */
	public List<ChannelConfig> byPhoneNumberIds(Collection<String> phoneNumberIds) {
		return phoneNumberIds.stream().distinct().map(this::byPhoneNumberId).flatMap(Optional::stream).toList();
	}

	/** Every channel: those of the tenant configuration, then the static ones. */
	public List<ChannelConfig> all() {
		Map<String, ChannelConfig> all = new LinkedHashMap<>();
		this.tenants.all().forEach((channel) -> all.putIfAbsent(channel.phoneNumberId(), channel));
		this.byPhoneNumberId.values().forEach((channel) -> all.putIfAbsent(channel.phoneNumberId(), channel));
		return List.copyOf(all.values());
	}

	/**
	 * Whether the token is the verify token of some channel. Compares digests in constant
	 * time and always checks every channel, so timing reveals neither the token nor which
	 * channel matched.
	 */
	public boolean acceptsVerifyToken(String token) {
		if (token == null) {
			return false;
		}
		byte[] candidate = sha256(token);
		boolean accepted = false;
		for (ChannelConfig channel : all()) {
			if (channel.verifyToken() != null) {
				accepted |= MessageDigest.isEqual(candidate, sha256(channel.verifyToken()));
			}
		}
		return accepted;
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

}
