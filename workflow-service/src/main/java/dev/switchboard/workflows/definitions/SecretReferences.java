package dev.switchboard.workflows.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders {@code {{secrets.NAME}}} naming one of the tenant's secrets (set by an
 * operator at the gateway). They may only stand in an {@code http_call} step's header
 * values, where the secret is filled in at call time and never kept.
 */
public final class SecretReferences {

	/** A secret placeholder; group 1 is what stands after {@code secrets.}. */
	public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*secrets\\.([^}]*?)\\s*}}");

	/** A secret's name, as the gateway accepts it. */
	public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	/** Anything that looks like a secret placeholder, well formed or not. */
	private static final Pattern MENTION = Pattern.compile("\\{\\{\\s*secrets\\b");

	private SecretReferences() {
	}

	/** Whether the text holds a secret placeholder, well formed or not. */
	public static boolean mentioned(String text) {
		return text != null && MENTION.matcher(text).find();
	}

	/** The names the text's secret placeholders give, as written. */
	public static List<String> names(String text) {
		List<String> names = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
