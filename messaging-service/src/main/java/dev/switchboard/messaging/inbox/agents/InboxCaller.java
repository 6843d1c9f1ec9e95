package dev.switchboard.messaging.inbox.agents;

import java.util.Map;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * Who calls the inbox: an agent with its effective role, or an integration (a key without
 * an agent binding) acting for the whole tenant within its scopes.
 *
 * @param tenantId the caller's tenant
 * @param keyId the API key the gateway authenticated
 * @param agentId the agent the key is bound to, {@code null} for an integration
 * @param role the agent's effective role, {@code null} for an integration
 */
public record InboxCaller(String tenantId, String keyId, UUID agentId, AgentRole role) {

	/** The stable code of every refusal for want of a role. */
	public static final String FORBIDDEN_CODE = "INSUFFICIENT_ROLE";

	/** Whether the caller is an integration (no agent binding). */
	public boolean integration() {
		return this.agentId == null;
	}

	/**
	 * Whether the caller acts only on its own conversations and the unassigned ones of
	 * its queues.
	 */
	public boolean restricted() {
		return this.role == AgentRole.AGENT;
	}

	/** Who acts, for the audit trail: the agent, else the key. */
	public String actorId() {
		return integration() ? this.keyId : this.agentId.toString();
	}

	/** Agents and queues are managed by admins and integrations only. */
	public void requireAdmin() {
		if (!integration() && this.role != AgentRole.ADMIN) {
			throw forbidden("Only an admin manages agents and queues");
		}
	}

	/** The tag catalogue is managed by supervisors, admins and integrations. */
	public void requireSupervisor() {
		if (!integration() && this.role == AgentRole.AGENT) {
			throw forbidden("Only a supervisor or an admin manages the tag catalogue");
		}
	}

	public static ApiProblem forbidden(String detail) {
		return new ApiProblem(HttpStatus.FORBIDDEN, FORBIDDEN_CODE, detail, Map.of());
	}

}
