package dev.switchboard.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

/**
 * The gateway's routes as its configuration declares them, whether a service's OpenAPI
 * document has an operation for each, and whether a route leads to each of its
 * operations.
 */
final class GatewayRoutes {

	/**
	 * The gateway's route settings name the service (switchboard.routes.NAME) they lead
	 * to.
	 */
	private static final Map<String, String> DOCUMENTED_AS = Map.of("messaging", "messaging", "orders", "orders",
			"ingest", "webhook-ingest", "templates", "templates", "workflows", "workflows");

	/** The keys of a path item that are operations. */
	private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private GatewayRoutes() {
	}

	/**
	 * One route.
	 *
	 * @param id the route id
	 * @param service the name under which the gateway publishes the target's document
	 * @param path the Path predicate, possibly ending in {@code /**}
	 * @param methods the Method predicate
	 */
	record Route(String id, String service, String path, List<String> methods) {
	}

	@SuppressWarnings("unchecked")
	static List<Route> read(Path repositoryRoot) {
		try (InputStream in = Files
			.newInputStream(repositoryRoot.resolve("gateway/src/main/resources/application.yml"))) {
			// The first document: the settings of every profile (later ones are per
			// profile).
			Map<String, Object> yaml = (Map<String, Object>) new Yaml().loadAll(in).iterator().next();
			Map<String, Object> spring = (Map<String, Object>) yaml.get("spring");
			Map<String, Object> cloud = (Map<String, Object>) spring.get("cloud");
			Map<String, Object> gateway = (Map<String, Object>) cloud.get("gateway");
			Map<String, Object> server = (Map<String, Object>) gateway.get("server");
			Map<String, Object> webflux = (Map<String, Object>) server.get("webflux");
			List<Map<String, Object>> routes = (List<Map<String, Object>>) webflux.get("routes");
			List<Route> result = new ArrayList<>();
			for (Map<String, Object> route : routes) {
				String uri = (String) route.get("uri");
				String setting = uri.substring(uri.indexOf("switchboard.routes.") + "switchboard.routes.".length(),
						uri.indexOf(':'));
				String path = null;
				List<String> methods = List.of("GET");
				for (Object predicate : (List<Object>) route.get("predicates")) {
					String text = predicate.toString();
					if (text.startsWith("Path=")) {
						path = text.substring("Path=".length());
					}
					if (text.startsWith("Method=")) {
						methods = Arrays.asList(text.substring("Method=".length()).split(","));
					}
				}
				result.add(new Route((String) route.get("id"), DOCUMENTED_AS.get(setting), path, methods));
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the document has an operation under the route's path for each of its
	 * methods but HEAD.
	 */
	@SuppressWarnings("unchecked")
	static boolean documents(Map<String, Object> document, Route route) {
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
		if (paths == null) {
			return false;
		}
		// A route may list several patterns (Path=/a/**,/b/**): each must be documented.
		for (String pattern : route.path().split(",")) {
			if (!documents(paths, pattern.strip(), route.methods())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The operations ({@code METHOD path}) of a service's document that no route of the
	 * gateway leads to: documented, yet unreachable through the gateway.
	 */
	@SuppressWarnings("unchecked")
	static List<String> unrouted(Map<String, Object> document, String service, List<Route> routes) {
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
		List<String> unrouted = new ArrayList<>();
		if (paths == null) {
			return unrouted;
		}
		paths.forEach((path, item) -> item.keySet()
			.stream()
			.filter(OPERATIONS::contains)
			.map((method) -> method.toUpperCase(Locale.ROOT))
			.filter((method) -> routes.stream()
				.noneMatch((route) -> route.service().equals(service) && route.methods().contains(method)
						&& routes(route, path)))
			.forEach((method) -> unrouted.add(method + " " + path)));
		return unrouted;
	}

	/** Whether one of the route's Path patterns matches the path. */
	private static boolean routes(Route route, String path) {
		for (String pattern : route.path().split(",")) {
			String trimmed = pattern.strip();
			if (trimmed.endsWith("/**")) {
				String base = trimmed.substring(0, trimmed.length() - 3);
				if (path.equals(base) || path.startsWith(base + "/")) {
					return true;
				}
			}
			else if (path.equals(trimmed)) {
				return true;
			}
		}
		return false;
	}

	private static boolean documents(Map<String, Map<String, Object>> paths, String pattern, List<String> methods) {
		boolean prefix = pattern.endsWith("/**");
		String base = prefix ? pattern.substring(0, pattern.length() - 3) : pattern;
		for (String method : methods) {
			if (method.equals("HEAD")) {
				continue;
			}
			boolean found = paths.entrySet()
				.stream()
				.anyMatch((entry) -> (entry.getKey().equals(base) || (prefix && entry.getKey().startsWith(base + "/")))
						&& entry.getValue().containsKey(method.toLowerCase(Locale.ROOT)));
			if (!found) {
				return false;
			}
		}
		return true;
	}

}
