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
 * The files of the Swagger UI page, the only ones served under {@code /api-docs/ui/}
 * without a key: Swagger UI's stylesheet and scripts from the
 * {@code org.webjars:swagger-ui} jar, read once at start-up (the page reaches no outside
 * host, and serving them never reads a jar on an event loop), and the gateway's own files
 * of the page.
 */
final class SwaggerUiAssets {

	private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

	static final MediaType JAVASCRIPT = MediaType.valueOf("text/javascript");

	private static final Map<String, MediaType> WEBJAR_ASSETS = Map.of("swagger-ui.css", MediaType.valueOf("text/css"),
			"swagger-ui-bundle.js", JAVASCRIPT, "swagger-ui-standalone-preset.js", JAVASCRIPT);

	private final Map<String, Asset> assets;

	private SwaggerUiAssets(Map<String, Asset> assets) {
		this.assets = assets;
	}

	/**
	 * Swagger UI's files and the page's own.
	 * @param own the page's own files by name (its initializer, the start document)
	 * @return the assets
	 */
	static SwaggerUiAssets load(Map<String, Asset> own) {
		ClassLoader loader = SwaggerUiAssets.class.getClassLoader();
		String base = WEBJAR + version(loader) + "/";
		Map<String, Asset> loaded = new HashMap<>(own);
		WEBJAR_ASSETS.forEach((name, type) -> loaded.put(name, new Asset(type, read(loader, base + name))));
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
