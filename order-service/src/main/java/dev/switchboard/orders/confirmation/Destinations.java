package dev.switchboard.orders.confirmation;

import java.util.Map;
import java.util.Optional;

/**
 * The one translation table of Vizi's 17 destination keys: flag and name per language.
 */
public final class Destinations {

	private static final Map<String, Destination> BY_KEY = Map.ofEntries(
			entry("india", "🇮🇳", "הודו", "India", "India"), entry("canada", "🇨🇦", "קנדה", "Canada", "Canada"),
			entry("sri_lanka", "🇱🇰", "סרי לנקה", "Sri Lanka", "Sri Lanka"),
			entry("morocco", "🇲🇦", "מרוקו", "Morocco", "Maroc"),
			entry("new_zealand", "🇳🇿", "ניו זילנד", "New Zealand", "Noua Zeelandă"),
			entry("vietnam", "🇻🇳", "וייטנאם", "Vietnam", "Vietnam"), entry("usa", "🇺🇸", "ארה\"ב", "USA", "SUA"),
			entry("korea", "🇰🇷", "קוריאה", "South Korea", "Coreea de Sud"),
			entry("cambodia", "🇰🇭", "קמבודיה", "Cambodia", "Cambodgia"),
			entry("israel", "🇮🇱", "ישראל", "Israel", "Israel"),
			entry("saudi_arabia", "🇸🇦", "ערב הסעודית", "Saudi Arabia", "Arabia Saudită"),
			entry("bahrain", "🇧🇭", "בחריין", "Bahrain", "Bahrain"),
			entry("indonesia", "🇮🇩", "אינדונזיה", "Indonesia", "Indonezia"),
			entry("uk", "🇬🇧", "בריטניה", "United Kingdom", "Regatul Unit"),
			entry("togo", "🇹🇬", "טוגו", "Togo", "Togo"), entry("thailand", "🇹🇭", "תאילנד", "Thailand", "Thailanda"),
			entry("schengen", "🇪🇺", "אזור שנגן", "Schengen Area", "Spațiul Schengen"));

	private Destinations() {
	}

	public static Optional<Destination> of(String key) {
		return Optional.ofNullable((key != null) ? BY_KEY.get(key) : null);
	}

	/** Every destination key. */
	public static java.util.Set<String> keys() {
		return BY_KEY.keySet();
	}

	/**
	 * The destination's name in a language (he, ro, else English); the key when unknown.
	 */
	public static String name(String key, String language) {
		return of(key).map((destination) -> destination.name(language)).orElse((key != null) ? key : "");
	}

	/** The destination's flag emoji; empty when unknown. */
	public static String flag(String key) {
		return of(key).map(Destination::flag).orElse("");
	}

	private static Map.Entry<String, Destination> entry(String key, String flag, String hebrew, String english,
			String romanian) {
		return Map.entry(key, new Destination(flag, hebrew, english, romanian));
	}

	/**
	 * One destination.
	 *
	 * @param flag flag emoji
	 * @param hebrew name in Hebrew
	 * @param english name in English
	 * @param romanian name in Romanian
	 */
	public record Destination(String flag, String hebrew, String english, String romanian) {

		String name(String language) {
			return switch (language) {
				case "he" -> this.hebrew;
				case "ro" -> this.romanian;
				default -> this.english;
			};
		}

	}

}
