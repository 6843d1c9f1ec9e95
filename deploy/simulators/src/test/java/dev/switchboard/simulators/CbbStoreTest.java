package dev.switchboard.simulators;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CbbStoreTest {

	private final CbbStore store = new CbbStore();

	@Test
	void createUsesPhoneDigitsAsIdAndAppliesActions() {
		CbbContact contact = this.store.create(Json.parse("""
				{"phone":"+972 50-123-4567","email":"dana@example.com","first_name":"Dana","last_name":"Levi",
				 "actions":[{"action":"set_field_value","field_name":"order_number","value":"A-1"},
				            {"action":"add_tag","tag_name":"vip"}]}"""));

		assertThat(contact.id()).isEqualTo("972501234567");
		assertThat(contact.firstName()).isEqualTo("Dana");
		assertThat(contact.customFields()).containsEntry("order_number", "A-1");
		assertThat(contact.tags()).containsExactly("vip");
		assertThat(this.store.fieldByName("order_number")).isPresent();
	}

	@Test
	void createOfAnExistingContactKeepsNamesAndAppliesActions() {
		this.store.create(Json.parse("{\"phone\":\"1555\",\"first_name\":\"Old\"}"));

		CbbContact again = this.store.create(Json
			.parse("""
					{"phone":"1555","first_name":"New","actions":[{"action":"set_field_value","field_name":"f","value":"v"}]}"""));

		assertThat(again.firstName()).isEqualTo("Old");
		assertThat(again.customFields()).containsEntry("f", "v");
		assertThat(this.store.contacts()).hasSize(1);
	}

	@Test
	void setsFieldsByIdAndFindsByPhoneEmailOrField() {
		CbbCustomField field = this.store.defineField("lead_score", 1, "score");
		this.store.create(Json.parse("{\"phone\":\"+1 650 555 1234\",\"email\":\"a@b.c\"}"));

		assertThat(this.store.setField("16505551234", Long.toString(field.id()), "42")).isPresent();
		assertThat(this.store.setField("16505551234", "999", "x")).isEmpty();
		assertThat(this.store.setField("999", Long.toString(field.id()), "x")).isEmpty();

		assertThat(this.store.findBy("phone", "16505551234")).hasSize(1);
		assertThat(this.store.findBy(CbbStore.PHONE_FIELD_ID, "+1-650-555-1234")).hasSize(1);
		assertThat(this.store.findBy("email", "A@B.C")).hasSize(1);
		assertThat(this.store.findBy(Long.toString(field.id()), "42")).hasSize(1);
		assertThat(this.store.findBy(Long.toString(field.id()), "41")).isEmpty();
	}

}
