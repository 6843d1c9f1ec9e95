package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.switchboard.templates.rules.TemplateDefinition;
import dev.switchboard.templates.rules.TemplateProblem;
import dev.switchboard.templates.rules.TemplateSendRules;

/**
 * The template send rules alone, on one thread of an otherwise quiet JVM: the part of a
 * template check that is computation (the other part is a read from memory). The same
 * template and send as {@link TemplateBenchStack}'s; one warm-up round, then the
 * percentiles of the measured rounds, in microseconds, written to the file named by the
 * first argument.
 */
public final class TemplateRulesBench {

	private static final List<Map<String, Object>> SENT = List.of(
			Map.of("type", "header", "parameters", List.of(Map.of("type", "text", "text", "A-7"))),
			Map.of("type", "body", "parameters",
					List.of(Map.of("type", "text", "text", "Dana"), Map.of("type", "text", "text", "A-7"))),
			Map.of("type", "button", "sub_type", "url", "index", 0, "parameters",
					List.of(Map.of("type", "text", "text", "A-7"))));

	private static final int PER_ROUND = 200_000;

	private static final int ROUNDS = 4;

	private TemplateRulesBench() {
	}

	public static void main(String[] args) throws IOException {
		TemplateDefinition template = new TemplateDefinition("order_update", "en_US", "POSITIONAL",
				TemplateBenchStack.COMPONENTS);
		checks(template, PER_ROUND);
		long[] took = new long[PER_ROUND * ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			long[] measured = checks(template, PER_ROUND);
			System.arraycopy(measured, 0, took, round * PER_ROUND, PER_ROUND);
		}
		Arrays.sort(took);
		Files.writeString(Path.of(args[0]),
				String.format(Locale.ROOT, "checks=%d rules_p50_us=%.1f rules_p99_us=%.1f rules_p999_us=%.1f%n",
						took.length, at(took, 0.5), at(took, 0.99), at(took, 0.999)));
	}

	private static long[] checks(TemplateDefinition template, int count) {
		long[] took = new long[count];
		for (int i = 0; i < count; i++) {
			long started = System.nanoTime();
			List<TemplateProblem> problems = TemplateSendRules.validate(template, SENT);
			took[i] = System.nanoTime() - started;
			if (!problems.isEmpty()) {
				throw new IllegalStateException("The bench's send does not fit its template: " + problems);
			}
		}
		return took;
	}

	private static double at(long[] sorted, double share) {
		return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * share))] / 1000.0;
	}

}
