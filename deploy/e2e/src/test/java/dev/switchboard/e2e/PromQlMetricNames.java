package dev.switchboard.e2e;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The metric names a PromQL expression selects: identifiers used as selectors (followed
 * by {@code {}, {@code [}, or standing bare), and names given as {@code __name__="..."}
 * matchers. Left out: functions and aggregations (followed by {@code (}, or an
 * aggregation followed by {@code by}/{@code without}), keywords ({@code and}, {@code or},
 * {@code unless}, {@code bool}, {@code offset}, ...), the label lists of {@code by},
 * {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code
 * group_right}, label matchers and their values, range and subquery durations, numbers,
 * strings and Grafana variables ({@code $__rate_interval}, {@code ${job}}). Enough for
 * the queries of a dashboard and rules file, not a full parser.
 */
final class PromQlMetricNames {

	/** Words that are never metric names in a selector's position. */
	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "atan2");

	/** Aggregation operators: may be followed by a grouping before their parenthesis. */
	private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
			"count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	/** Keywords followed by a parenthesised list of label names. */
	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	private final String expr;

	private int at;

	private final Set<String> names = new LinkedHashSet<>();

	private PromQlMetricNames(String expr) {
		this.expr = expr;
	}

	/** The metric names the expression selects, in the order they appear. */
	static Set<String> of(String expr) {
		PromQlMetricNames scan = new PromQlMetricNames(expr);
		scan.scan();
		return scan.names;
	}

	private void scan() {
		while (this.at < this.expr.length()) {
			char c = this.expr.charAt(this.at);
			if (c == '"' || c == '\'' || c == '`') {
				skipString();
			}
			else if (c == '#') {
				skipComment();
			}
			else if (c == '{') {
				matchers();
			}
			else if (c == '[') {
				skipPast(']');
			}
			else if (c == '$') {
				skipVariable();
			}
			else if (Character.isDigit(c) || (c == '.' && this.at + 1 < this.expr.length()
					&& Character.isDigit(this.expr.charAt(this.at + 1)))) {
				skipNumber();
			}
			else if (isIdentifierStart(c)) {
				identifier();
			}
			else {
				this.at++;
			}
		}
	}

	private void identifier() {
		int start = this.at;
		while (this.at < this.expr.length() && isIdentifierPart(this.expr.charAt(this.at))) {
			this.at++;
		}
		String word = this.expr.substring(start, this.at);
		char next = nextNonSpace();
		String lower = word.toLowerCase(Locale.ROOT);
		if (LABEL_LISTS.contains(lower)) {
			if (next == '(') {
				skipSpaces();
				skipPast(')');
			}
			return;
		}
		if (KEYWORDS.contains(lower) || next == '(') {
			return;
		}
		if (AGGREGATIONS.contains(lower) && nextWordIsGrouping()) {
			return;
		}
		this.names.add(word);
	}

	/** Label matchers: skipped, except a metric name given as {@code __name__}. */
	private void matchers() {
		this.at++;
		while (this.at < this.expr.length() && this.expr.charAt(this.at) != '}') {
			char c = this.expr.charAt(this.at);
			if (c == '"' || c == '\'' || c == '`') {
				skipString();
			}
			else if (isIdentifierStart(c)) {
				int start = this.at;
				while (this.at < this.expr.length() && isIdentifierPart(this.expr.charAt(this.at))) {
					this.at++;
				}
				String label = this.expr.substring(start, this.at);
				skipSpaces();
				if (label.equals("__name__") && this.expr.startsWith("=", this.at)
						&& !this.expr.startsWith("=~", this.at)) {
					this.at++;
					skipSpaces();
					int valueStart = this.at + 1;
					skipString();
					this.names.add(this.expr.substring(valueStart, this.at - 1));
				}
			}
			else {
				this.at++;
			}
		}
		this.at++;
	}

	private boolean nextWordIsGrouping() {
		int i = this.at;
		while (i < this.expr.length() && Character.isWhitespace(this.expr.charAt(i))) {
			i++;
		}
		int start = i;
		while (i < this.expr.length() && isIdentifierPart(this.expr.charAt(i))) {
			i++;
		}
		String word = this.expr.substring(start, i).toLowerCase(Locale.ROOT);
		return word.equals("by") || word.equals("without");
	}

	private char nextNonSpace() {
		int i = this.at;
		while (i < this.expr.length() && Character.isWhitespace(this.expr.charAt(i))) {
			i++;
		}
		return (i < this.expr.length()) ? this.expr.charAt(i) : 0;
	}

	private void skipSpaces() {
		while (this.at < this.expr.length() && Character.isWhitespace(this.expr.charAt(this.at))) {
			this.at++;
		}
	}

	private void skipString() {
		char quote = this.expr.charAt(this.at++);
		while (this.at < this.expr.length()) {
			char c = this.expr.charAt(this.at++);
			if (c == '\\' && quote != '`') {
				this.at++;
			}
			else if (c == quote) {
				return;
			}
		}
	}

	private void skipComment() {
		while (this.at < this.expr.length() && this.expr.charAt(this.at) != '\n') {
			this.at++;
		}
	}

	/** Up to and past the closing character, strings inside included. */
	private void skipPast(char closing) {
		this.at++;
		while (this.at < this.expr.length() && this.expr.charAt(this.at) != closing) {
			char c = this.expr.charAt(this.at);
			if (c == '"' || c == '\'' || c == '`') {
				skipString();
			}
			else {
				this.at++;
			}
		}
		this.at++;
	}

	/** Grafana variables: {@code $name} and {@code ${name}}. */
	private void skipVariable() {
		this.at++;
		if (this.at < this.expr.length() && this.expr.charAt(this.at) == '{') {
			skipPast('}');
			return;
		}
		while (this.at < this.expr.length() && isIdentifierPart(this.expr.charAt(this.at))) {
			this.at++;
		}
	}

	/**
	 * Numbers and durations: {@code 0.99}, {@code 1e3}, {@code 0x1F}, {@code 5m},
	 * {@code 1h30m}.
	 */
	private void skipNumber() {
		while (this.at < this.expr.length()
				&& (Character.isLetterOrDigit(this.expr.charAt(this.at)) || this.expr.charAt(this.at) == '.')) {
			this.at++;
		}
	}

	private static boolean isIdentifierStart(char c) {
		return Character.isLetter(c) || c == '_' || c == ':';
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == ':';
	}

}
