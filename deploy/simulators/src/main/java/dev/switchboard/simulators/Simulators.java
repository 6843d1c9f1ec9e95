package dev.switchboard.simulators;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Meta's WhatsApp Cloud API and the CBB API on one real HTTP port, for tests and the
 * local stack. Meta answers at {@code /{version}/{phone_number_id}/messages}, CBB under
 * {@code /cbb/api}, controls under {@code /_sim}.
 *
 * <pre>
 * try (Simulators sims = Simulators.start(SimulatorOptions.defaults().withWebhookUrl(url))) {
 *     sims.meta().faults().add(FaultRule.metaError(130429).once());
 *     ...
 * }
 * </pre>
 */
public final class Simulators implements AutoCloseable {

	private final DisposableServer server;

	private final MetaSimulator meta;

	private final CbbSimulator cbb;

	private final WebhookSender webhooks;

	private final StatusScheduler statuses;

	private final MetaTemplates templates;

	private final HelpdeskSimulator helpdesk;

	private Simulators(DisposableServer server, MetaSimulator meta, CbbSimulator cbb, WebhookSender webhooks,
			StatusScheduler statuses, MetaTemplates templates, HelpdeskSimulator helpdesk) {
		this.server = server;
		this.helpdesk = helpdesk;
		this.templates = templates;
		this.meta = meta;
		this.cbb = cbb;
		this.webhooks = webhooks;
		this.statuses = statuses;
	}

	/** Starts the simulators and waits until the port is bound. */
	public static Simulators start(SimulatorOptions options) {
		Objects.requireNonNull(options, "options");
		warmUp();
		MetaAccounts accounts = new MetaAccounts(options);
		WebhookSender webhooks = new WebhookSender(options.webhookUrl(), accounts);
		MetaWebhooks payloads = new MetaWebhooks(accounts);
		StatusScheduler statuses = new StatusScheduler(webhooks, payloads, options);
		MetaSimulator meta = new MetaSimulator(webhooks, payloads, statuses);
		CbbStore cbbStore = new CbbStore();
		CbbSimulator cbb = new CbbSimulator(cbbStore);
		MetaTemplates templates = new MetaTemplates();
		HelpdeskSimulator helpdesk = new HelpdeskSimulator();
		try {
			DisposableServer server = HttpServer.create()
				.port(options.port())
				.route(new SimulatorRoutes(meta, cbb, cbbStore, statuses, templates, webhooks, helpdesk))
				.bindNow();
			return new Simulators(server, meta, cbb, webhooks, statuses, templates, helpdesk);
		}
		catch (RuntimeException ex) {
			statuses.close();
			webhooks.close();
			throw ex;
		}
	}

	/**
	 * Initialises JCA and Jackson on the caller's thread: their first use reads files,
	 * which BlockHound (active in the services' tests) would report on an event loop.
	 */
	private static void warmUp() {
		WebhookSignature.header("warm-up", Json.metaBytes(Json.object().put("warm", "up")));
		Json.parse(new byte[] { '{', '}' });
	}

	/** The bound port. */
	public int port() {
		return this.server.port();
	}

	/** {@code http://localhost:<port>}. */
	public String baseUrl() {
		return "http://localhost:" + port();
	}

	public MetaSimulator meta() {
		return this.meta;
	}

	/** The WABAs' message templates (the demo WABA's at start), their faults. */
	public MetaTemplates templates() {
		return this.templates;
	}

	public CbbSimulator cbb() {
		return this.cbb;
	}

	/** The helpdesk that workflows' escalations reach. */
	public HelpdeskSimulator helpdesk() {
		return this.helpdesk;
	}

	/** Stops pending webhooks and the server. */
	@Override
	public void close() {
		this.statuses.close();
		this.server.disposeNow();
		this.webhooks.close();
	}

	/**
	 * Runs the simulators until the process ends (port 8090 by default). Settings come
	 * from system properties {@code switchboard.simulators.*} or env
	 * {@code SWITCHBOARD_SIMULATORS_*}: port, webhook-url, app-secrets
	 * ({@code id=secret,...}), waba-ids ({@code id=waba,...}), sent-delay,
	 * delivered-delay, read-delay ({@code 250ms}, {@code 1s}, ISO-8601), auto-statuses,
	 * helpdesk-token.
	 */
	public static void main(String[] args) {
		SimulatorSettings.useQuietLogging();
		Logger log = LoggerFactory.getLogger(Simulators.class);
		SimulatorSettings settings = SimulatorSettings.fromEnvironment(System::getProperty, System::getenv);
		Simulators simulators = start(settings.options());
		simulators.meta().autoStatuses(settings.autoStatuses());
		simulators.helpdesk().expectToken(settings.helpdeskToken());
		Runtime.getRuntime().addShutdownHook(new Thread(simulators::close, "simulators-shutdown"));
		log.info("Simulators listening on {}, webhooks to {}", simulators.baseUrl(), settings.options().webhookUrl());
		simulators.server.onDispose().block();
	}

}
