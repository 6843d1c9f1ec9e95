package dev.switchboard.simulators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo WABA's templates: the order confirmation in Hebrew, Romanian and English
 * (eight positional body parameters, in the order order-service fills them: name,
 * destination, flag, order number, visa type, applicants, amount, processing days), a
 * paused one, a rejected one, a named-parameter one, and enough notices to fill three
 * pages of 25.
 */
final class DemoTemplates {

	/** Templates the demo WABA holds at start. */
	static final int NOTICES = 46;

	static final String CONFIRMATION = "order_confirmation_global";

	private static final List<String> CONFIRMATION_EXAMPLE = List.of("Dana Example", "India", "🇮🇳", "IL250101IN99",
			"Tourist eVisa, 1 month", "2", "249 ILS", "3");

	private static final Map<String, String> CONFIRMATION_BODIES = confirmationBodies();

	private DemoTemplates() {
	}

	static List<Map<String, Object>> demo() {
		List<Map<String, Object>> templates = new ArrayList<>();
		CONFIRMATION_BODIES.forEach((language, body) -> templates.add(template(CONFIRMATION, language, "APPROVED",
				"UTILITY", "GREEN", List.of(positionalBody(body, CONFIRMATION_EXAMPLE)))));
		for (int i = 1; i <= NOTICES; i++) {
			templates.add(simple(String.format("visa_notice_%02d", i), "en", "APPROVED", "UTILITY"));
			if (i == 20) {
				templates.add(template("document_delivery_update", "en", "PAUSED", "UTILITY", "RED",
						List.of(positionalBody("Hello {{1}}, the documents of order {{2}} are on their way to you.",
								List.of("Dana", "IL250101IN99")))));
			}
			if (i == 40) {
				Map<String, Object> rejected = template("flash_visa_sale", "en", "REJECTED", "MARKETING", "UNKNOWN",
						List.of(positionalBody("Save {{1}} on every visa this week, only on our site.",
								List.of("20%"))));
				rejected.put("rejected_reason", "PROMOTIONAL");
				templates.add(rejected);
			}
		}
		templates.add(named());
		return templates;
	}

	/** An approved template with a one-parameter positional body. */
	static Map<String, Object> simple(String name, String language, String status, String category) {
		return template(name, language, status, category, "GREEN",
				List.of(positionalBody("Notice number {{1}} about your visa application is ready.", List.of("1001"))));
	}

	private static Map<String, Object> named() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "BODY");
		body.put("text",
				"Hello {{customer_name}}, your appointment at the {{branch}} office is confirmed for {{day}}.");
		body.put("example",
				Map.of("body_text_named_params",
						List.of(Map.of("param_name", "customer_name", "example", "Dana"),
								Map.of("param_name", "branch", "example", "Tel Aviv"),
								Map.of("param_name", "day", "example", "Monday"))));
		Map<String, Object> template = template("appointment_reminder", "en", "APPROVED", "UTILITY", "GREEN",
				List.of(Map.of("type", "HEADER", "format", "TEXT", "text", "Your appointment"), body,
						Map.of("type", "FOOTER", "text", "Reply STOP to opt out")));
		template.put("parameter_format", "NAMED");
		return template;
	}

	private static Map<String, Object> template(String name, String language, String status, String category,
			String quality, List<Map<String, Object>> components) {
		Map<String, Object> template = new LinkedHashMap<>();
		template.put("name", name);
		template.put("language", language);
		template.put("status", status);
		template.put("category", category);
		template.put("sub_category", "CUSTOM");
		template.put("parameter_format", "POSITIONAL");
		template.put("components", components);
		template.put("quality_score", Map.of("score", quality, "date", 1764547200L));
		template.put("rejected_reason", "NONE");
		return template;
	}

	private static Map<String, Object> positionalBody(String text, List<String> example) {
		return Map.of("type", "BODY", "text", text, "example", Map.of("body_text", List.of(example)));
	}

	private static Map<String, String> confirmationBodies() {
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put("he", "שלום {{1}}, תודה על ההזמנה! בקשת הויזה שלך ל{{2}} ({{3}}) התקבלה, מספר הזמנה {{4}}: {{5}}, "
				+ "×{{6}} מבקשים, סך הכול {{7}}. הטיפול יסתיים תוך {{8}} ימי עסקים.");
		bodies.put("ro", "Bună ziua {{1}}, vă mulțumim pentru comandă! Cererea de viză pentru {{2}} ({{3}}) a fost "
				+ "primită, comanda {{4}}: {{5}}, {{6}} solicitanți, total {{7}}. O procesăm în {{8}} zile lucrătoare.");
		bodies.put("en", "Hello {{1}}, thank you for your order! Your visa application for {{2}} ({{3}}) has been "
				+ "received, order {{4}}: {{5}}, {{6}} applicant(s), total {{7}}. We will process it within {{8}} "
				+ "business days.");
		return bodies;
	}

}
