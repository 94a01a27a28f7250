package com.zapigateway.creation;

import java.time.Instant;
import java.util.List;

import com.zapigateway.instance.CreatedInstance;
import com.zapigateway.instance.InstanceView;
import com.zapigateway.instance.KnownConnection;
import com.zapigateway.instance.Lifecycle;
import com.zapigateway.instance.LifecycleView;
import com.zapigateway.instance.TrialStatus;
import com.zapigateway.instance.TrialView;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The create's HTTP contract: validation before anything leaves the gateway,
 * authentication, tenant authorization and problem+json errors.
 */
@WebSliceTest
class CreationControllerTests {

	private static final String ALL = "test-key-all";

	private static final String ACME_ONLY = "test-key-acme";

	private static final String INSTANCES = "/api/v1/tenants/acme/instances";

	private static final TrialView TRIAL = new TrialView(TrialStatus.ACTIVE, 172800);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CreationService service;

	@Test
	void createsAndAnswers201WithLocationAndToken() throws Exception {
		given(this.service.create(eq("all-tenants"), eq("acme"), isNull(), any()))
			.willReturn(new CreationService.Created(new CreatedInstance(view("Z1"), "tok-1"), false));

		create(ALL, "{\"name\":\"Loja 1\",\"callRejectAuto\":true,\"receivedCallbackUrl\":\"https://h.example.com/r\"}")
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/v1/tenants/acme/instances/Z1"))
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(jsonPath("$.id").value("Z1"))
			.andExpect(jsonPath("$.token").value("tok-1"))
			.andExpect(jsonPath("$.trial.status").value("ACTIVE"))
			.andExpect(header().doesNotExist("Idempotent-Replayed"));
		verify(this.service).create("all-tenants", "acme", null, new OnDemandInstanceRequest("Loja 1", null, null,
				"https://h.example.com/r", null, null, null, null, null, true, null, null, null, null, null, null));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "{}|name", "{\"name\":\"  \"}|name",
					"{\"name\":\"x\",\"deliveryCallbackUrl\":\"http://h.example.com/d\"}|deliveryCallbackUrl",
					"{\"name\":\"x\",\"receivedCallbackUrl\":\"/relative\"}|receivedCallbackUrl",
					"{\"name\":\"x\",\"connectedCallbackUrl\":\"https://user:pw@h.example.com/\"}|connectedCallbackUrl",
					"{\"name\":\"x\",\"messageStatusCallbackUrl\":\"ftp://h.example.com/\"}|messageStatusCallbackUrl",
					"{\"name\":\"x\",\"recievedCallbackUrl\":\"https://h.example.com/\"}|recievedCallbackUrl",
					"{\"name\":\"x\",\"callRejectAuto\":\"true\"}|callRejectAuto",
					"{\"name\":\"x\",\"autoReadMessage\":1}|autoReadMessage", "{\"name\":42}|name" })
	void rejectsInvalidFieldsWithAFieldList(String body, String field) throws Exception {
		create(ALL, body).andExpect(status().isBadRequest())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")))
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:validation"))
			.andExpect(jsonPath("$.errors[*].field", hasItem(field)));
		verifyNoInteractions(this.service);
	}

	@Test
	void rejectsOverlongStrings() throws Exception {
		create(ALL, "{\"name\":\"" + "n".repeat(121) + "\",\"callRejectMessage\":\"" + "m".repeat(1001) + "\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", hasItem("name")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("callRejectMessage")));
		verifyNoInteractions(this.service);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"name\":\"x\"", "[]", "{\"name\":\"x\"} {}" })
	void rejectsMalformedJson(String body) throws Exception {
		create(ALL, body).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:malformed-request"));
		verifyNoInteractions(this.service);
	}

	@Test
	void rejectsAnOversizedBody() throws Exception {
		create(ALL, "{\"name\":\"x\",\"callRejectMessage\":\"" + "m".repeat(20_000) + "\"}")
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:payload-too-large"));
		verifyNoInteractions(this.service);
	}

	@Test
	void rejectsAnotherContentType() throws Exception {
		this.mvc.perform(post(INSTANCES).header("X-API-Key", ALL).contentType(MediaType.TEXT_PLAIN).content("name=x"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:unsupported-media-type"));
		verifyNoInteractions(this.service);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-acme", "a.b", "x12345678901234567890123456789012345678901234567890123456789012345" })
	void rejectsAMalformedTenantId(String tenant) throws Exception {
		this.mvc
			.perform(post("/api/v1/tenants/" + tenant + "/instances").header("X-API-Key", ALL)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"x\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("tenantId"));
		verifyNoInteractions(this.service);
	}

	@Test
	void passesTheIdempotencyKeyOnAndMarksReplays() throws Exception {
		given(this.service.create(eq("all-tenants"), eq("acme"), eq("order-42/attempt"), any()))
			.willReturn(new CreationService.Created(new CreatedInstance(view("Z1"), "tok-1"), true));

		this.mvc
			.perform(post(INSTANCES).header("X-API-Key", ALL)
				.header("Idempotency-Key", "order-42/attempt")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Loja 1\"}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.token").value("tok-1"));
	}

	@ParameterizedTest
	@CsvSource({ "256", "0" })
	void rejectsIdempotencyKeysOfTheWrongLengthBeforeAnythingIsRecorded(int length) throws Exception {
		this.mvc
			.perform(post(INSTANCES).header("X-API-Key", ALL)
				.header("Idempotency-Key", "k".repeat(length))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Loja 1\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:validation"));
		verifyNoInteractions(this.service);
	}

	private ResultActions create(String apiKey, String body) throws Exception {
		return this.mvc
			.perform(post(INSTANCES).header("X-API-Key", apiKey).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private static InstanceView view(String id) {
		Instant created = Instant.parse("2026-03-01T12:00:00Z");
		return new InstanceView(id, "acme", "Loja 1", null, created, created.plusSeconds(172800), false, TRIAL,
				new LifecycleView(Lifecycle.TRIAL, null, null, null, null, null, null, null, null, null),
				new KnownConnection(null, null, null, null));
	}

}
