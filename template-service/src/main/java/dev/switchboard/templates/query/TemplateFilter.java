package dev.switchboard.templates.query;

import java.util.List;
import java.util.regex.Pattern;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.QueryParameters;

/**
 * The list's filters, read strictly: a value that cannot be used is a 400 naming the
 * parameter, never ignored.
 *
 * @param status one status; DELETED lists templates gone from Meta, which are left out
 * otherwise
 * @param category one category
 * @param language one language code, exactly
 * @param name part of the name
 * @param quality one quality score
 */
record TemplateFilter(String status, String category, String language, String name, String quality) {

	static final List<String> STATUSES = List.of("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "IN_APPEAL",
			"PENDING_DELETION", "DELETED", "LIMIT_EXCEEDED", "ARCHIVED");

	static final List<String> CATEGORIES = List.of("MARKETING", "UTILITY", "AUTHENTICATION");

	static final List<String> QUALITIES = List.of("GREEN", "YELLOW", "RED", "UNKNOWN");

	/** Meta's language codes: {@code en}, {@code en_US}, {@code fil}, {@code zh_HK}. */
	static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2}|_[A-Za-z]{4})?");

	/** Template names: lower-case letters, digits and underscores. */
	static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");

	static TemplateFilter read(String status, String category, String language, String name, String quality) {
		String checkedLanguage = null;
		if (!QueryParameters.absent(language)) {
			checkedLanguage = language.strip().replace('-', '_');
			if (!LANGUAGE.matcher(checkedLanguage).matches()) {
				throw ApiProblem.invalidParameter("language",
						"'language' must be a language code such as en, en_US or he");
			}
		}
		String checkedName = null;
		if (!QueryParameters.absent(name)) {
			checkedName = name.strip();
			if (!NAME.matcher(checkedName).matches()) {
				throw ApiProblem.invalidParameter("name",
						"'name' must be lower-case letters, digits and underscores (at most 512)");
			}
		}
		return new TemplateFilter(QueryParameters.oneOf("status", status, STATUSES),
				QueryParameters.oneOf("category", category, CATEGORIES), checkedLanguage, checkedName,
				QueryParameters.oneOf("quality", quality, QUALITIES));
	}

}
