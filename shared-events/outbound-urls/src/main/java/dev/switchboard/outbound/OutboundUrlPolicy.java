package dev.switchboard.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The policy of every outbound URL an operator or tenant can set (a CBB channel's base
 * URL, later workflow HTTP steps): {@code https} (plain {@code http} only where
 * {@code allow-http} is set), no user information, a host name or a standard address
 * literal (no {@code 2130706433} or {@code 0x7f.1}), and no address that is not public
 * unicast: loopback, private, shared, link-local, multicast, unspecified, broadcast,
 * reserved, unique local, cloud metadata, and IPv6 forms carrying such an IPv4 address.
 * Allow-listed {@code host[:port]} skip the address check (the simulators locally).
 * <p>
 * Check a URL when it is saved and before each call ({@link #check}); give the HTTP
 * client the policy's resolver ({@link #secure}) so that the address actually connected
 * to is checked too, and redirects are not followed. Names are resolved on
 * {@link Schedulers#boundedElastic()}, never on an event loop, and a resolution is reused
 * for {@code resolution-ttl} only: DNS can change.
 */
public final class OutboundUrlPolicy {

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	/** The last label WHATWG URL parsing would read as a number (decimal, octal, hex). */
	private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

	private static final Pattern HOST_NAME = Pattern
		.compile("([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

	private static final int MAX_CACHED = 10_000;

	private final boolean allowHttp;

	private final List<String> allowedHosts;

	private final long ttlNanos;

	private final HostResolver resolver;

	private final Map<String, Resolution> resolutions = new ConcurrentHashMap<>();

	private final PolicyAddressResolverGroup connections = new PolicyAddressResolverGroup(this);

	/**
	 * A policy.
	 * @param properties what is allowed besides public https hosts
	 * @param resolver how names are resolved
	 */
	public OutboundUrlPolicy(OutboundUrlProperties properties, HostResolver resolver) {
		this.allowHttp = properties.allowHttp();
		this.allowedHosts = properties.allowedHosts().stream().map((host) -> host.toLowerCase(Locale.ROOT)).toList();
		this.ttlNanos = properties.resolutionTtl().toNanos();
		this.resolver = resolver;
	}

	/**
	 * The full check: the URL's form, then every address its host resolves to (unless the
	 * host is allow-listed).
	 * @param url the URL
	 * @return the URL, or the error {@link OutboundUrlRefused} saying why it is refused,
	 * or {@link UnknownHostException} when its host does not resolve
	 */
	public Mono<URI> check(String url) {
		return Mono.fromCallable(() -> target(url)).flatMap((target) -> addresses(target).thenReturn(target.uri()));
	}

	/**
	 * The checks that need no DNS: scheme, user information, host form.
	 * @param url the URL
	 * @return the parsed URL
	 * @throws OutboundUrlRefused when the URL's form is refused
	 */
	public URI parse(String url) {
		return target(url).uri();
	}

	/**
	 * The client, connecting only to addresses the policy allows (every connection's
	 * addresses are checked by the policy's resolver) and never following a redirect.
	 * @param client an HTTP client
	 * @return the client with the policy applied
	 */
	public HttpClient secure(HttpClient client) {
		return client.resolver(this.connections).followRedirect(false);
	}

	/** The allowed addresses of a host and port about to be connected to. */
	Mono<List<InetAddress>> connectable(String host, int port) {
		return Mono.fromCallable(() -> new Target(null, normalized(host), port, literal(normalized(host))))
			.flatMap(this::addresses);
	}

	private Target target(String url) {
		if (url == null || url.isBlank()) {
			throw new OutboundUrlRefused("is missing");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new OutboundUrlRefused("is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!uri.isAbsolute() || uri.isOpaque() || !("https".equals(scheme) || "http".equals(scheme))) {
			throw new OutboundUrlRefused("is not an https URL");
		}
		if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
			throw new OutboundUrlRefused("carries user information");
		}
		if (uri.getHost() == null) {
			// java.net.URI reads no host from numbers it does not take for an address.
			String authority = (uri.getRawAuthority() != null) ? uri.getRawAuthority().replaceFirst(":[0-9]*$", "")
					: "";
			throw new OutboundUrlRefused(authority.matches("(?i)[0-9a-fx.]*[0-9][0-9a-fx.]*")
					&& NUMERIC_LABEL.matcher(authority.substring(authority.lastIndexOf('.') + 1)).matches()
							? "has a numeric host in a non-standard form" : "has no valid host");
		}
		if ("http".equals(scheme) && !this.allowHttp) {
			throw new OutboundUrlRefused("is not https");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
		if (port < 1 || port > 65535) {
			throw new OutboundUrlRefused("has an invalid port");
		}
		String host = normalized(uri.getHost());
		InetAddress literal = literal(host);
		if (literal == null && !HOST_NAME.matcher(host).matches()) {
			throw new OutboundUrlRefused("has no valid host");
		}
		return new Target(uri, host, port, literal);
	}

	/** Lower case, without brackets and trailing dot. */
	private static String normalized(String host) {
		String normalized = host.toLowerCase(Locale.ROOT);
		if (normalized.startsWith("[") && normalized.endsWith("]")) {
			normalized = normalized.substring(1, normalized.length() - 1);
		}
		return normalized.endsWith(".") ? normalized.substring(0, normalized.length() - 1) : normalized;
	}

	/**
	 * The address a host literal names; null for a host name. Only a standard dotted quad
	 * or an IPv6 literal is an address: numbers in any other form are refused, since
	 * resolvers and browsers disagree on what they mean.
	 */
	private static InetAddress literal(String host) {
		if (host.contains(":")) {
			if (host.contains("%") || !host.matches("[0-9a-f:.]+")) {
				throw new OutboundUrlRefused("has no valid host");
			}
			return parseLiteral(host);
		}
		if (DOTTED_QUAD.matcher(host).matches()) {
			return parseLiteral(host);
		}
		String last = host.substring(host.lastIndexOf('.') + 1);
		if (NUMERIC_LABEL.matcher(last).matches()) {
			throw new OutboundUrlRefused("has a numeric host in a non-standard form");
		}
		return null;
	}

	private static InetAddress parseLiteral(String host) {
		try {
			// An address literal: the JDK parses it without any lookup.
			return InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new OutboundUrlRefused("has no valid host");
		}
	}

	private Mono<List<InetAddress>> addresses(Target target) {
		Mono<List<InetAddress>> addresses = (target.literal() != null) ? Mono.just(List.of(target.literal()))
				: resolve(target.host());
		if (allowListed(target.host(), target.port())) {
			return addresses;
		}
		String verb = (target.literal() != null) ? "is " : "resolves to ";
		return addresses.handle((resolved, sink) -> {
			for (InetAddress address : resolved) {
				String forbidden = ForbiddenAddresses.classify(address);
				if (forbidden != null) {
					sink.error(
							new OutboundUrlRefused(verb + forbidden + " (" + ForbiddenAddresses.text(address) + ")"));
					return;
				}
			}
			sink.next(resolved);
		});
	}

	private boolean allowListed(String host, int port) {
		for (String allowed : this.allowedHosts) {
			int colon = allowed.lastIndexOf(':');
			String allowedHost = (colon >= 0) ? allowed.substring(0, colon) : allowed;
			if (!allowedHost.equals(host)) {
				continue;
			}
			String ports = (colon >= 0) ? allowed.substring(colon + 1) : null;
			if (ports == null ? (port == 443 || port == 80)
					: ("*".equals(ports) || ports.equals(String.valueOf(port)))) {
				return true;
			}
		}
		return false;
	}

	private Mono<List<InetAddress>> resolve(String host) {
		Resolution cached = this.resolutions.get(host);
		if (cached != null && System.nanoTime() - cached.at() < this.ttlNanos) {
			return Mono.just(cached.addresses());
		}
		return Mono.fromCallable(() -> List.of(this.resolver.resolve(host)))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext((addresses) -> {
				if (this.resolutions.size() >= MAX_CACHED) {
					long now = System.nanoTime();
					this.resolutions.values().removeIf((old) -> now - old.at() >= this.ttlNanos);
				}
				if (this.resolutions.size() < MAX_CACHED) {
					this.resolutions.put(host, new Resolution(addresses, System.nanoTime()));
				}
			});
	}

	private record Target(URI uri, String host, int port, InetAddress literal) {
	}

	private record Resolution(List<InetAddress> addresses, long at) {
	}

}
