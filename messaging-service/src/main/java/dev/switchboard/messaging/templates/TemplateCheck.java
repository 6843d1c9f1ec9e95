package dev.switchboard.messaging.templates;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.switchboard.messaging.templates.KnownTemplates.Reads;
import dev.switchboard.messaging.templates.TemplateValidationProperties.Validation;
import dev.switchboard.templates.rules.TemplateDefinition;
import dev.switchboard.templates.rules.TemplateProblem;
import dev.switchboard.templates.rules.TemplateSendRules;
import dev.switchboard.templates.rules.TemplateStatuses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks a template send against the local projection of the tenant's templates before
 * anything is stored or sent: the name and language exist, the template is APPROVED (or
 * the channel names a fallback for a PAUSED or DISABLED one), and the parameters fit its
 * components (shared template rules). The projection's reads come from memory
 * ({@link KnownTemplates}, refreshed in the background), else one indexed read; no call
 * to template-service.
 */
@Component
public class TemplateCheck {

	static final String NOT_FOUND = "TEMPLATE_NOT_FOUND";

	static final String PARAMETERS_INVALID = "TEMPLATE_PARAMETERS_INVALID";

	private final KnownTemplates projection;

	private final Validation validation;

	/**
	 * What a check adds to a send: the projection's read and the rules. Recorded with
	 * validation off too (a decision made without reading anything), so that two
	 * instances side by side show how much of the time is the check and how much the
	 * machine. One timer per {@link TemplateCopy}: whether the reads were served from a
	 * fresh copy, a stale one being refreshed, or read on the send's path.
	 */
	private final Map<TemplateCopy, Timer> checks = new EnumMap<>(TemplateCopy.class);

	/**
	 * The CPU time of the checks decided on the thread that began them (every check that
	 * read nothing): what the check itself costs, apart from the time its thread spent
	 * preempted, which the wall-clock timer above includes.
	 */
	private final Map<TemplateCopy, Timer> cpu = new EnumMap<>(TemplateCopy.class);

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final boolean cpuTimed;

	TemplateCheck(KnownTemplates projection, TemplateValidationProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		this.projection = projection;
		this.validation = properties.validation();
		this.cpuTimed = properties.checkCpuTimed();
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		for (TemplateCopy copy : TemplateCopy.values()) {
			this.checks.put(copy,
					Timer.builder("switchboard.templates.check")
						.description("Checking one template send against the tenant's templates")
						.tag("validation", this.validation.name().toLowerCase(Locale.ROOT).replace('_', '-'))
						.tag("copy", copy.tag())
						.publishPercentileHistogram()
						.register(registry));
			this.cpu.put(copy,
					Timer.builder("switchboard.templates.check.cpu")
						.description("CPU time of one template check decided on the thread that began it")
						.tag("validation", this.validation.name().toLowerCase(Locale.ROOT).replace('_', '-'))
						.tag("copy", copy.tag())
						.publishPercentileHistogram()
						.minimumExpectedValue(Duration.ofNanos(1_000))
						.register(registry));
		}
	}

	/**
	 * The decision for a send of the template object ({@code name},
	 * {@code language.code}, {@code components}).
	 * @param fallbacks the channel's fallback template per template name, for PAUSED and
	 * DISABLED templates
	 */
	public Mono<TemplateDecision> check(String tenantId, Map<String, String> fallbacks, Map<String, Object> template) {
		if (template == null) {
			return Mono.just(TemplateDecision.send(null));
		}
		return Mono.defer(() -> {
			long started = System.nanoTime();
			Thread thread = Thread.currentThread();
			long cpuStarted = this.cpuTimed ? this.threads.getCurrentThreadCpuTime() : -1;
			Reads reads = new Reads();
			Mono<TemplateDecision> decision = (this.validation == Validation.OFF)
					? Mono.just(TemplateDecision.send(template)) : decide(tenantId, fallbacks, template, reads);
			// Recorded before the decision is handed on: doFinally would also time the
			// rest of the send (its database write) that runs downstream of the signal.
			return decision.doOnSuccess((decided) -> record(reads, started, thread, cpuStarted))
				.doOnError((failure) -> record(reads, started, thread, cpuStarted));
		});
	}

	private void record(Reads reads, long started, Thread thread, long cpuStarted) {
		this.checks.get(reads.worst()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		if (Thread.currentThread() == thread && cpuStarted >= 0) {
			this.cpu.get(reads.worst())
				.record(this.threads.getCurrentThreadCpuTime() - cpuStarted, TimeUnit.NANOSECONDS);
		}
	}

	private Mono<TemplateDecision> decide(String tenantId, Map<String, String> fallbacks, Map<String, Object> template,
			Reads reads) {
		String name = String.valueOf(template.get("name"));
		String language = languageOf(template);
		return this.projection.languages(tenantId, name, reads).flatMap((variants) -> {
			if (variants.isEmpty()) {
				Mono<Boolean> checked = (this.validation == Validation.ENFORCED) ? Mono.just(true)
						: this.projection.hasAny(tenantId, reads);
				return checked.map(
						(enforced) -> enforced ? notFound(name, language, List.of()) : TemplateDecision.send(template));
			}
			Optional<KnownTemplate> exact = exact(variants, language);
			if (exact.isEmpty()) {
				return Mono.just(notFound(name, language, variants));
			}
			Optional<String> refusal = TemplateStatuses.refusal(exact.get().status());
			if (refusal.isEmpty()) {
				return Mono.just(parameters(exact.get(), template, null));
			}
			String fallback = (fallbacks != null) ? fallbacks.get(name) : null;
			boolean paused = TemplateStatuses.PAUSED.equals(refusal.get())
					|| TemplateStatuses.DISABLED.equals(refusal.get());
			if (fallback != null && paused) {
				return fallback(tenantId, exact.get(), refusal.get(), fallback, template, reads);
			}
			return Mono.just(notSendable(exact.get(), refusal.get(), null));
		});
	}

	private Mono<TemplateDecision> fallback(String tenantId, KnownTemplate asked, String refusal, String fallback,
			Map<String, Object> template, Reads reads) {
		return this.projection.languages(tenantId, fallback, reads).map((variants) -> {
			Optional<KnownTemplate> exact = exact(variants, asked.language());
			if (exact.isEmpty()) {
				return notSendable(asked, refusal,
						"its fallback '" + fallback + "' has no '" + asked.language() + "' translation");
			}
			if (!TemplateStatuses.sendable(exact.get().status())) {
				return notSendable(asked, refusal, "its fallback '" + fallback + "' is " + exact.get().status());
			}
			Map<String, Object> replaced = new LinkedHashMap<>(template);
			replaced.put("name", fallback);
			TemplateDecision decision = parameters(exact.get(), replaced, asked.name());
			return decision.sendable() ? decision
					: notSendable(asked, refusal, "the parameters do not fit its fallback '" + fallback + "'");
		});
	}

	private static TemplateDecision parameters(KnownTemplate known, Map<String, Object> template, String fallbackFor) {
		List<?> components = (template.get("components") instanceof List<?> list) ? list : List.of();
		List<TemplateProblem> problems = TemplateSendRules.validate(
				new TemplateDefinition(known.name(), known.language(), known.parameterFormat(), known.components()),
				components);
		if (problems.isEmpty()) {
			return (fallbackFor != null) ? TemplateDecision.fallback(template, fallbackFor)
					: TemplateDecision.send(template);
		}
		List<Map<String, Object>> errors = problems.stream()
			.map((problem) -> Map.<String, Object>of("component", problem.component(), "code", problem.code().name(),
					"detail", problem.detail()))
			.toList();
		TemplateProblem first = problems.get(0);
		return TemplateDecision.refuse(PARAMETERS_INVALID,
				"The parameters do not fit template '" + known.name() + "' (" + known.language() + "): "
						+ first.component() + ": " + first.detail(),
				Map.of("template", known.name(), "language", known.language(), "component", first.component(), "errors",
						errors));
	}

	private static TemplateDecision notFound(String name, String language, List<KnownTemplate> variants) {
		List<String> languages = variants.stream().map(KnownTemplate::language).sorted().toList();
		String detail = languages.isEmpty() ? "The tenant has no template '" + name + "'" : "Template '" + name
				+ "' has no '" + language + "' translation; it exists in " + String.join(", ", languages);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("template", name);
		properties.put("language", language);
		properties.put("availableLanguages", languages);
		return TemplateDecision.refuse(NOT_FOUND, detail, properties);
	}

	private static TemplateDecision notSendable(KnownTemplate known, String code, String fallbackProblem) {
		String detail = "Template '" + known.name() + "' (" + known.language() + ") is " + known.status()
				+ ": only APPROVED templates can be sent" + ((fallbackProblem != null) ? "; " + fallbackProblem : "");
		return TemplateDecision.refuse(code, detail,
				Map.of("template", known.name(), "language", known.language(), "templateStatus", known.status()));
	}

	private static Optional<KnownTemplate> exact(List<KnownTemplate> variants, String language) {
		return variants.stream().filter((variant) -> variant.language().equals(language)).findFirst();
	}

	private static String languageOf(Map<String, Object> template) {
		return (template.get("language") instanceof Map<?, ?> language) ? String.valueOf(language.get("code")) : null;
	}

}
