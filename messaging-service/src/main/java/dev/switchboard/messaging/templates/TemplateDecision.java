package dev.switchboard.messaging.templates;

import java.util.Map;

import dev.switchboard.http.problem.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * Whether a template send goes out, and as which template: the one asked for, or the
 * channel's fallback for it; or why it is refused.
 *
 * @param template the template object to send (the fallback's when one is used); null
 * when refused
 * @param fallbackFor the template asked for when its fallback is sent, else null
 * @param code the refusal's stable code ({@code TEMPLATE_NOT_FOUND},
 * {@code TEMPLATE_NOT_APPROVED}, {@code TEMPLATE_PAUSED}, {@code TEMPLATE_DISABLED},
 * {@code TEMPLATE_PARAMETERS_INVALID}); null when sent
 * @param detail the refusal in words
 * @param properties the refusal's problem properties (e.g. {@code component},
 * {@code errors}, {@code availableLanguages})
 */
public record TemplateDecision(Map<String, Object> template, String fallbackFor, String code, String detail,
		Map<String, Object> properties) {

	public static TemplateDecision send(Map<String, Object> template) {
		return new TemplateDecision(template, null, null, null, Map.of());
	}

	public static TemplateDecision fallback(Map<String, Object> template, String fallbackFor) {
		return new TemplateDecision(template, fallbackFor, null, null, Map.of());
	}

	public static TemplateDecision refuse(String code, String detail, Map<String, Object> properties) {
		return new TemplateDecision(null, null, code, detail, properties);
	}

	public boolean sendable() {
		return this.code == null;
	}

	/** The refusal as the API answers it: 422 with its code. */
	public ApiProblem problem() {
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, this.code, this.detail, this.properties);
	}

}
