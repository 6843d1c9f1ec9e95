package dev.switchboard.simulators;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Settings of the stand-alone simulators ({@link Simulators#main}): system property
 * {@code switchboard.simulators.<name>} or env {@code SWITCHBOARD_SIMULATORS_<NAME>}.
 *
 * @param options server options
 * @param autoStatuses whether sends produce sent/delivered/read webhooks
 * @param helpdeskToken the bearer token the helpdesk expects of escalations
 */
record SimulatorSettings(SimulatorOptions options, boolean autoStatuses, String helpdeskToken) {

	static final int DEFAULT_PORT = 8090;

	private static final String LOGBACK_PROPERTY = "logback.configurationFile";

	static SimulatorSettings fromEnvironment(Function<String, String> systemProperties,
			Function<String, String> environment) {
		Function<String, String> setting = (name) -> {
			String value = systemProperties.apply("switchboard.simulators." + name);
			if (value == null) {
				value = environment.apply("SWITCHBOARD_SIMULATORS_" + name.replace('-', '_').toUpperCase(Locale.ROOT));
			}
			return (value == null || value.isBlank()) ? null : value.trim();
		};
		SimulatorOptions options = SimulatorOptions.defaults().withPort(DEFAULT_PORT);
		String port = setting.apply("port");
		if (port != null) {
			options = options.withPort(Integer.parseInt(port));
		}
		String webhookUrl = setting.apply("webhook-url");
		if (webhookUrl != null) {
			options = options.withWebhookUrl(webhookUrl);
		}
		for (String[] pair : pairs(setting.apply("app-secrets"))) {
			options = options.withAppSecret(pair[0], pair[1]);
		}
		for (String[] pair : pairs(setting.apply("waba-ids"))) {
			options = options.withWabaId(pair[0], pair[1]);
		}
		for (String[] pair : pairs(setting.apply("display-phone-numbers"))) {
			options = options.withDisplayPhoneNumber(pair[0], pair[1]);
		}
		options = options.withDelays(delay(setting.apply("sent-delay"), options.sentDelay()),
				delay(setting.apply("delivered-delay"), options.deliveredDelay()),
				delay(setting.apply("read-delay"), options.readDelay()));
		String autoStatuses = setting.apply("auto-statuses");
		String helpdeskToken = setting.apply("helpdesk-token");
		return new SimulatorSettings(options, autoStatuses == null || Boolean.parseBoolean(autoStatuses),
				(helpdeskToken != null) ? helpdeskToken : HelpdeskSimulator.DEMO_TOKEN);
	}

	/**
	 * Without a logging setup of its own, the stand-alone server logs at INFO, not DEBUG.
	 */
	static void useQuietLogging() {
		if (System.getProperty(LOGBACK_PROPERTY) == null) {
			System.setProperty(LOGBACK_PROPERTY, "dev/switchboard/simulators/simulators-logback.xml");
		}
	}

	/** {@code a=b,c=d} as pairs. */
	private static String[][] pairs(String text) {
		if (text == null) {
			return new String[0][];
		}
		return Arrays.stream(text.split(","))
			.map(String::trim)
			.filter((pair) -> pair.contains("="))
			.map((pair) -> new String[] { pair.substring(0, pair.indexOf('=')).trim(),
					pair.substring(pair.indexOf('=') + 1).trim() })
			.toArray(String[][]::new);
	}

	private static Duration delay(String text, Duration fallback) {
		return (text != null) ? Durations.parse(text) : fallback;
	}

}
