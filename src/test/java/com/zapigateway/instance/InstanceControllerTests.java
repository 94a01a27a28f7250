package com.zapigateway.instance;

import java.time.Instant;
import java.util.List;

import com.zapigateway.creation.WebSliceTest;
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
 * The HTTP contract: validation before anything leaves the gateway, authentication,
 * tenant authorization and problem+json errors.
 */
@WebSliceTest
class InstanceControllerTests {

	private static final String ALL = "test-key-all";

	private static final String ACME_ONLY = "test-key-acme";

	private static final String INSTANCES = "/api/v1/tenants/acme/instances";

	private static final TrialView TRIAL = new TrialView(TrialStatus.ACTIVE, 172800);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Instances service;

	@Test
	void requiresAnApiKey() throws Exception {
		this.mvc.perform(get(INSTANCES))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("X-API-Key")))
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:unauthorized"));
		this.mvc.perform(get(INSTANCES).header("X-API-Key", "wrong-key"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:unauthorized"));
		verifyNoInteractions(this.service);
	}

	@Test
	void refusesAKeyForATenantItIsNotBoundTo() throws Exception {
		this.mvc.perform(get("/api/v1/tenants/globex/instances").header("X-API-Key", ACME_ONLY))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:forbidden"));
		create(ACME_ONLY.replace("acme", "x"), "{\"name\":\"x\"}").andExpect(status().isUnauthorized());
		verifyNoInteractions(this.service);
	}

	@Test
	void aBoundKeyMayActForItsTenant() throws Exception {
		given(this.service.list("acme", null, 0, 20)).willReturn(new InstancePage(List.of(view("Z1")), 0, 20, 1, 1));

		this.mvc.perform(get(INSTANCES).header("X-API-Key", ACME_ONLY))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[0].id").value("Z1"))
			.andExpect(jsonPath("$.content[0].token").doesNotExist())
			.andExpect(jsonPath("$.totalElements").value(1));
	}

	@Test
	void listsWithAFilterAndBoundedPaging() throws Exception {
		given(this.service.list("acme", TrialStatus.EXPIRING_SOON, 2, 50))
			.willReturn(new InstancePage(List.of(), 2, 50, 0, 0));

		this.mvc.perform(get(INSTANCES + "?trialStatus=EXPIRING_SOON&page=2&size=50").header("X-API-Key", ALL))
			.andExpect(status().isOk());
		this.mvc.perform(get(INSTANCES + "?size=101").header("X-API-Key", ALL))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		this.mvc.perform(get(INSTANCES + "?page=-1").header("X-API-Key", ALL))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("page"));
		this.mvc.perform(get(INSTANCES + "?trialStatus=SOON").header("X-API-Key", ALL))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("trialStatus"));
	}

	@Test
	void unknownInstanceIsNotFound() throws Exception {
		given(this.service.get("acme", "NOPE")).willThrow(new InstanceNotFoundException("acme", "NOPE"));

		this.mvc.perform(get(INSTANCES + "/NOPE").header("X-API-Key", ALL))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:zapi-gateway:problem:not-found"));
	}

	@Test
	void credentialsAreNotCached() throws Exception {
		given(this.service.credentials("all-tenants", "acme", "Z1")).willReturn(new InstanceCredentials("tok-1"));

		this.mvc.perform(get(INSTANCES + "/Z1/credentials").header("X-API-Key", ALL))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(jsonPath("$.token").value("tok-1"));
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
