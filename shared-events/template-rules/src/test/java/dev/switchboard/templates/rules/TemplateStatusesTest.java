package dev.switchboard.templates.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateStatusesTest {

	@ParameterizedTest
	@CsvSource(nullValues = "null", value = { "APPROVED,", "approved,", "PAUSED,TEMPLATE_PAUSED",
			"DISABLED,TEMPLATE_DISABLED", "PENDING,TEMPLATE_NOT_APPROVED", "REJECTED,TEMPLATE_NOT_APPROVED",
			"IN_APPEAL,TEMPLATE_NOT_APPROVED", "PENDING_DELETION,TEMPLATE_NOT_APPROVED",
			"DELETED,TEMPLATE_NOT_APPROVED", "LIMIT_EXCEEDED,TEMPLATE_NOT_APPROVED", "ARCHIVED,TEMPLATE_NOT_APPROVED",
			"SOMETHING_NEW,TEMPLATE_NOT_APPROVED", "null,TEMPLATE_NOT_APPROVED" })
	void onlyApprovedTemplatesAreSent(String status, String refusal) {
		assertThat(TemplateStatuses.refusal(status).orElse(null)).isEqualTo(refusal);
		assertThat(TemplateStatuses.sendable(status)).isEqualTo(refusal == null);
	}

}
