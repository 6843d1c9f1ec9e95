package dev.switchboard.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.switchboard.events.EventJson;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Vizi order webhooks as Vizi posts them (body shape of the reference payload, customer
 * phone in Vizi's local format) and signed with the demo tenant's Standard Webhooks
 * secret.
 */
final class ViziOrders {

	/** The demo tenant's Vizi signing secret (local profile). */
	static final String DEMO_SECRET = "whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0";

	private ViziOrders() {
	}

	/**
	 * A paid India eVisa order for one applicant.
	 * @param orderId Vizi order id
	 * @param branch selling branch
	 * @param phoneCode calling code as Vizi sends it, e.g. {@code +972}
	 * @param phoneNumber national number as the customer typed it, e.g.
	 * {@code 0501234567}
	 * @param currency Vizi's lower-case currency code
	 */
	static Map<String, Object> order(String orderId, String branch, String phoneCode, String phoneNumber,
			String currency) {
		Map<String, Object> order = new LinkedHashMap<>();
		order.put("id", orderId);
		order.put("form_id", "frm_" + orderId);
		order.put("branch", branch);
		order.put("domain", "visanet.co.il");
		order.put("payment_processor", "stripe");
		order.put("payment_id", "pi_" + orderId);
		order.put("amount", 249);
		order.put("currency", currency);
		order.put("coupon", null);
		order.put("status", "active");
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("id", "frm_" + orderId);
		form.put("country", "india");
		form.put("quantity", 1);
		form.put("urgency", "none");
		form.put("termsAgreed", true);
		form.put("orderId", orderId);
		form.put("fileTransferMethod", "form");
		form.put("client", Map.of("name", "Dana Example", "email", "dana@example.com", "phone",
				Map.of("code", phoneCode, "number", phoneNumber), "whatsappAlertsEnabled", true));
		Map<String, Object> product = new LinkedHashMap<>();
		product.put("name", "india_tourist_month");
		product.put("country", "india");
		product.put("docType", "evisa");
		product.put("docName", "eVisa");
		product.put("intent", "tourism");
		product.put("entries", "double");
		product.put("validity", "month");
		product.put("valid_since", "approval");
		product.put("wait", 3);
		product.put("price", Map.of(currency, 249));
		product.put("instructions", List.of("print"));
		form.put("product", product);
		form.put("meta",
				Map.of("url", "https://visanet.co.il/x", "branch", branch, "domain", "visanet.co.il", "referrer", "",
						"step", 5, "completion", 100, "resumed", false, "timestamp", 1735689600000L, "clientIp",
						"192.0.2.1", "revision", 3));
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("date", "2025-02-01");
		entry.put("port", null);
		form.put("entry", entry);
		form.put("applicants",
				List.of(Map.of("id", "a1", "passport",
						Map.of("nationality", "il", "firstName", "Dana", "lastName", "Example", "sex", "f",
								"dateOfBirth", "1990-01-01", "countryOfBirth", "il", "number", "X0000000",
								"dateOfIssue", "2020-01-01", "dateOfExpiry", "2030-01-01", "placeOfIssue", "il"),
						"files", Map.of("face", "https://files.example/f.jpg"))));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("order", order);
		body.put("form", form);
		return body;
	}

	/**
	 * Posts the order to webhook-ingest signed over the exact bytes sent.
	 * @param ingest client of webhook-ingest
	 * @param webhookId {@code webhook-id}, stable across a sender's retries
	 * @param order the body
	 */
	static ResponseSpec post(WebTestClient ingest, String webhookId, Map<String, Object> order) {
		byte[] body = EventJson.write(order);
		long timestamp = Instant.now().getEpochSecond();
		return ingest.post()
			.uri("/webhooks/orders/vizi")
			.contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", webhookId)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", "v1," + signature(webhookId, timestamp, body))
			.bodyValue(body)
			.exchange();
	}

	/** Standard Webhooks: HMAC-SHA256 over {@code id.timestamp.body}, base64. */
	static String signature(String webhookId, long timestamp, byte[] body) {
		byte[] key = Base64.getDecoder().decode(DEMO_SECRET.substring("whsec_".length()));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
