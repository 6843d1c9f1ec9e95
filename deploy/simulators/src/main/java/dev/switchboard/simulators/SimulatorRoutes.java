package dev.switchboard.simulators;

import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * All routes of the simulator server. Literal paths come before templates, which are
 * tried in order: {@code /_sim}, then CBB, the helpdesk, then Meta's
 * {@code /{version}/{id}/messages} and {@code /{version}/{waba_id}/message_templates}.
 */
final class SimulatorRoutes implements Consumer<HttpServerRoutes> {

	private static final String CBB = "/cbb/api";

	private final ControlEndpoints control;

	private final MetaSimulator meta;

	private final CbbSimulator cbb;

	private final MetaMessagesEndpoint metaMessages;

	private final CbbGuard cbbGuard;

	private final CbbContactsEndpoint cbbContacts;

	private final CbbFieldsEndpoint cbbFields;

	private final CbbSendEndpoint cbbSend;

	private final MetaTemplates templates;

	private final MetaTemplatesEndpoint metaTemplates;

	private final TemplateControlEndpoints templateControl;

	private final TemplateReviews templateReviews;

	private final HelpdeskEndpoints helpdesk;

	SimulatorRoutes(MetaSimulator meta, CbbSimulator cbb, CbbStore cbbStore, StatusScheduler statuses,
			MetaTemplates templates, WebhookSender webhooks, HelpdeskSimulator helpdesk) {
		this.helpdesk = new HelpdeskEndpoints(helpdesk);
		this.templates = templates;
		this.templateReviews = new TemplateReviews(templates, webhooks);
		this.metaTemplates = new MetaTemplatesEndpoint(templates);
		this.templateControl = new TemplateControlEndpoints(templates);
		this.meta = meta;
		this.cbb = cbb;
		this.control = new ControlEndpoints(meta, cbb);
		this.metaMessages = new MetaMessagesEndpoint(meta, statuses);
		this.cbbGuard = new CbbGuard(cbb.faults(), cbb::counted);
		this.cbbContacts = new CbbContactsEndpoint(cbbStore);
		this.cbbFields = new CbbFieldsEndpoint(cbbStore);
		this.cbbSend = new CbbSendEndpoint(cbb, cbbStore, statuses);
	}

	@Override
	public void accept(HttpServerRoutes routes) {
		controlRoutes(routes);
		cbbRoutes(routes);
		routes.post("/helpdesk/escalations", Endpoints.handler(this.helpdesk::escalate));
		routes.post("/{version}/{phoneNumberId}/messages", Endpoints.handler(this.metaMessages::send));
		routes.get("/{version}/{wabaId}/message_templates", Endpoints.handler(this.metaTemplates::list));
		routes.post("/{version}/{wabaId}/message_templates", Endpoints.handler(this.templateReviews::create));
		routes.delete("/{version}/{wabaId}/message_templates", Endpoints.handler(this.templateReviews::delete));
		routes.route((request) -> true, Endpoints.notFound());
	}

	private void controlRoutes(HttpServerRoutes routes) {
		routes.get("/_sim/health", Endpoints.handler(this.control::health))
			.get("/_sim/meta/messages", Endpoints.handler(this.control::metaMessages))
			.delete("/_sim/meta/messages", Endpoints.handler(this.control::clearMetaMessages))
			.get("/_sim/meta/read-receipts", Endpoints.handler(this.control::metaReadReceipts))
			.delete("/_sim/meta/read-receipts", Endpoints.handler(this.control::clearMetaReadReceipts))
			.get("/_sim/meta/stats", Endpoints.handler(this.control::metaStats))
			.post("/_sim/meta/statuses", Endpoints.handler(this.control::postStatus))
			.post("/_sim/meta/incoming", Endpoints.handler(this.control::postIncoming))
			.post("/_sim/meta/inbound", Endpoints.handler(this.control::postInbound))
			.get("/_sim/meta/faults", Endpoints.handler((request) -> this.control.listFaults(this.meta.faults())))
			.post("/_sim/meta/faults",
					Endpoints.handler((request) -> this.control.addFault(this.meta.faults(), request)))
			.delete("/_sim/meta/faults", Endpoints.handler((request) -> this.control.clearFaults(this.meta.faults())))
			.get("/_sim/meta/templates", Endpoints.handler(this.templateControl::list))
			.post("/_sim/meta/templates", Endpoints.handler(this.templateControl::add))
			.delete("/_sim/meta/templates", Endpoints.handler(this.templateControl::remove))
			.get("/_sim/meta/template-faults",
					Endpoints.handler((request) -> this.control.listFaults(this.templates.faults())))
			.post("/_sim/meta/template-faults",
					Endpoints.handler((request) -> this.control.addFault(this.templates.faults(), request)))
			.delete("/_sim/meta/template-faults",
					Endpoints.handler((request) -> this.control.clearFaults(this.templates.faults())))
			.get("/_sim/cbb/contacts", Endpoints.handler(this.control::cbbContacts))
			.get("/_sim/cbb/contents", Endpoints.handler(this.control::cbbContents))
			.get("/_sim/cbb/faults", Endpoints.handler((request) -> this.control.listFaults(this.cbb.faults())))
			.post("/_sim/cbb/faults", Endpoints.handler((request) -> this.control.addFault(this.cbb.faults(), request)))
			.delete("/_sim/cbb/faults", Endpoints.handler((request) -> this.control.clearFaults(this.cbb.faults())))
			.get("/_sim/helpdesk/escalations", Endpoints.handler(this.helpdesk::escalations))
			.delete("/_sim/helpdesk/escalations", Endpoints.handler(this.helpdesk::clear))
			.get("/_sim/helpdesk/stats", Endpoints.handler(this.helpdesk::stats));
	}

	private void cbbRoutes(HttpServerRoutes routes) {
		routes.post(CBB + "/contacts", cbb(this.cbbContacts::create))
			.get(CBB + "/contacts/find_by_custom_field", cbb(this.cbbContacts::find))
			.get(CBB + "/contacts/{id}", cbb(this.cbbContacts::get))
			.get(CBB + "/contacts/{id}/custom_fields", cbb(this.cbbContacts::fields))
			.post(CBB + "/contacts/{id}/custom_fields/{fieldId}", cbb(this.cbbContacts::setField))
			.post(CBB + "/contacts/{id}/send_content", cbb(this.cbbSend::sendContent))
			.get(CBB + "/accounts/custom_fields", cbb(this.cbbFields::list))
			.post(CBB + "/accounts/custom_fields", cbb(this.cbbFields::create))
			.get(CBB + "/accounts/custom_fields/name/{name}", cbb(this.cbbFields::getByName))
			.get(CBB + "/accounts/custom_fields/{fieldId}", cbb(this.cbbFields::get));
	}

	private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> cbb(
			Function<SimRequest, Mono<Reply>> endpoint) {
		return Endpoints.handler(this.cbbGuard.guard(endpoint));
	}

}
