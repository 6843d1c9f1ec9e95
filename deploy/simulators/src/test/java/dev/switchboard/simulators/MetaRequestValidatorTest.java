package dev.switchboard.simulators;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetaRequestValidatorTest {

	@Test
	void acceptsTextAndTemplateSends() {
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"hi"}}""")).isNull();
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"16505551234","type":"template",
				 "template":{"name":"order_update","language":{"code":"en_US"}}}""")).isNull();
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"1","type":"image","image":{"link":"https://x/y.png"}}"""))
			.isNull();
	}

	@Test
	void typeDefaultsToTextLikeMeta() {
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"1","text":{"body":"hi"}}""")).isNull();
		assertThat(MetaRequestValidator.type(Json.parse("{}"))).isEqualTo("text");
	}

	@Test
	void rejectsWhatMetaRejects() {
		assertThat(problem("""
				{"to":"1","type":"text","text":{"body":"hi"}}""")).contains("messaging_product");
		assertThat(problem("""
				{"messaging_product":"whatsapp","type":"text","text":{"body":"hi"}}""")).contains("to");
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"1","type":"text"}""")).contains("text");
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"1","type":"text","text":{"body":""}}"""))
			.contains("text['body']");
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"1","type":"template","template":{"name":"x"}}"""))
			.contains("language");
		assertThat(problem("""
				{"messaging_product":"whatsapp","to":"1","type":"hologram","hologram":{}}""")).contains("type");
		assertThat(problem("[]")).isNotNull();
	}

	private static String problem(String json) {
		return MetaRequestValidator.problem(Json.parse(json)).orElse(null);
	}

}
