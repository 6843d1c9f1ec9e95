package dev.switchboard.ingest.whatsapp.signature;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app secrets a WhatsApp body's signature is checked against before it is parsed: the
 * distinct secrets of every channel (tenant configuration first, then the static ones),
 * at most {@code max-app-secrets} of them. Meta signs with the secret of the app the WABA
 * is subscribed to, and a platform has few apps, so this is a handful of HMACs; the bound
 * keeps a body's cost fixed however many tenants bring their own app.
 */
public final class AppSecrets {

	private static final Logger log = LoggerFactory.getLogger(AppSecrets.class);

	private final ChannelDirectory channels;

	private final int max;

	/**
	 * The distinct count last warned about, so the warning is not repeated per request.
	 */
	private final AtomicInteger warnedAbout = new AtomicInteger();

	public AppSecrets(ChannelDirectory channels, IngestProperties properties) {
		this.channels = channels;
		this.max = properties.maxAppSecrets();
	}

	/** The secrets to try, in a stable order: at most {@code max-app-secrets}. */
	public List<String> candidates() {
		Set<String> distinct = new LinkedHashSet<>();
		for (ChannelConfig channel : this.channels.all()) {
			distinct.addAll(channel.appSecrets());
		}
		if (distinct.size() <= this.max) {
			return new ArrayList<>(distinct);
		}
		if (this.warnedAbout.getAndSet(distinct.size()) != distinct.size()) {
			// Never the secrets, only how many: webhooks signed with the others get 401.
			log.warn("{} distinct WhatsApp app secrets are configured; signatures are checked against the first {} "
					+ "only (raise switchboard.ingest.max-app-secrets)", distinct.size(), this.max);
		}
		return distinct.stream().limit(this.max).toList();
	}

}
