package dev.switchboard.orders.confirmation;

import java.util.Locale;
import java.util.Map;

/**
 * The visa type phrase of a confirmation ("תיירות לחודש", "Tourist visa, 1 month"):
 * document type, intent, entries and validity in the template's language.
 */
final class VisaTypes {

	private static final Map<String, Map<String, String>> VALIDITY = Map
		.of("he", Map.ofEntries(Map.entry("2_weeks", "לשבועיים"), Map.entry("15_days", "ל-15 ימים"),
				Map.entry("month", "לחודש"), Map.entry("2_months", "לחודשיים"), Map.entry("3_months", "ל-3 חודשים"),
				Map.entry("6_months", "לחצי שנה"), Map.entry("year", "לשנה"), Map.entry("2_years", "לשנתיים"),
				Map.entry("3_years", "ל-3 שנים"), Map.entry("5_years", "ל-5 שנים"), Map.entry("10_years", "ל-10 שנים")),
				"ro",
				Map.ofEntries(Map.entry("2_weeks", "2 săptămâni"), Map.entry("15_days", "15 zile"),
						Map.entry("month", "1 lună"), Map.entry("2_months", "2 luni"), Map.entry("3_months", "3 luni"),
						Map.entry("6_months", "6 luni"), Map.entry("year", "1 an"), Map.entry("2_years", "2 ani"),
						Map.entry("3_years", "3 ani"), Map.entry("5_years", "5 ani"), Map.entry("10_years", "10 ani")),
				"en",
				Map.ofEntries(Map.entry("2_weeks", "2 weeks"), Map.entry("15_days", "15 days"),
						Map.entry("month", "1 month"), Map.entry("2_months", "2 months"),
						Map.entry("3_months", "3 months"), Map.entry("6_months", "6 months"),
						Map.entry("year", "1 year"), Map.entry("2_years", "2 years"), Map.entry("3_years", "3 years"),
						Map.entry("5_years", "5 years"), Map.entry("10_years", "10 years")));

	private static final Map<String, Map<String, String>> WORDS = Map.of("he", Map.of("tourism", "תיירות", "business",
			"עסקים", "general", "תיירות ועסקים", "eta", "אישור נסיעה", "voa", "ויזה בהגעה", "multiple", "רב פעמית"),
			"ro",
			Map.of("tourism", "Viză de turism", "business", "Viză de afaceri", "general", "Viză de turism și afaceri",
					"eta", "Autorizație electronică de călătorie", "voa", "Viză la sosire", "multiple",
					"intrări multiple"),
			"en", Map.of("tourism", "Tourist visa", "business", "Business visa", "general", "Tourist and business visa",
					"eta", "Electronic travel authorisation", "voa", "Visa on arrival", "multiple", "multiple entry"));

	private VisaTypes() {
	}

	static String phrase(String docType, String intent, String entries, String validity, String language) {
		String lang = VALIDITY.containsKey(language) ? language : "en";
		Map<String, String> words = WORDS.get(lang);
		String period = (validity != null) ? VALIDITY.get(lang).getOrDefault(validity, validity.replace('_', ' ')) : "";
		String type = (docType != null) ? docType.toLowerCase(Locale.ROOT) : "evisa";
		String kind;
		if (type.equals("eta") || type.equals("voa")) {
			kind = words.get(type);
		}
		else if (type.equals("evisa") || type.equals("visa")) {
			kind = words.getOrDefault((intent != null) ? intent : "tourism", words.get("tourism"));
		}
		else {
			kind = type.toUpperCase(Locale.ROOT);
		}
		String separator = lang.equals("he") ? " " : ", ";
		if ("multiple".equals(entries)) {
			return join(kind + ", " + words.get("multiple"), period, ", ");
		}
		return join(kind, period, separator);
	}

	private static String join(String kind, String period, String separator) {
		return period.isEmpty() ? kind : kind + separator + period;
	}

}
