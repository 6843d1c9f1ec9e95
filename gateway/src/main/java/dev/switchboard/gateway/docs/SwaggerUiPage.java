package dev.switchboard.gateway.docs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import dev.switchboard.gateway.docs.SwaggerUiAssets.Asset;

/**
 * The Swagger UI page over the gateway's documents. The page and its files need no key (a
 * browser sends none when it opens a page); the documents do. The page starts on a
 * document without operations that needs no key and declares the gateway's security
 * scheme, so that Swagger UI shows its Authorize dialog; the key entered there is added
 * to every request for a document on this origin by the page's request interceptor, and
 * goes with the "Try it out" calls through the documents' security scheme. The page has
 * no inline script, so that its Content-Security-Policy allows only the gateway's own
 * scripts. The key stays in the page's memory, also when another document is picked
 * (Swagger UI forgets it there unless {@code persistAuthorization} keeps it in the
 * browser's storage, which this page does not want for an API key).
 */
final class SwaggerUiPage {

	static final String PATH = "/api-docs/ui";

	static final String INITIALIZER = "swagger-initializer.js";

	static final String START = "start.json";

	/** The start document's name in the definition selector. */
	static final String START_NAME = "Start: authorize with your key";

	static final String HTML = """
			<!doctype html>
			<html lang="en"><head><meta charset="utf-8"><title>Switchboard API</title>
			<link rel="icon" href="data:,">
			<link rel="stylesheet" href="/api-docs/ui/swagger-ui.css"></head>
			<body><div id="swagger-ui"></div>
			<script src="/api-docs/ui/swagger-ui-bundle.js"></script>
			<script src="/api-docs/ui/swagger-ui-standalone-preset.js"></script>
			<script src="/api-docs/ui/swagger-initializer.js"></script>
			</body></html>
			""";

	private static final String INITIALIZER_SCRIPT = """
			// Swagger UI over the gateway's OpenAPI documents. The key entered in Authorize is added
			// to the requests for the documents (this origin, /api-docs/ only), and kept in this
			// page's memory when another document is picked (Swagger UI would forget it there unless
			// it stored it in the browser with persistAuthorization).
			(function () {
			  'use strict';
			  var ui;
			  var remembered = null;
			  function keyInMemory() {
			    function remember(original, system) {
			      return function (payload) {
			        var result = original(payload);
			        remembered = system.authSelectors.authorized();
			        return result;
			      };
			    }
			    return {
			      statePlugins: {
			        auth: {
			          wrapActions: {
			            authorize: remember,
			            logout: remember,
			            restoreAuthorization: function (original) {
			              return function (payload) {
			                var forgetting = payload && payload.authorized && Object.keys(payload.authorized).length === 0;
			                return original(forgetting && remembered ? { authorized: remembered } : payload);
			              };
			            }
			          }
			        }
			      }
			    };
			  }
			  function authorization() {
			    var authorized = ui ? ui.authSelectors.authorized() : null;
			    var key = authorized ? authorized.getIn([%s, 'value']) : null;
			    return key ? 'Bearer ' + key : null;
			  }
			  ui = SwaggerUIBundle({
			    dom_id: '#swagger-ui',
			    urls: %s,
			    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
			    plugins: [SwaggerUIBundle.plugins.DownloadUrl, keyInMemory],
			    layout: 'StandaloneLayout',
			    validatorUrl: null,
			    displayOperationId: true,
			    requestInterceptor: function (request) {
			      var target = new URL(request.url, window.location.href);
			      var key = authorization();
			      if (key && target.origin === window.location.origin && target.pathname.indexOf('/api-docs/') === 0) {
			        request.headers.Authorization = key;
			      }
			      return request;
			    }
			  });
			  window.ui = ui;
			})();
			""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SwaggerUiPage() {
	}

	/**
	 * The page's own files: its initializer over these documents and its start document.
	 * @param documents the documents' names, each served at {@code /api-docs/<name>}, in
	 * the selector's order
	 * @return the files by name
	 */
	static Map<String, Asset> files(List<String> documents) {
		List<Map<String, String>> urls = new ArrayList<>();
		urls.add(Map.of("url", PATH + "/" + START, "name", START_NAME));
		documents.forEach((name) -> urls.add(Map.of("url", "/api-docs/" + name, "name", name)));
		String script = INITIALIZER_SCRIPT.formatted(JSON.writeValueAsString(PublishedDocuments.SCHEME),
				JSON.writeValueAsString(urls));
		return Map.of(INITIALIZER, new Asset(SwaggerUiAssets.JAVASCRIPT, script.getBytes(StandardCharsets.UTF_8)),
				START, new Asset(MediaType.APPLICATION_JSON, PublishedDocuments.start()));
	}

}
