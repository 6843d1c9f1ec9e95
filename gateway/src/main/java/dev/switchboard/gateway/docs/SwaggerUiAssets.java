package dev.switchboard.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.springframework.http.MediaType;

/**
 * Swagger UI's stylesheet and script from the {@code org.webjars:swagger-ui} jar, read
 * once at start-up: the page works without reaching any outside host, and serving them
 * never reads a jar on an event loop.
 */
final class SwaggerUiAssets {

	private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

	private static final Map<String, MediaType> ASSETS = Map.of("swagger-ui.css", MediaType.valueOf("text/css"),
			"swagger-ui-bundle.js", MediaType.valueOf("text/javascript"));

	private final Map<String, Asset> assets;

	private SwaggerUiAssets(Map<String, Asset> assets) {
		this.assets = assets;
	}

	static SwaggerUiAssets load() {
		ClassLoader loader = SwaggerUiAssets.class.getClassLoader();
		String base = WEBJAR + version(loader) + "/";
		Map<String, Asset> loaded = new HashMap<>();
		ASSETS.forEach((name, type) -> loaded.put(name, new Asset(type, read(loader, base + name))));
		return new SwaggerUiAssets(Map.copyOf(loaded));
	}

	Optional<Asset> asset(String name) {
		return Optional.ofNullable(this.assets.get(name));
	}

	private static String version(ClassLoader loader) {
		Properties pom = new Properties();
		try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
			if (in == null) {
				throw new IllegalStateException("org.webjars:swagger-ui is not on the class path");
			}
			pom.load(in);
			return pom.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] read(ClassLoader loader, String path) {
		try (InputStream in = loader.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("Missing Swagger UI asset " + path);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One asset.
	 *
	 * @param type its media type
	 * @param bytes its content
	 */
	record Asset(MediaType type, byte[] bytes) {
	}

}
